/**
 * The listing period (挂牌期). Bids are accepted while listingStart ≤ t <
 * listingEnd (the end instant itself is too late), outside the optional
 * freeze before the end, from bidders with a bidding right. At the close:
 * no bid → withdrawn; one bidder → the result; several → the
 * continue-intent window.
 */
import { openListing } from "./announce.js";
import { checkAmount } from "./bid-rules.js";
import { depositHolders, done, enter, hasBiddingRight, iso, listingBidders, minNextBid, reject, stale, withBidder, type Handler } from "./common.js";
import type { Effect, HighestBid, SaleEvent, SaleState, Transition } from "./types.js";
import { closedPhaseRejection } from "./phase-guards.js";

export const listingBid: Handler<Extract<SaleEvent, { type: "listingBid" }>> = (state0, e, at) => {
  let state = state0;
  const pre: Effect[] = [];
  if (state.phase === "announced") {
    if (at < state.schedule.listingStart) return reject("TRADE_LISTING_NOT_OPEN", `the listing starts ${iso(state.schedule.listingStart)}`);
    const opened = openListing(state, at)!;
    state = opened.state;
    pre.push(...opened.effects);
  }
  if (state.phase !== "listing") {
    if (state.phase === "draft") return reject("TRADE_LISTING_NOT_OPEN", "not announced yet");
    if (["intent", "timed", "awaitingResult", "awaitingQualification"].includes(state.phase)) {
      return reject("TRADE_DEADLINE_PASSED", `the listing closed ${iso(state.schedule.listingEnd)}`);
    }
    return closedPhaseRejection(state);
  }
  const { listingEnd } = state.schedule;
  if (at >= listingEnd) return reject("TRADE_DEADLINE_PASSED", `received ${iso(at)}, listing end ${iso(listingEnd)}`);
  const freezeFrom = listingEnd.getTime() - state.rules.freezeMinutes * 60_000;
  if (state.rules.freezeMinutes > 0 && at.getTime() >= freezeFrom) {
    return reject("TRADE_LISTING_FROZEN", `bids are frozen from ${iso(new Date(freezeFrom))}`);
  }
  if (!hasBiddingRight(state.bidders[e.bidderNo], state.rules)) return reject("TRADE_NO_BIDDING_RIGHT", `bidder ${e.bidderNo}`);
  const bad = checkAmount(state, e.bidderNo, e.amount);
  if (bad) return bad;
  const bid: HighestBid = { bidId: e.bidId, bidderNo: e.bidderNo, amount: e.amount, at, round: "listing" };
  const next: SaleState = { ...withBidder(state, e.bidderNo, { listingBid: true }), highest: bid, bidCount: state.bidCount + 1 };
  return done(next, [...pre, { type: "bidAccepted", bid, minNext: minNextBid(next) }]);
};

/** Decides what follows the listing once it has ended at `at`. */
function closeListing(state: SaleState, at: Date): Transition {
  const bidders = listingBidders(state);
  const cancelOpen: Effect = { type: "cancel", deadline: "listingOpen" };
  if (!state.highest) {
    const result = { outcome: "withdrawn", reason: "noBid", at, winner: null, reserve: null } as const;
    return enter(state, "withdrawn", { result, deadline: null }, [cancelOpen, { type: "result", result }, { type: "refundDeposits", bidderNos: depositHolders(state) }]);
  }
  if (bidders.length < 2) return enter(state, "awaitingResult", { deadline: null }, [cancelOpen, { type: "needReserve" }]);
  const deadline = new Date(at.getTime() + state.rules.intentWindowMs);
  return enter(state, "intent", { deadline }, [cancelOpen, { type: "schedule", deadline: "intentWindowLapse", dueAt: deadline }]);
}

export const listingClose: Handler<Extract<SaleEvent, { type: "listingClose" }>> = (state0, _e, at) => {
  let state = state0;
  if (at < state.schedule.listingEnd) return stale(state, "listingClose");
  if (state.phase === "announced") state = { ...state, phase: "listing" }; // the listing passed unopened (no bids, scheduler lag)
  if (state.phase !== "listing") return stale(state0, "listingClose");
  const out = closeListing(state, at);
  // Report the transition from the phase we really were in.
  if (state0.phase !== state.phase && out.effects[0]?.type === "phaseChanged") out.effects[0] = { type: "phaseChanged", from: state0.phase, to: out.state.phase };
  return out;
};
