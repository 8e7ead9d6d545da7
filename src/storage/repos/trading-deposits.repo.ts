/** Trading storage: bid applications, deposit payments, refunds. */
import type { Kysely, Selectable } from "kysely";
import { fenFromDb, fenToDb } from "../../shared/money.js";
import type {
  Application,
  ApplicationMember,
  ApplicationRepo,
  ApplicationStatus,
  DepositStatus,
  Payment,
  PaymentOutcome,
  PaymentRepo,
  Refund,
  RefundReason,
  RefundRepo,
} from "../../trading/trading.ports.js";
import type { Database } from "../schema.js";
import type { TradingApplicationTable, TradingPaymentTable, TradingRefundTable } from "../tables/trading.js";

const date = (d: Date | string | null) => (d === null ? null : new Date(d));

function toApplication(r: Selectable<TradingApplicationTable>): Application {
  return {
    id: r.id,
    parcelId: r.parcel_id,
    applicantId: r.applicant_id,
    kind: r.kind as Application["kind"],
    displayName: r.display_name,
    members: r.members as ApplicationMember[],
    payerAccounts: r.payer_accounts,
    bidderNo: r.bidder_no,
    depositAccount: r.deposit_account,
    status: r.status as ApplicationStatus,
    rejectionReason: r.rejection_reason,
    decidedBy: r.decided_by,
    decidedAt: date(r.decided_at),
    depositStatus: r.deposit_status as DepositStatus,
    depositReceived: fenFromDb(r.deposit_received_fen),
    depositArrivedAt: date(r.deposit_arrived_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export function applicationRepo(db: Kysely<Database>): ApplicationRepo {
  const one = async (col: "id" | "deposit_account", v: string) => {
    const r = await db.selectFrom("trading_application").selectAll().where(col, "=", v).executeTakeFirst();
    return r ? toApplication(r) : undefined;
  };
  return {
    async insert(a) {
      await db
        .insertInto("trading_application")
        .values({
          id: a.id,
          parcel_id: a.parcelId,
          applicant_id: a.applicantId,
          kind: a.kind,
          display_name: a.displayName,
          members: JSON.stringify(a.members),
          payer_accounts: a.payerAccounts,
          bidder_no: a.bidderNo,
          deposit_account: a.depositAccount,
          status: a.status,
          rejection_reason: a.rejectionReason,
          decided_by: a.decidedBy,
          decided_at: a.decidedAt,
          deposit_status: a.depositStatus,
          deposit_received_fen: fenToDb(a.depositReceived),
          deposit_arrived_at: a.depositArrivedAt,
          created_at: a.createdAt,
          updated_at: a.updatedAt,
        })
        .execute();
    },
    byId: (id) => one("id", id),
    byDepositAccount: (acc) => one("deposit_account", acc),
    async byParcel(parcelId) {
      const rows = await db.selectFrom("trading_application").selectAll().where("parcel_id", "=", parcelId).orderBy("bidder_no").execute();
      return rows.map(toApplication);
    },
    async byApplicant(applicantId) {
      const rows = await db.selectFrom("trading_application").selectAll().where("applicant_id", "=", applicantId).orderBy("created_at", "desc").execute();
      return rows.map(toApplication);
    },
    async byBidderNo(parcelId, bidderNo) {
      const r = await db.selectFrom("trading_application").selectAll().where("parcel_id", "=", parcelId).where("bidder_no", "=", bidderNo).executeTakeFirst();
      return r ? toApplication(r) : undefined;
    },
    async setDeposit(id, d, at) {
      await db
        .updateTable("trading_application")
        .set({ deposit_status: d.status, deposit_received_fen: fenToDb(d.received), deposit_arrived_at: d.arrivedAt, updated_at: at })
        .where("id", "=", id)
        .execute();
    },
    async setDepositStatus(id, status, at) {
      await db.updateTable("trading_application").set({ deposit_status: status, updated_at: at }).where("id", "=", id).execute();
    },
    async decide(id, d, at) {
      await db
        .updateTable("trading_application")
        .set({ status: d.status, rejection_reason: d.reason, decided_by: d.by, decided_at: at, updated_at: at })
        .where("id", "=", id)
        .execute();
    },
  };
}

function toPayment(r: Selectable<TradingPaymentTable>): Payment {
  return {
    id: r.id,
    source: r.source as Payment["source"],
    bankRef: r.bank_ref,
    subAccount: r.sub_account,
    payerAccount: r.payer_account,
    payerName: r.payer_name,
    amount: fenFromDb(r.amount_fen),
    arrivedAt: new Date(r.arrived_at),
    applicationId: r.application_id,
    parcelId: r.parcel_id,
    outcome: r.outcome as PaymentOutcome,
    review: r.review as Payment["review"],
    reviewNote: r.review_note,
    reviewedBy: r.reviewed_by,
    reviewedAt: date(r.reviewed_at),
    raw: r.raw,
    createdAt: new Date(r.created_at),
  };
}

export function paymentRepo(db: Kysely<Database>): PaymentRepo {
  return {
    async insert(p) {
      const r = await db
        .insertInto("trading_payment")
        .values({
          id: p.id,
          source: p.source,
          bank_ref: p.bankRef,
          sub_account: p.subAccount,
          payer_account: p.payerAccount,
          payer_name: p.payerName,
          amount_fen: fenToDb(p.amount),
          arrived_at: p.arrivedAt,
          application_id: p.applicationId,
          parcel_id: p.parcelId,
          outcome: p.outcome,
          review: p.review,
          review_note: p.reviewNote,
          reviewed_by: p.reviewedBy,
          reviewed_at: p.reviewedAt,
          raw: JSON.stringify(p.raw),
          created_at: p.createdAt,
        })
        .onConflict((oc) => oc.column("bank_ref").doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async byBankRef(ref) {
      const r = await db.selectFrom("trading_payment").selectAll().where("bank_ref", "=", ref).executeTakeFirst();
      return r ? toPayment(r) : undefined;
    },
    async byId(id) {
      const r = await db.selectFrom("trading_payment").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toPayment(r) : undefined;
    },
    async list(q) {
      let query = db.selectFrom("trading_payment").selectAll().orderBy("arrived_at", "desc").limit(q.limit);
      if (q.review) query = query.where("review", "=", q.review);
      if (q.parcelId) query = query.where("parcel_id", "=", q.parcelId);
      if (q.applicationId) query = query.where("application_id", "=", q.applicationId);
      return (await query.execute()).map(toPayment);
    },
    async resolve(id, note, by, at) {
      await db.updateTable("trading_payment").set({ review: "resolved", review_note: note, reviewed_by: by, reviewed_at: at }).where("id", "=", id).execute();
    },
  };
}

function toRefund(r: Selectable<TradingRefundTable>): Refund {
  return {
    id: r.id,
    parcelId: r.parcel_id,
    applicationId: r.application_id,
    paymentId: r.payment_id,
    reason: r.reason as RefundReason,
    amount: fenFromDb(r.amount_fen),
    payeeAccount: r.payee_account,
    payeeName: r.payee_name,
    dueDate: r.due_date,
    status: r.status as Refund["status"],
    bankRef: r.bank_ref,
    createdAt: new Date(r.created_at),
    sentAt: date(r.sent_at),
    sentBy: r.sent_by,
    confirmedAt: date(r.confirmed_at),
  };
}

export function refundRepo(db: Kysely<Database>): RefundRepo {
  return {
    async insert(f) {
      // The partial unique indexes (one refund per application / per payment) decide duplicates.
      const r = await db
        .insertInto("trading_refund")
        .values({
          id: f.id,
          parcel_id: f.parcelId,
          application_id: f.applicationId,
          payment_id: f.paymentId,
          reason: f.reason,
          amount_fen: fenToDb(f.amount),
          payee_account: f.payeeAccount,
          payee_name: f.payeeName,
          due_date: f.dueDate,
          status: f.status,
          bank_ref: f.bankRef,
          created_at: f.createdAt,
          sent_at: f.sentAt,
          sent_by: f.sentBy,
          confirmed_at: f.confirmedAt,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async byId(id) {
      const r = await db.selectFrom("trading_refund").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toRefund(r) : undefined;
    },
    async list(q) {
      let query = db.selectFrom("trading_refund").selectAll().orderBy("due_date").orderBy("created_at").limit(q.limit);
      if (q.status) query = query.where("status", "=", q.status);
      if (q.parcelId) query = query.where("parcel_id", "=", q.parcelId);
      return (await query.execute()).map(toRefund);
    },
    async markSent(id, bankRef, by, at) {
      await db.updateTable("trading_refund").set({ status: "sent", bank_ref: bankRef, sent_by: by, sent_at: at }).where("id", "=", id).execute();
    },
    async markConfirmed(id, at) {
      await db.updateTable("trading_refund").set({ status: "confirmed", confirmed_at: at }).where("id", "=", id).execute();
    },
  };
}
