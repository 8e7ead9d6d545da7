/**
 * Results. When bidding is over the service reveals the sealed reserve (it is
 * never in the engine's state before) and the highest bid wins if it reaches
 * it; with no reserve the start price is the floor (every bid reaches it).
 * Below the reserve the parcel is withdrawn (流拍). With qualification after
 * the sale the winner's qualification decides between sold and withdrawn.
 * Non-winners' deposits are refunded; the winner's becomes earnest money. A
 * disqualified winner's deposit is neither: it is left for a decision.
 */
import type { Fen } from "../../shared/money.js";
import { depositHolders, enter, listingBidders, reject, type Handler } from "./common.js";
import { closedPhaseRejection } from "./phase-guards.js";
import type { Effect, SaleEvent, SaleResult, SaleState, Transition } from "./types.js";

function sold(state: SaleState, at: Date, reserve: Fen | null): Transition {
  const winner = state.highest!;
  const reason = listingBidders(state).length === 1 ? "singleBidderReachedReserve" : "highestReachedReserve";
  const result: SaleResult = { outcome: "sold", reason, at, winner, reserve };
  const others = depositHolders(state).filter((no) => no !== winner.bidderNo);
  const effects: Effect[] = [{ type: "result", result }, { type: "depositToEarnest", bidderNo: winner.bidderNo }, { type: "refundDeposits", bidderNos: others }];
  return enter(state, "sold", { result }, effects);
}

function withdrawn(state: SaleState, at: Date, reason: SaleResult["reason"], reserve: Fen | null, keep: string[] = []): Transition {
  const result: SaleResult = { outcome: "withdrawn", reason, at, winner: null, reserve };
  const refunds = depositHolders(state).filter((no) => !keep.includes(no));
  return enter(state, "withdrawn", { result }, [{ type: "result", result }, { type: "refundDeposits", bidderNos: refunds }]);
}

export const revealReserve: Handler<Extract<SaleEvent, { type: "revealReserve" }>> = (state, e, at) => {
  if (state.phase !== "awaitingResult") return state.phase === "suspended" ? closedPhaseRejection(state) : reject("TRADE_PHASE_INVALID", `the reserve is revealed when bidding is over (now ${state.phase})`);
  const revealed = { revealedReserve: { value: e.reserve } };
  const s = { ...state, ...revealed };
  if (!s.highest) return withdrawn(s, at, "noBid", e.reserve);
  if (e.reserve !== null && s.highest.amount < e.reserve) return withdrawn(s, at, "belowReserve", e.reserve);
  if (s.rules.qualificationMode === "after") return enter(s, "awaitingQualification", {}, []);
  return sold(s, at, e.reserve);
};

/** 资格后审: the winner's qualification, once bidding is over. */
export const qualifyWinner: Handler<Extract<SaleEvent, { type: "qualify" }>> = (state, e, at) => {
  const winner = state.highest!;
  if (e.bidderNo !== winner.bidderNo) return reject("TRADE_PHASE_INVALID", `only the winning bidder ${winner.bidderNo} is qualified after the sale`);
  const reserve = state.revealedReserve?.value ?? null;
  if (e.approved) return sold(state, at, reserve);
  return withdrawn(state, at, "winnerDisqualified", reserve, [winner.bidderNo]);
};
