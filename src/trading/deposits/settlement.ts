/**
 * Deposits when a sale ends: refunds for every deposit that does not become
 * earnest money, due within 5 working days of the result (paid back to the
 * account the money came from); the winner's deposit becomes earnest money
 * (定金); a disqualified winner's deposit is held for a decision. Partial
 * deposits that never gave a bidding right are refunded too.
 */
import { newId } from "../../shared/ids.js";
import type { Repos } from "../../storage/store.js";
import { beijingDate, type WorkingCalendar } from "../calendar/working-calendar.js";
import type { Effect, SaleResult } from "../engine/types.js";
import type { Application, LockedParcel, RefundReason } from "../trading.ports.js";

export const REFUND_WORKING_DAYS = 5;

function reasonFor(result: SaleResult | null): RefundReason {
  if (!result) return "nonWinner";
  if (result.outcome === "terminated") return "terminated";
  if (result.outcome === "withdrawn") return "withdrawn";
  return "nonWinner";
}

async function refund(r: Repos, p: LockedParcel, a: Application, reason: RefundReason, at: Date, cal: WorkingCalendar): Promise<boolean> {
  if (a.depositReceived <= 0n) return false;
  const [first] = await r.trading.payments.list({ applicationId: a.id, limit: 1 });
  const created = await r.trading.refunds.insert({
    id: newId(),
    parcelId: p.id,
    applicationId: a.id,
    paymentId: null,
    reason,
    amount: a.depositReceived,
    payeeAccount: first?.payerAccount ?? a.payerAccounts[0] ?? "",
    payeeName: first?.payerName ?? a.displayName,
    dueDate: cal.addWorkingDays(beijingDate(at), REFUND_WORKING_DAYS),
    status: "due",
    bankRef: null,
    createdAt: at,
    sentAt: null,
    sentBy: null,
    confirmedAt: null,
  });
  if (created) await r.trading.applications.setDepositStatus(a.id, "refunding", at);
  return created;
}

/** Carries out the deposit effects of one engine transition; returns how many refunds were listed. */
export async function settleDeposits(
  r: Repos,
  p: LockedParcel,
  effects: Effect[],
  result: SaleResult | null,
  at: Date,
  cal: WorkingCalendar,
  reason: RefundReason = reasonFor(result),
): Promise<number> {
  const apps = await r.trading.applications.byParcel(p.id);
  const byNo = new Map(apps.map((a) => [a.bidderNo, a]));
  let n = 0;
  const kept = new Set<string>();
  for (const e of effects) {
    if (e.type === "depositToEarnest") {
      const a = byNo.get(e.bidderNo);
      if (a) await r.trading.applications.setDepositStatus(a.id, "earnest", at);
      kept.add(e.bidderNo);
    }
  }
  for (const e of effects) {
    if (e.type !== "refundDeposits") continue;
    for (const no of e.bidderNos) {
      const a = byNo.get(no);
      if (a && (await refund(r, p, a, reason, at, cal))) n++;
    }
  }
  if (result) {
    // A disqualified winner's deposit is held; partial deposits (no bidding right) go back.
    if (result.reason === "winnerDisqualified" && p.state.highest) {
      const a = byNo.get(p.state.highest.bidderNo);
      if (a) await r.trading.applications.setDepositStatus(a.id, "held", at);
      kept.add(p.state.highest.bidderNo);
    }
    for (const a of apps) {
      if (kept.has(a.bidderNo)) continue;
      if (a.depositStatus === "partial" && (await refund(r, p, a, "partial", at, cal))) n++;
    }
  }
  return n;
}
