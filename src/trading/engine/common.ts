/** Small helpers shared by the engine's handlers. */
import { addFen, type Fen } from "../../shared/money.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import type { BidderState, DeadlineKind, Effect, EngineCode, Phase, Rejection, SaleEvent, SaleRules, SaleState, Transition } from "./types.js";

export interface EngineContext {
  calendar: WorkingCalendar;
}

export type Handler<E extends SaleEvent = SaleEvent> = (state: SaleState, event: E, at: Date, ctx: EngineContext) => Transition | Rejection;

export const reject = (code: EngineCode, detail: string): Rejection => ({ ok: false, code, detail });

export const done = (state: SaleState, effects: Effect[] = []): Transition => ({ ok: true, state, effects });

/** Moves to a new phase, noting the change as an effect. */
export function enter(state: SaleState, to: Phase, patch: Partial<SaleState>, effects: Effect[]): Transition {
  const from = state.phase;
  const next: SaleState = { ...state, ...patch, phase: to };
  return done(next, from === to ? effects : [{ type: "phaseChanged", from, to }, ...effects]);
}

/** A deadline job fired after the state moved on: harmless, nothing changes. */
export const stale = (state: SaleState, deadline: DeadlineKind): Transition => done(state, [{ type: "stale", deadline }]);

export const iso = (d: Date): string => d.toISOString();

export function hasBiddingRight(b: BidderState | undefined, rules: SaleRules): boolean {
  if (!b || b.depositArrivedAt === null) return false;
  return rules.qualificationMode === "after" || b.qualified === true;
}

/** The least amount the next bid may be. */
export function minNextBid(state: SaleState): Fen {
  return state.highest ? addFen(state.highest.amount, state.rules.increment) : state.rules.startPrice;
}

/** Bidder numbers whose full deposit arrived in time (their deposits are refunded or kept at the end). */
export function depositHolders(state: SaleState): string[] {
  return Object.entries(state.bidders)
    .filter(([, b]) => b.depositArrivedAt !== null)
    .map(([no]) => no)
    .sort();
}

export const listingBidders = (state: SaleState): string[] =>
  Object.entries(state.bidders)
    .filter(([, b]) => b.listingBid)
    .map(([no]) => no)
    .sort();

export const ALL_DEADLINES: DeadlineKind[] = ["listingOpen", "listingClose", "intentWindowLapse", "countdownLapse"];

export const cancelAll = (): Effect[] => ALL_DEADLINES.map((deadline) => ({ type: "cancel", deadline }) as const);

export function bidder(state: SaleState, no: string): BidderState {
  return state.bidders[no] ?? { qualified: null, depositArrivedAt: null, listingBid: false };
}

export function withBidder(state: SaleState, no: string, patch: Partial<BidderState>): SaleState {
  return { ...state, bidders: { ...state.bidders, [no]: { ...bidder(state, no), ...patch } } };
}
