/**
 * Matching a bank arrival to a deposit (pure). Every application has its own
 * random deposit sub-account; the money must come from one of the payer
 * accounts the bidder registered (no third-party payments), arrive by the
 * cut-off, and add up to the full deposit. The bidding right comes with the
 * payment that completes the amount, dated by its arrival. Anything else is
 * flagged for review, and money that cannot count is listed for refund.
 */
import { subFen, ZERO_FEN, addFen, type Fen } from "../../shared/money.js";
import type { PaymentOutcome, RefundReason } from "../trading.ports.js";

export interface Arrival {
  bankRef: string;
  subAccount: string;
  payerAccount: string;
  payerName: string;
  amount: Fen;
  arrivedAt: Date;
}

export interface DepositTarget {
  payerAccounts: string[];
  deposit: Fen;
  /** What has counted so far. */
  received: Fen;
  cutoff: Date;
  /** The sale still takes deposits (announced or listing) and the application is live. */
  open: boolean;
}

export interface MatchResult {
  outcome: PaymentOutcome;
  /** Flag for a person to look at. */
  review: boolean;
  /** Total that counts towards the deposit after this payment. */
  received: Fen;
  /** This payment completes the deposit: the bidding right dates from its arrival. */
  completes: boolean;
  refund: { amount: Fen; reason: RefundReason } | null;
}

/** Account numbers compare by their digits (banks print them with spaces or dashes). */
export const normaliseAccount = (s: string): string => s.replace(/[^0-9A-Za-z]/g, "").toUpperCase();

export function matchArrival(a: Arrival, t: DepositTarget | null): MatchResult {
  const all = (outcome: PaymentOutcome, reason: RefundReason, received: Fen): MatchResult => ({
    outcome,
    review: true,
    received,
    completes: false,
    refund: { amount: a.amount, reason },
  });
  if (!t) return all("unknownAccount", "unknownAccount", ZERO_FEN);
  if (!t.open) return all("closed", "closed", t.received);
  const payer = normaliseAccount(a.payerAccount);
  if (!t.payerAccounts.some((p) => normaliseAccount(p) === payer)) return all("payerMismatch", "payerMismatch", t.received);
  if (a.arrivedAt > t.cutoff) return all("late", "late", t.received);
  if (t.received >= t.deposit) return all("excess", "excess", t.received);

  const total = addFen(t.received, a.amount);
  if (total < t.deposit) return { outcome: "partial", review: true, received: total, completes: false, refund: null };
  const excess = subFen(total, t.deposit);
  if (excess > 0n) return { outcome: "excess", review: true, received: t.deposit, completes: true, refund: { amount: excess, reason: "excess" } };
  return { outcome: t.received > 0n ? "completed" : "matched", review: false, received: total, completes: true, refund: null };
}
