/**
 * The trading centre's working-day calendar as trading administrators keep
 * it: public holidays and make-up working days. Changes apply to schedules
 * checked from then on (an announcement already published keeps its dates).
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import type { CalendarDay } from "../trading.ports.js";
import { isIsoDate } from "./working-calendar.js";

export class CalendarService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(): Promise<CalendarDay[]> {
    return this.store.read.trading.calendar.list();
  }

  async put(d: CalendarDay, actor: string): Promise<CalendarDay> {
    if (!isIsoDate(d.day)) throw new AppError("TRADE_HOLIDAY_INVALID", { detail: d.day });
    await this.store.tx(async (r) => {
      await r.trading.calendar.put(d, actor, this.clock.now());
      await this.audit.record(r.audit, { actor, action: "trading.calendar.put", subject: `calendar:${d.day}`, payload: { ...d } });
    });
    return d;
  }

  async remove(day: string, actor: string): Promise<boolean> {
    if (!isIsoDate(day)) throw new AppError("TRADE_HOLIDAY_INVALID", { detail: day });
    return this.store.tx(async (r) => {
      const removed = await r.trading.calendar.remove(day);
      if (removed) await this.audit.record(r.audit, { actor, action: "trading.calendar.remove", subject: `calendar:${day}`, payload: { day } });
      return removed;
    });
  }
}
