import type { Kysely, Selectable } from "kysely";
import type { SupportWorkRepo } from "../../support/support.ports.js";
import type { AttachmentMeta, Consultation, Dispatch, Handover, HandoverStatus, RemoteOutcome, TrackingKind } from "../../support/support.types.js";
import type { Database } from "../schema.js";
import type { SupportAttachmentTable, SupportConsultationTable, SupportDispatchTable, SupportHandoverTable } from "../tables/support.js";

const d = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function toHandover(r: Selectable<SupportHandoverTable>): Handover {
  return {
    id: r.id,
    handoverNo: r.handover_no,
    incidentId: r.incident_id,
    status: r.status as HandoverStatus,
    problemRecord: r.problem_record,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    acceptedBy: r.accepted_by,
    acceptedAt: d(r.accepted_at),
    returnedBy: r.returned_by,
    returnedAt: d(r.returned_at),
    result: r.result,
  };
}

function toAttachment(r: Omit<Selectable<SupportAttachmentTable>, "content">): AttachmentMeta {
  return {
    id: r.id,
    incidentId: r.incident_id,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    source: r.source as AttachmentMeta["source"],
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
  };
}

function toConsultation(r: Selectable<SupportConsultationTable>): Consultation {
  return {
    id: r.id,
    incidentId: r.incident_id,
    question: r.question,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.requested_at),
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: d(r.answered_at),
  };
}

function toDispatch(r: Selectable<SupportDispatchTable>): Dispatch {
  return {
    id: r.id,
    incidentId: r.incident_id,
    reason: r.reason,
    site: r.site,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.requested_at),
    engineer: r.engineer,
    arrivedAt: d(r.arrived_at),
    completedAt: d(r.completed_at),
    cancelledAt: d(r.cancelled_at),
    result: r.result,
  };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const ATTACHMENT_META = ["id", "incident_id", "filename", "content_type", "size_bytes", "sha256", "source", "created_by", "created_at"] as const;

export function supportWorkRepo(db: Kysely<Database>): SupportWorkRepo {
  return {
    async insertHandover(h) {
      await db
        .insertInto("support_handover")
        .values({
          id: h.id,
          handover_no: h.handoverNo,
          incident_id: h.incidentId,
          status: h.status,
          problem_record: h.problemRecord,
          created_by: h.createdBy,
          created_at: h.createdAt,
          accepted_by: h.acceptedBy,
          accepted_at: h.acceptedAt,
          returned_by: h.returnedBy,
          returned_at: h.returnedAt,
          result: h.result,
        })
        .execute();
    },
    async handover(id) {
      const r = await db.selectFrom("support_handover").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toHandover(r) : undefined;
    },
    async lockHandover(id) {
      const r = await db.selectFrom("support_handover").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toHandover(r) : undefined;
    },
    async updateHandover(id, p) {
      const row = defined({
        status: p.status,
        problem_record: p.problemRecord,
        accepted_by: p.acceptedBy,
        accepted_at: p.acceptedAt,
        returned_by: p.returnedBy,
        returned_at: p.returnedAt,
        result: p.result,
      });
      if (Object.keys(row).length) await db.updateTable("support_handover").set(row).where("id", "=", id).execute();
    },
    async handovers(incidentId) {
      const rows = await db.selectFrom("support_handover").selectAll().where("incident_id", "=", incidentId).orderBy("created_at").execute();
      return rows.map(toHandover);
    },
    async openHandovers(status) {
      const rows = await db.selectFrom("support_handover").selectAll().where("status", "=", status).orderBy("created_at").execute();
      return rows.map(toHandover);
    },
    async insertTracking(t) {
      await db.insertInto("support_tracking").values({ incident_id: t.incidentId, handover_id: t.handoverId, at: t.at, author: t.author, kind: t.kind, text: t.text }).execute();
    },
    async tracking(incidentId) {
      const rows = await db.selectFrom("support_tracking").selectAll().where("incident_id", "=", incidentId).orderBy("id").execute();
      return rows.map((r) => ({
        id: Number(r.id),
        incidentId: r.incident_id,
        handoverId: r.handover_id,
        at: new Date(r.at),
        author: r.author,
        kind: r.kind as TrackingKind,
        text: r.text,
      }));
    },
    async insertAttachment(a) {
      await db
        .insertInto("support_attachment")
        .values({
          id: a.id,
          incident_id: a.incidentId,
          filename: a.filename,
          content_type: a.contentType,
          size_bytes: a.sizeBytes,
          sha256: a.sha256,
          content: a.content,
          source: a.source,
          created_by: a.createdBy,
          created_at: a.createdAt,
        })
        .execute();
    },
    async attachments(incidentId) {
      const rows = await db.selectFrom("support_attachment").select(ATTACHMENT_META).where("incident_id", "=", incidentId).orderBy("created_at").execute();
      return rows.map(toAttachment);
    },
    async attachmentContent(incidentId, id) {
      const r = await db.selectFrom("support_attachment").selectAll().where("incident_id", "=", incidentId).where("id", "=", id).executeTakeFirst();
      return r ? { ...toAttachment(r), content: bytes(r.content) } : undefined;
    },
    async insertConsultation(c) {
      await db
        .insertInto("support_consultation")
        .values({
          id: c.id,
          incident_id: c.incidentId,
          question: c.question,
          requested_by: c.requestedBy,
          requested_at: c.requestedAt,
          answer: c.answer,
          answered_by: c.answeredBy,
          answered_at: c.answeredAt,
        })
        .execute();
    },
    async consultation(id) {
      const r = await db.selectFrom("support_consultation").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toConsultation(r) : undefined;
    },
    async updateConsultation(id, p) {
      const row = defined({ answer: p.answer, answered_by: p.answeredBy, answered_at: p.answeredAt });
      if (Object.keys(row).length) await db.updateTable("support_consultation").set(row).where("id", "=", id).execute();
    },
    async consultations(q) {
      let query = db.selectFrom("support_consultation").selectAll();
      if (q.incidentId) query = query.where("incident_id", "=", q.incidentId);
      if (q.open !== undefined) query = query.where("answered_at", q.open ? "is" : "is not", null);
      const rows = await query.orderBy("requested_at").limit(q.limit).execute();
      return rows.map(toConsultation);
    },
    async insertDispatch(x) {
      await db
        .insertInto("support_dispatch")
        .values({
          id: x.id,
          incident_id: x.incidentId,
          reason: x.reason,
          site: x.site,
          requested_by: x.requestedBy,
          requested_at: x.requestedAt,
          engineer: x.engineer,
          arrived_at: x.arrivedAt,
          completed_at: x.completedAt,
          cancelled_at: x.cancelledAt,
          result: x.result,
        })
        .execute();
    },
    async dispatch(id) {
      const r = await db.selectFrom("support_dispatch").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toDispatch(r) : undefined;
    },
    async updateDispatch(id, p) {
      const row = defined({ engineer: p.engineer, arrived_at: p.arrivedAt, completed_at: p.completedAt, cancelled_at: p.cancelledAt, result: p.result });
      if (Object.keys(row).length) await db.updateTable("support_dispatch").set(row).where("id", "=", id).execute();
    },
    async dispatches(q) {
      let query = db.selectFrom("support_dispatch").selectAll();
      if (q.incidentIds) {
        if (q.incidentIds.length === 0) return [];
        query = query.where("incident_id", "in", [...q.incidentIds]);
      }
      if (q.open) query = query.where("completed_at", "is", null).where("cancelled_at", "is", null);
      const rows = await query.orderBy("requested_at").limit(q.limit).execute();
      return rows.map(toDispatch);
    },
    async insertRemoteSession(s) {
      await db
        .insertInto("support_remote_session")
        .values({
          id: s.id,
          incident_id: s.incidentId,
          engineer: s.engineer,
          started_at: s.startedAt,
          ended_at: s.endedAt,
          method: s.method,
          findings: s.findings,
          outcome: s.outcome,
          data: JSON.stringify(s.data),
        })
        .execute();
    },
    async remoteSessions(incidentId) {
      const rows = await db.selectFrom("support_remote_session").selectAll().where("incident_id", "=", incidentId).orderBy("started_at").execute();
      return rows.map((r) => ({
        id: r.id,
        incidentId: r.incident_id,
        engineer: r.engineer,
        startedAt: new Date(r.started_at),
        endedAt: new Date(r.ended_at),
        method: r.method,
        findings: r.findings,
        outcome: r.outcome as RemoteOutcome,
        data: r.data as Record<string, unknown>,
      }));
    },
  };
}
