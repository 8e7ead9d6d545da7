/**
 * Deposits: arrival notices from the bank (signed callback, verified by the
 * route before this is called) and statement imports go through the same
 * matching; every payment is recorded once (bank reference), flagged for
 * review when it cannot simply count, and money that cannot count is listed
 * for refund at once. A payment that completes a deposit by the cut-off gives
 * the bidding right through the sale engine (depositConfirmed), in the same
 * transaction, under the parcel's lock.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { fenText } from "../../shared/money.js";
import type { Repos } from "../../storage/store.js";
import { beijingDate } from "../calendar/working-calendar.js";
import type { Payment, Refund } from "../trading.ports.js";
import { loadCalendar, type Outbox, type SaleRunner } from "../sale/sale-runner.js";
import { matchArrival, type Arrival, type DepositTarget } from "./matching.js";
import { parseStatement } from "./statement-csv.js";
import { REFUND_WORKING_DAYS } from "./settlement.js";

/** How far ahead of our clock a bank's arrival time may be (the two clocks are not synchronised). */
export const ARRIVAL_SKEW_MS = 5 * 60_000;

export interface Receipt {
  payment: Payment;
  duplicate: boolean;
}

export class DepositService {
  constructor(
    private readonly runner: SaleRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** One arrival, inside the caller's transaction. */
  private async receiveIn(r: Repos, outbox: Outbox, a: Arrival, source: Payment["source"], raw: unknown, actor: string): Promise<Receipt> {
    const known = await r.trading.payments.byBankRef(a.bankRef);
    if (known) return { payment: known, duplicate: true };
    const now = this.clock.now();
    // The bank's clock may run a little ahead of ours; an arrival far in the future is an error in the data.
    if (a.arrivedAt.getTime() > now.getTime() + ARRIVAL_SKEW_MS) {
      throw new AppError("VALIDATION_FAILED", { detail: `arrival time ${a.arrivedAt.toISOString()} (${a.bankRef}) is in the future`, extra: { errors: [{ path: "arrivedAt", message: "in the future" }] } });
    }
    const arrivedAt = a.arrivedAt > now ? now : a.arrivedAt;
    const app = await r.trading.applications.byDepositAccount(a.subAccount);
    const parcel = app ? await r.trading.parcels.lock(app.parcelId) : undefined;
    let target: DepositTarget | null = null;
    if (app && parcel) {
      const live = app.status === "submitted" || app.status === "qualified";
      target = { payerAccounts: app.payerAccounts, deposit: parcel.deposit, received: app.depositReceived, cutoff: parcel.state.schedule.depositCutoff, open: live && ["announced", "listing"].includes(parcel.state.phase) };
    }
    const m = matchArrival(a, target);
    const payment: Payment = {
      id: newId(),
      source,
      bankRef: a.bankRef,
      subAccount: a.subAccount,
      payerAccount: a.payerAccount,
      payerName: a.payerName,
      amount: a.amount,
      arrivedAt: a.arrivedAt,
      applicationId: app?.id ?? null,
      parcelId: parcel?.id ?? null,
      outcome: m.outcome,
      review: m.review ? "open" : "none",
      reviewNote: null,
      reviewedBy: null,
      reviewedAt: null,
      raw,
      createdAt: now,
    };
    if (!(await r.trading.payments.insert(payment))) return { payment: (await r.trading.payments.byBankRef(a.bankRef))!, duplicate: true };
    if (app && m.received !== app.depositReceived) {
      await r.trading.applications.setDeposit(app.id, { status: m.completes ? "confirmed" : "partial", received: m.received, arrivedAt: m.completes ? a.arrivedAt : null }, now);
    }
    if (app && m.completes) {
      const event = { type: "depositConfirmed", bidderNo: app.bidderNo, arrivedAt } as const;
      await this.runner.apply(r, outbox, app.parcelId, event, actor, { type: event.type, applicationId: app.id, arrivedAt: arrivedAt.toISOString() });
    }
    if (m.refund) {
      const cal = await loadCalendar(r);
      await r.trading.refunds.insert({
        id: newId(),
        parcelId: parcel?.id ?? null,
        applicationId: null,
        paymentId: payment.id,
        reason: m.refund.reason,
        amount: m.refund.amount,
        payeeAccount: a.payerAccount,
        payeeName: a.payerName,
        dueDate: cal.addWorkingDays(beijingDate(now), REFUND_WORKING_DAYS),
        status: "due",
        bankRef: null,
        createdAt: now,
        sentAt: null,
        sentBy: null,
        confirmedAt: null,
      });
    }
    await this.audit.record(r.audit, {
      actor,
      action: "trading.deposit.arrival",
      subject: parcel ? `parcel:${parcel.parcelNo}` : `deposit-account:${a.subAccount}`,
      payload: { bankRef: a.bankRef, source, amountFen: fenText(a.amount), outcome: m.outcome, review: m.review, refundFen: m.refund ? fenText(m.refund.amount) : null, applicationId: app?.id ?? null },
    });
    return { payment, duplicate: false };
  }

  receive(a: Arrival, source: Payment["source"], raw: unknown, actor: string): Promise<Receipt> {
    return this.runner.run((r, outbox) => this.receiveIn(r, outbox, a, source, raw, actor));
  }

  /** A whole statement in one transaction: all lines or none. */
  async importStatement(bytes: Uint8Array, actor: string): Promise<{ encoding: string; lines: number; recorded: number; duplicates: number; flagged: number }> {
    const { lines, encoding } = parseStatement(bytes);
    return this.runner.run(async (r, outbox) => {
      let recorded = 0;
      let duplicates = 0;
      let flagged = 0;
      for (const l of lines) {
        const { line, ...a } = l;
        const rec = await this.receiveIn(r, outbox, a, "statement", { line }, actor);
        if (rec.duplicate) duplicates++;
        else {
          recorded++;
          if (rec.payment.review === "open") flagged++;
        }
      }
      await this.audit.record(r.audit, { actor, action: "trading.deposit.statement", subject: "bank-statement", payload: { encoding, lines: lines.length, recorded, duplicates, flagged } });
      return { encoding, lines: lines.length, recorded, duplicates, flagged };
    });
  }

  async resolvePayment(id: string, note: string, actor: string): Promise<Payment> {
    return this.runner.run(async (r) => {
      const p = await r.trading.payments.byId(id);
      if (!p) throw new AppError("TRADE_PAYMENT_NOT_FOUND", { detail: id });
      if (p.review !== "open") throw new AppError("TRADE_PAYMENT_NOT_IN_REVIEW");
      const at = this.clock.now();
      await r.trading.payments.resolve(id, note, actor, at);
      await this.audit.record(r.audit, { actor, action: "trading.deposit.review", subject: `payment:${p.bankRef}`, payload: { note, outcome: p.outcome } });
      return (await r.trading.payments.byId(id))!;
    });
  }

  async refundSent(id: string, bankRef: string, actor: string): Promise<Refund> {
    return this.runner.run(async (r) => {
      const f = await r.trading.refunds.byId(id);
      if (!f) throw new AppError("TRADE_REFUND_NOT_FOUND", { detail: id });
      if (f.status !== "due") throw new AppError("TRADE_REFUND_STATE", { detail: `status ${f.status}` });
      await r.trading.refunds.markSent(id, bankRef, actor, this.clock.now());
      await this.audit.record(r.audit, { actor, action: "trading.refund.sent", subject: `refund:${id}`, payload: { bankRef, amountFen: fenText(f.amount), payee: f.payeeAccount } });
      return (await r.trading.refunds.byId(id))!;
    });
  }

  async refundConfirmed(id: string, actor: string): Promise<Refund> {
    return this.runner.run(async (r) => {
      const f = await r.trading.refunds.byId(id);
      if (!f) throw new AppError("TRADE_REFUND_NOT_FOUND", { detail: id });
      if (f.status !== "sent") throw new AppError("TRADE_REFUND_STATE", { detail: `status ${f.status}` });
      const at = this.clock.now();
      await r.trading.refunds.markConfirmed(id, at);
      if (f.applicationId) await r.trading.applications.setDepositStatus(f.applicationId, "refunded", at);
      await this.audit.record(r.audit, { actor, action: "trading.refund.confirmed", subject: `refund:${id}`, payload: { amountFen: fenText(f.amount) } });
      return (await r.trading.refunds.byId(id))!;
    });
  }
}
