/**
 * Runs the pure engine against stored sales. Every change to a sale goes
 * through apply(), inside a transaction, under the parcel's row lock (SELECT
 * … FOR UPDATE), so events on one parcel are strictly serialised across
 * connections and nodes. In the same transaction it stores the new state and
 * the event, carries out the effects (reveals the reserve when bidding is
 * over, lists refunds, publishes the result notice, numbers live-board
 * messages) and writes the audit entry. Board messages go to the bus only
 * after the transaction commits.
 *
 * Deadlines: the engine's schedule effects become scheduler jobs in the same
 * transaction (deadlines.ts); a deadline event that comes late or twice is a
 * no-op in the engine. The next due instant is also kept on the parcel
 * (next_due_at) for lists and monitoring.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import type { Repos, Store } from "../../storage/store.js";
import { WorkingCalendar } from "../calendar/working-calendar.js";
import { encodeEvent } from "../engine/codec.js";
import { apply } from "../engine/engine.js";
import type { Effect, SaleEvent, SaleResult, SaleState } from "../engine/types.js";
import { nextDeadline } from "../engine/view.js";
import { settleDeposits } from "../deposits/settlement.js";
import type { BoardBus } from "../live/board-bus.js";
import { bidJson, viewOf, type BoardKind, type BoardMessage } from "../live/board-message.js";
import { resultBody, writeNotice } from "../parcels/notice-writer.js";
import type { ReserveService } from "../reserve/reserve.service.js";
import type { LockedParcel } from "../trading.ports.js";
import type { DeadlineScheduler } from "./deadlines.js";

export async function loadCalendar(r: Repos): Promise<WorkingCalendar> {
  const days = await r.trading.calendar.list();
  return new WorkingCalendar({ holidays: days.filter((d) => d.kind === "holiday").map((d) => d.day), workdays: days.filter((d) => d.kind === "workday").map((d) => d.day) });
}

export interface Applied {
  state: SaleState;
  effects: Effect[];
  result: SaleResult | null;
}

/** Board messages produced inside a transaction, published once it commits. */
export class Outbox {
  readonly board: BoardMessage[] = [];
}

/** When an event happens: now, but never back in time — a node whose clock lags a little cannot reorder the sale. */
export function eventTime(lastEventAt: Date | null | undefined, now: Date): Date {
  return lastEventAt && lastEventAt > now ? lastEventAt : now;
}

export class SaleRunner {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly reserve: ReserveService,
    private readonly bus: BoardBus,
    private readonly deadlines: DeadlineScheduler,
  ) {}

  /** Runs fn in a transaction; board messages it produced are published after the commit. */
  async run<T>(fn: (r: Repos, outbox: Outbox) => Promise<T>): Promise<T> {
    const outbox = new Outbox();
    const out = await this.store.tx((r) => fn(r, outbox));
    this.bus.publish(outbox.board);
    return out;
  }

  /**
   * Applies one event to a parcel's sale inside the caller's transaction; a rejection throws its TRADE_ code.
   * `auditAs` replaces the event in the audit entry: events that tie a bidder number to an application
   * (qualification, deposit) are audited by application, so the audit log never links an identity to
   * the bids before the sale ends.
   */
  async apply(r: Repos, outbox: Outbox, parcelId: string, event: SaleEvent, actor: string, auditAs?: Record<string, unknown>, opts: { at?: Date } = {}): Promise<Applied> {
    const p = await r.trading.parcels.lock(parcelId);
    if (!p) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
    const cal = await loadCalendar(r);
    const effects: Effect[] = [];
    let result: SaleResult | null = null;
    let ev: SaleEvent | null = event;
    // One event may lead to another in the same transaction (bidding over → reveal the reserve).
    let audited: Record<string, unknown> | undefined = auditAs;
    while (ev) {
      const applied = await this.step(r, outbox, p, ev, actor, cal, audited, opts.at);
      audited = undefined;
      effects.push(...applied.effects);
      result = applied.result ?? result;
      ev = null;
      if (applied.effects.some((e) => e.type === "needReserve")) {
        const reserve = await this.reserve.revealInTx(r, p, p.state.lastEventAt!, "system:result");
        ev = { type: "revealReserve", reserve };
        actor = "system:result";
      }
    }
    return { state: p.state, effects, result };
  }

  private async step(
    r: Repos,
    outbox: Outbox,
    p: LockedParcel,
    event: SaleEvent,
    actor: string,
    cal: WorkingCalendar,
    auditAs: Record<string, unknown> | undefined,
    fixedAt: Date | undefined,
  ): Promise<{ effects: Effect[]; result: SaleResult | null }> {
    const at = fixedAt ?? eventTime(p.state.lastEventAt, this.clock.now());
    const out = apply(p.state, event, at, { calendar: cal });
    if (!out.ok) throw new AppError(out.code, { detail: out.detail });
    const stale = out.effects.length > 0 && out.effects.every((e) => e.type === "stale");
    if (stale) return { effects: out.effects, result: null };

    const before = p.state;
    p.state = out.state;
    p.eventSeq += 1;
    await r.trading.parcels.appendEvent({ parcelId: p.id, seq: p.eventSeq, at, actor, event, phaseAfter: p.state.phase });

    const result = out.effects.find((e): e is Extract<Effect, { type: "result" }> => e.type === "result")?.result ?? null;
    const refunds = await settleDeposits(r, p, out.effects, result, at, cal);
    // A termination has its own notice (published by whoever terminates); other results get one here.
    if (result && result.outcome !== "terminated") await writeNotice(r, p, "result", resultBody(p, result), at, "system:result");

    for (const m of boardKinds(out.effects)) {
      p.boardSeq += 1;
      const msg: BoardMessage = { parcelId: p.id, seq: p.boardSeq, at: at.toISOString(), kind: m.kind, bid: m.bid, view: viewOf(p.state, at) };
      await r.trading.board.append(p.id, msg.seq, at, msg);
      outbox.board.push(msg);
    }
    await this.deadlines.schedule(r, p.id, out.effects);
    await r.trading.parcels.saveSale(p.id, { state: p.state, nextDueAt: nextDeadline(p.state)?.at ?? null, eventSeq: p.eventSeq, boardSeq: p.boardSeq, at });
    await this.audit.record(r.audit, {
      actor,
      action: `trading.sale.${event.type}`,
      subject: `parcel:${p.parcelNo}`,
      payload: { event: auditAs ?? encodeEvent(event), phase: [before.phase, p.state.phase], eventSeq: p.eventSeq, ...(refunds ? { refundsListed: refunds } : {}) },
    });
    return { effects: out.effects, result };
  }
}

function boardKinds(effects: Effect[]): { kind: BoardKind; bid: BoardMessage["bid"] }[] {
  const out: { kind: BoardKind; bid: BoardMessage["bid"] }[] = [];
  for (const e of effects) {
    if (e.type === "bidAccepted") out.push({ kind: "bid", bid: bidJson(e.bid) });
    else if (e.type === "result") out.push({ kind: "result", bid: null });
    else if (e.type === "scheduleChanged") out.push({ kind: "schedule", bid: null });
  }
  // A phase change alone (listing opens, timed bidding starts) still tells watchers.
  if (out.length === 0 && effects.some((e) => e.type === "phaseChanged")) out.push({ kind: "phase", bid: null });
  return out;
}
