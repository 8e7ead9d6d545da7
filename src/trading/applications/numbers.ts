/**
 * Random numbers handed out with an application: the bidder number (竞买号),
 * the only name a bidder has in the bidding room and on the board, and the
 * deposit sub-account the bidder pays into. Both are random (not sequential),
 * so neither reveals how many applied or in which order; uniqueness is the
 * database's job (unique constraints; the caller retries on a clash).
 */
import { randomInt } from "node:crypto";

/** Sub-accounts of the trading centre's deposit account at the cooperating bank (prefix + 10 random digits). */
export const DEPOSIT_ACCOUNT_PREFIX = "430501";

export function bidderNumber(): string {
  return String(randomInt(1000, 10000));
}

export function depositSubAccount(): string {
  return `${DEPOSIT_ACCOUNT_PREFIX}${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`;
}
