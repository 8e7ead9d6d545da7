/**
 * A sale driven through the pure engine on a fake timeline, for engine tests:
 * every call applies one event at the current instant and keeps the effects.
 */
import { expect } from "vitest";
import { fen, type Fen } from "../../src/shared/money.js";
import { beijingTime, WorkingCalendar } from "../../src/trading/calendar/working-calendar.js";
import { apply, newSale, type EngineContext } from "../../src/trading/engine/engine.js";
import type { RulesInput } from "../../src/trading/engine/rules.js";
import type { Effect, EngineCode, Outcome, SaleEvent, SaleState } from "../../src/trading/engine/types.js";

export const T = {
  announce: beijingTime("2026-02-09", "09:00"), // Monday
  start: beijingTime("2026-03-02", "09:00"), // Monday, 21 days later
  cutoff: beijingTime("2026-03-11", "17:00"),
  end: beijingTime("2026-03-13", "15:00"), // Friday of the next week: 10 working days
};

export const wan = (n: number): Fen => fen(BigInt(n) * 1_000_000n); // 万元 → fen

export const DEFAULT_RULES: RulesInput = { startPrice: wan(1000), increment: wan(10), deposit: wan(200) };

export class SaleDriver {
  state: SaleState;
  effects: Effect[] = [];
  now: Date;
  readonly ctx: EngineContext;

  constructor(rules: Partial<RulesInput> = {}, calendar = new WorkingCalendar()) {
    this.state = newSale({ ...DEFAULT_RULES, ...rules }, { listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff });
    this.now = T.announce;
    this.ctx = { calendar };
  }

  at(t: Date | number): this {
    this.now = typeof t === "number" ? new Date(t) : t;
    return this;
  }

  plus(ms: number): this {
    this.now = new Date(this.now.getTime() + ms);
    return this;
  }

  try(e: SaleEvent): Outcome {
    const out = apply(this.state, e, this.now, this.ctx);
    if (out.ok) {
      this.state = out.state;
      this.effects = out.effects;
    }
    return out;
  }

  /** Applies and expects success; returns the effects. */
  ok(e: SaleEvent): Effect[] {
    const out = this.try(e);
    if (!out.ok) throw new Error(`${e.type} rejected: ${out.code} ${out.detail}`);
    return out.effects;
  }

  /** Applies and expects the given rejection; state must not change. */
  rejects(e: SaleEvent, code: EngineCode): void {
    const before = this.state;
    const out = this.try(e);
    expect(out.ok ? "accepted" : out.code, `${e.type}`).toBe(code);
    expect(this.state).toBe(before);
  }

  /** Announced, deposits confirmed and qualified for the given bidders. */
  ready(bidders: string[] = ["A", "B", "C"]): this {
    this.at(T.announce).ok({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff });
    this.at(new Date(T.announce.getTime() + 86_400_000));
    for (const b of bidders) {
      this.ok({ type: "depositConfirmed", bidderNo: b, arrivedAt: this.now });
      if (this.state.rules.qualificationMode === "before") this.ok({ type: "qualify", bidderNo: b, approved: true });
    }
    return this;
  }

  private n = 0;
  bid(bidderNo: string, amount: Fen): Effect[] {
    const type = this.state.phase === "timed" ? "timedBid" : "listingBid";
    return this.ok({ type, bidId: `b${++this.n}`, bidderNo, amount });
  }

  bidRejected(bidderNo: string, amount: Fen, code: EngineCode): void {
    const type = this.state.phase === "timed" ? "timedBid" : "listingBid";
    this.rejects({ type, bidId: `x${++this.n}`, bidderNo, amount }, code);
  }
}

export const effectTypes = (effects: Effect[]) => effects.map((e) => e.type);
