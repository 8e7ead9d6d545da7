/**
 * Timed bidding (限时竞价). After the listing closes, every bidder with a
 * valid listing bid may say, within the intent window, whether they
 * continue. The window closes at its deadline or as soon as every eligible
 * bidder has answered. If anyone continues, timed bidding starts: the next
 * bid must be the highest + k × increment (k ≥ 1), only bidders who chose
 * to continue may bid (never against their own highest bid), and every
 * accepted bid restarts the countdown in full. A bid at the countdown's end
 * instant is too late; a lapse event that arrives while the countdown has
 * been restarted by a later bid is stale and changes nothing.
 */
import { checkAmount } from "./bid-rules.js";
import { bidder, done, enter, iso, listingBidders, minNextBid, reject, stale, withBidder, type Handler } from "./common.js";
import { closedPhaseRejection } from "./phase-guards.js";
import type { Effect, HighestBid, SaleEvent, SaleState, Transition } from "./types.js";

export const continuingBidders = (state: SaleState): string[] => listingBidders(state).filter((no) => state.bidders[no]?.intent === true);

/** Ends the intent window at `at`: timed bidding if anyone continues, else the result. */
function closeIntent(state: SaleState, at: Date, early: boolean): Transition {
  const cancel: Effect[] = early ? [{ type: "cancel", deadline: "intentWindowLapse" }] : [];
  if (continuingBidders(state).length === 0) return enter(state, "awaitingResult", { deadline: null }, [...cancel, { type: "needReserve" }]);
  const deadline = new Date(at.getTime() + state.rules.countdownMs);
  return enter(state, "timed", { deadline }, [...cancel, { type: "schedule", deadline: "countdownLapse", dueAt: deadline }]);
}

export const continueIntent: Handler<Extract<SaleEvent, { type: "continueIntent" }>> = (state, e, at) => {
  if (state.phase !== "intent") {
    if (state.phase === "timed" || state.phase === "awaitingResult") return reject("TRADE_DEADLINE_PASSED", "the intent window has closed");
    return closedPhaseRejection(state);
  }
  if (at >= state.deadline!) return reject("TRADE_DEADLINE_PASSED", `received ${iso(at)}, window closed ${iso(state.deadline!)}`);
  if (!bidder(state, e.bidderNo).listingBid) return reject("TRADE_INTENT_NOT_ELIGIBLE", `bidder ${e.bidderNo}`);
  const next = withBidder(state, e.bidderNo, { intent: e.continue });
  const everyoneAnswered = listingBidders(next).every((no) => next.bidders[no]?.intent !== undefined);
  return everyoneAnswered ? closeIntent(next, at, true) : done(next);
};

export const intentWindowLapse: Handler<Extract<SaleEvent, { type: "intentWindowLapse" }>> = (state, _e, at) => {
  if (state.phase !== "intent" || at < state.deadline!) return stale(state, "intentWindowLapse");
  return closeIntent(state, at, false);
};

export const timedBid: Handler<Extract<SaleEvent, { type: "timedBid" }>> = (state, e, at) => {
  if (state.phase !== "timed") {
    if (state.phase === "intent") return reject("TRADE_PHASE_INVALID", "timed bidding has not started; the intent window is open");
    if (state.phase === "listing" || state.phase === "announced") return reject("TRADE_PHASE_INVALID", "timed bidding follows the listing");
    if (state.phase === "awaitingResult" || state.phase === "awaitingQualification") return reject("TRADE_DEADLINE_PASSED", "the countdown has lapsed");
    return closedPhaseRejection(state);
  }
  if (at >= state.deadline!) return reject("TRADE_DEADLINE_PASSED", `received ${iso(at)}, countdown ended ${iso(state.deadline!)}`);
  const b = bidder(state, e.bidderNo);
  if (!b.listingBid) return reject("TRADE_INTENT_NOT_ELIGIBLE", `bidder ${e.bidderNo}`);
  if (b.intent !== true) return reject("TRADE_NOT_IN_TIMED_BIDDING", `bidder ${e.bidderNo}`);
  const bad = checkAmount(state, e.bidderNo, e.amount);
  if (bad) return bad;
  const bid: HighestBid = { bidId: e.bidId, bidderNo: e.bidderNo, amount: e.amount, at, round: "timed" };
  const deadline = new Date(at.getTime() + state.rules.countdownMs);
  const next: SaleState = { ...state, highest: bid, bidCount: state.bidCount + 1, deadline };
  return done(next, [
    { type: "bidAccepted", bid, minNext: minNextBid(next) },
    { type: "schedule", deadline: "countdownLapse", dueAt: deadline },
  ]);
};

export const countdownLapse: Handler<Extract<SaleEvent, { type: "countdownLapse" }>> = (state, _e, at) => {
  if (state.phase !== "timed" || at < state.deadline!) return stale(state, "countdownLapse");
  return enter(state, "awaitingResult", { deadline: null }, [{ type: "needReserve" }]);
};
