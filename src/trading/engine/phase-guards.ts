/** The rejection for an action in a phase that does not take it. */
import { reject } from "./common.js";
import { FINAL_PHASES, type Rejection, type SaleState } from "./types.js";

export function closedPhaseRejection(state: SaleState): Rejection {
  if (state.phase === "suspended") return reject("TRADE_SUSPENDED", state.suspension?.reason ?? "suspended");
  if (FINAL_PHASES.includes(state.phase)) return reject("TRADE_SALE_CLOSED", `the sale is ${state.phase}`);
  return reject("TRADE_PHASE_INVALID", `not allowed in phase ${state.phase}`);
}
