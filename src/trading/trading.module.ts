/**
 * Trading's services, built once by app/container.ts and handed to HTTP and
 * the CLI as `deps.trading`.
 */
import path from "node:path";
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import type { Store } from "../storage/store.js";
import { ApplicationService } from "./applications/application.service.js";
import { CalendarService } from "./calendar/calendar.service.js";
import { DepositService } from "./deposits/deposit.service.js";
import { InProcessBoardBus, type BoardBus } from "./live/board-bus.js";
import { LiveBoardService } from "./live/live-board.service.js";
import { ParcelService } from "./parcels/parcel.service.js";
import { FileDataKeyRing, type DataKeyRing } from "./reserve/data-key-ring.js";
import { ReserveService } from "./reserve/reserve.service.js";
import type { Scheduler } from "../ops/scheduler/scheduler.js";
import { deadlineJobs, registerDeadlineHandler } from "./sale/deadlines.js";
import { SaleRunner } from "./sale/sale-runner.js";

export interface TradingModule {
  parcels: ParcelService;
  applications: ApplicationService;
  reserve: ReserveService;
  deposits: DepositService;
  calendar: CalendarService;
  runner: SaleRunner;
  bus: BoardBus;
  board: LiveBoardService;
  /** HMAC secret of the bank callback; undefined = callback disabled. */
  bankCallbackSecret: string | undefined;
}

export interface TradingOptions {
  store: Store;
  audit: AuditService;
  clock: Clock;
  scheduler: Scheduler;
  dataDir: string;
  bankCallbackSecret?: string | undefined;
  bus?: BoardBus;
  keys?: DataKeyRing;
}

/** The services without registering the deadline handler (the demo seed builds a second set on its own clock). */
export function buildTrading(o: TradingOptions): TradingModule {
  const bus = o.bus ?? new InProcessBoardBus();
  // Opened lazily: a deployment that never seals a reserve needs no key directory.
  let keys: DataKeyRing | undefined = o.keys;
  const keyRing = () => (keys ??= new FileDataKeyRing(path.resolve(o.dataDir, "keys", "data")));
  const reserve = new ReserveService(o.store, o.audit, o.clock, keyRing);
  const runner = new SaleRunner(o.store, o.clock, o.audit, reserve, bus, deadlineJobs(o.scheduler));
  return {
    parcels: new ParcelService(o.store, runner, o.audit, o.clock),
    applications: new ApplicationService(o.store, runner, o.audit, o.clock),
    reserve,
    deposits: new DepositService(runner, o.audit, o.clock),
    calendar: new CalendarService(o.store, o.audit, o.clock),
    runner,
    bus,
    board: new LiveBoardService(o.store, o.clock),
    bankCallbackSecret: o.bankCallbackSecret,
  };
}

export function createTrading(o: TradingOptions): TradingModule {
  const t = buildTrading(o);
  registerDeadlineHandler(o.scheduler, t.runner);
  return t;
}
