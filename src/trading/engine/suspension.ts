/**
 * Suspend / resume / terminate (暂停 / 恢复 / 终止), e.g. on a system failure,
 * each published with a notice by the service.
 *
 * Resume continues from the last valid highest bid (bids are never undone):
 * - before or during the listing the end moves later by the length of the
 *   pause (or to the end given in the resumption notice), and a deposit
 *   cut-off not yet passed when the sale was suspended moves with it;
 * - in the intent window the window restarts in full;
 * - in timed bidding the countdown restarts in full.
 * Termination ends the sale for good; every deposit is refunded.
 */
import { cancelAll, depositHolders, enter, iso, reject, type Handler } from "./common.js";
import type { Effect, SaleEvent, SaleResult, SaleSchedule } from "./types.js";
import { FINAL_PHASES } from "./types.js";

const SUSPENDABLE = ["announced", "listing", "intent", "timed"] as const;

export const suspend: Handler<Extract<SaleEvent, { type: "suspend" }>> = (state, e, at) => {
  if (!(SUSPENDABLE as readonly string[]).includes(state.phase)) return reject("TRADE_PHASE_INVALID", `cannot suspend in phase ${state.phase}`);
  return enter(state, "suspended", { suspension: { at, reason: e.reason, from: state.phase } }, cancelAll());
};

export const resume: Handler<Extract<SaleEvent, { type: "resume" }>> = (state, e, at) => {
  if (state.phase !== "suspended" || !state.suspension) return reject("TRADE_PHASE_INVALID", `not suspended (phase ${state.phase})`);
  const { from, at: since } = state.suspension;
  const pause = at.getTime() - since.getTime();
  if (from === "intent" || from === "timed") {
    if (e.listingEnd) return reject("TRADE_SCHEDULE_INVALID", "the listing has closed; only the window or countdown restarts");
    const ms = from === "intent" ? state.rules.intentWindowMs : state.rules.countdownMs;
    const deadline = new Date(at.getTime() + ms);
    const kind = from === "intent" ? "intentWindowLapse" : "countdownLapse";
    return enter(state, from, { suspension: null, deadline }, [{ type: "schedule", deadline: kind, dueAt: deadline }]);
  }
  const s = state.schedule;
  const listingEnd = e.listingEnd ?? new Date(s.listingEnd.getTime() + pause);
  if (listingEnd <= at) return reject("TRADE_SCHEDULE_INVALID", `the listing end ${iso(listingEnd)} must be after the resumption ${iso(at)}`);
  const cutoffMoves = s.depositCutoff > since;
  const depositCutoff = cutoffMoves ? new Date(Math.min(listingEnd.getTime(), s.depositCutoff.getTime() + pause)) : s.depositCutoff;
  const schedule: SaleSchedule = { ...s, listingEnd, depositCutoff };
  const phase = at >= s.listingStart ? "listing" : "announced";
  const effects: Effect[] = [{ type: "scheduleChanged", schedule, postponed: false }, { type: "schedule", deadline: "listingClose", dueAt: listingEnd }];
  if (phase === "announced") effects.push({ type: "schedule", deadline: "listingOpen", dueAt: s.listingStart });
  return enter(state, phase, { suspension: null, schedule }, effects);
};

export const terminate: Handler<Extract<SaleEvent, { type: "terminate" }>> = (state, e, at) => {
  if (FINAL_PHASES.includes(state.phase)) return reject("TRADE_SALE_CLOSED", `the sale is already ${state.phase}`);
  const result: SaleResult = { outcome: "terminated", reason: "terminated", at, winner: null, reserve: null, detail: e.reason };
  return enter(state, "terminated", { result, deadline: null, suspension: null }, [
    ...cancelAll(),
    { type: "result", result },
    { type: "refundDeposits", bidderNos: depositHolders(state) },
  ]);
};
