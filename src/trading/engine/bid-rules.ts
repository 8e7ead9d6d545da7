/**
 * The amount rule shared by both rounds: the first bid is at least the start
 * price; every later bid is the current highest plus a whole number k ≥ 1 of
 * increments. An equal amount loses to the earlier receipt (TRADE_BID_TIED).
 */
import type { Fen } from "../../shared/money.js";
import { reject } from "./common.js";
import type { Rejection, SaleState } from "./types.js";

export function checkAmount(state: SaleState, bidderNo: string, amount: Fen): Rejection | null {
  const { startPrice, increment } = state.rules;
  const h = state.highest;
  if (h && h.bidderNo === bidderNo) return reject("TRADE_ALREADY_HIGHEST", `bidder ${bidderNo} holds ${h.amount}`);
  if (!h) {
    if (amount < startPrice) return reject("TRADE_BID_BELOW_START", `${amount} < start price ${startPrice}`);
    return null;
  }
  if (amount === h.amount) return reject("TRADE_BID_TIED", `${amount} equals the highest bid received earlier`);
  if (amount < h.amount + increment) return reject("TRADE_BID_TOO_LOW", `${amount} < ${h.amount} + ${increment}`);
  if ((amount - h.amount) % increment !== 0n) return reject("TRADE_BID_BAD_INCREMENT", `${amount} − ${h.amount} is not a multiple of ${increment}`);
  return null;
}
