/**
 * Bidding rights: a bidder may bid once the full deposit arrived by the
 * cut-off and — with qualification before the sale (资格前审) — the
 * qualification was approved. With qualification after the sale (资格后审)
 * only the winner is examined, once bidding is over (results.ts).
 */
import { bidder, done, iso, reject, withBidder, type Handler } from "./common.js";
import type { SaleEvent } from "./types.js";
import { qualifyWinner } from "./results.js";

export const qualify: Handler<Extract<SaleEvent, { type: "qualify" }>> = (state, e, at, ctx) => {
  if (state.phase === "awaitingQualification") return qualifyWinner(state, e, at, ctx);
  if (state.rules.qualificationMode === "after") {
    return reject("TRADE_PHASE_INVALID", "this parcel qualifies the winner after the sale (资格后审)");
  }
  if (state.phase !== "announced" && state.phase !== "listing") return reject("TRADE_PHASE_INVALID", `no qualification in phase ${state.phase}`);
  if (bidder(state, e.bidderNo).qualified !== null) return reject("TRADE_QUALIFICATION_DECIDED", `bidder ${e.bidderNo}`);
  return done(withBidder(state, e.bidderNo, { qualified: e.approved }));
};

export const depositConfirmed: Handler<Extract<SaleEvent, { type: "depositConfirmed" }>> = (state, e, at) => {
  if (state.phase !== "announced" && state.phase !== "listing") return reject("TRADE_PHASE_INVALID", `no deposit confirmation in phase ${state.phase}`);
  if (e.arrivedAt > at) return reject("TRADE_EVENT_OUT_OF_ORDER", `arrival ${iso(e.arrivedAt)} is later than now ${iso(at)}`);
  if (e.arrivedAt > state.schedule.depositCutoff) {
    return reject("TRADE_DEPOSIT_LATE", `arrived ${iso(e.arrivedAt)}, cut-off ${iso(state.schedule.depositCutoff)}`);
  }
  const prev = bidder(state, e.bidderNo).depositArrivedAt;
  if (prev !== null && prev <= e.arrivedAt) return done(state); // already confirmed: idempotent
  return done(withBidder(state, e.bidderNo, { depositArrivedAt: e.arrivedAt }));
};
