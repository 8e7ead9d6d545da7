import type { Kysely, Selectable } from "kysely";
import type { MailRepo } from "../../support/support.ports.js";
import type { InboundMail, InboundStatus, OutboxMail, OutboxStatus } from "../../support/support.types.js";
import type { Database } from "../schema.js";
import type { MailInboundTable, MailOutboxTable } from "../tables/support.js";

const d = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function toOutbox(r: Selectable<MailOutboxTable>): OutboxMail {
  return {
    id: r.id,
    messageId: r.message_id,
    dedupeKey: r.dedupe_key,
    to: r.to_addr,
    subject: r.subject,
    text: r.body_text,
    inReplyTo: r.in_reply_to,
    incidentId: r.incident_id,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    sentAt: d(r.sent_at),
  };
}

function toInbound(r: Omit<Selectable<MailInboundTable>, "raw">): InboundMail {
  return {
    id: r.id,
    receivedAt: new Date(r.received_at),
    envelopeFrom: r.envelope_from,
    envelopeTo: r.envelope_to,
    remoteAddress: r.remote_address,
    sizeBytes: r.size_bytes,
    messageId: r.message_id,
    from: r.from_addr,
    subject: r.subject,
    status: r.status as InboundStatus,
    errorCode: r.error_code,
    errorDetail: r.error_detail,
    incidentId: r.incident_id,
  };
}

const INBOUND_META = [
  "id",
  "received_at",
  "envelope_from",
  "envelope_to",
  "remote_address",
  "size_bytes",
  "message_id",
  "from_addr",
  "subject",
  "status",
  "error_code",
  "error_detail",
  "incident_id",
] as const;

export function mailRepo(db: Kysely<Database>): MailRepo {
  return {
    async enqueue(m) {
      const r = await db
        .insertInto("mail_outbox")
        .values({
          id: m.id,
          message_id: m.messageId,
          dedupe_key: m.dedupeKey,
          to_addr: m.to,
          subject: m.subject,
          body_text: m.text,
          in_reply_to: m.inReplyTo,
          incident_id: m.incidentId,
          status: m.status,
          attempts: m.attempts,
          last_error: m.lastError,
          created_at: m.createdAt,
          sent_at: m.sentAt,
        })
        .onConflict((oc) => oc.column("dedupe_key").doNothing())
        .returning("id")
        .executeTakeFirst();
      return r !== undefined;
    },
    async outbox(id) {
      const r = await db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toOutbox(r) : undefined;
    },
    async updateOutbox(id, p) {
      const row = Object.fromEntries(
        Object.entries({ status: p.status, attempts: p.attempts, last_error: p.lastError, sent_at: p.sentAt }).filter(([, v]) => v !== undefined),
      );
      if (Object.keys(row).length) await db.updateTable("mail_outbox").set(row).where("id", "=", id).execute();
    },
    async listOutbox(q) {
      let query = db.selectFrom("mail_outbox").selectAll();
      if (q.incidentId) query = query.where("incident_id", "=", q.incidentId);
      if (q.status) query = query.where("status", "=", q.status);
      const rows = await query.orderBy("created_at", "desc").limit(q.limit).execute();
      return rows.map(toOutbox);
    },
    async insertInbound(m) {
      await db
        .insertInto("mail_inbound")
        .values({
          id: m.id,
          received_at: m.receivedAt,
          envelope_from: m.envelopeFrom,
          envelope_to: m.envelopeTo,
          remote_address: m.remoteAddress,
          size_bytes: m.sizeBytes,
          raw: m.raw,
          message_id: m.messageId,
          from_addr: m.from,
          subject: m.subject,
          status: m.status,
          error_code: m.errorCode,
          error_detail: m.errorDetail,
          incident_id: m.incidentId,
        })
        .execute();
    },
    async updateInbound(id, p) {
      const row = Object.fromEntries(
        Object.entries({
          message_id: p.messageId,
          from_addr: p.from,
          subject: p.subject,
          status: p.status,
          error_code: p.errorCode,
          error_detail: p.errorDetail,
          incident_id: p.incidentId,
        }).filter(([, v]) => v !== undefined),
      );
      if (Object.keys(row).length) await db.updateTable("mail_inbound").set(row).where("id", "=", id).execute();
    },
    async inbound(id) {
      const r = await db.selectFrom("mail_inbound").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? { ...toInbound(r), raw: bytes(r.raw) } : undefined;
    },
    async listInbound(q) {
      let query = db.selectFrom("mail_inbound").select(INBOUND_META);
      if (q.status) query = query.where("status", "=", q.status);
      const rows = await query.orderBy("received_at", "desc").limit(q.limit).execute();
      return rows.map(toInbound);
    },
  };
}
