/**
 * Work around an incident beyond the desk ↔ support loop: the expert group
 * consulted on any incident, on-site dispatch of the local service point
 * within 4 h when remote support fails (seed §4.2), remote-diagnosis
 * sessions recorded into the incident, attachments (size-limited, SHA-256).
 */
import { createHash } from "node:crypto";
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Repos } from "../storage/store.js";
import { addEvent, afterChange, changeIncident, requireStatus, requireText, type Actor, type DeskContext } from "./desk-context.js";
import type { AttachmentMeta, Consultation, Dispatch, Incident, RemoteOutcome, RemoteSession } from "./support.types.js";
import { OPEN_STATUSES } from "./taxonomy.js";

const link = (ctx: DeskContext, inc: Incident) => `${ctx.settings.publicUrl}/support/incidents/${inc.incidentNo}`;
const staffName = (actorId: string) => (actorId.startsWith("staff:") ? [actorId.slice(6)] : []);

export class CollaborationService {
  constructor(private readonly ctx: DeskContext) {}

  consult(no: string, actor: Actor, input: { question: string }): Promise<Consultation> {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      const question = requireText(input.question, "question");
      const c: Consultation = { id: newId(), incidentId: inc.id, question, requestedBy: actor.id, requestedAt: now, answer: null, answeredBy: null, answeredAt: null };
      await r.supportWork.insertConsultation(c);
      await addEvent(r, inc, now, actor, "consultation_requested", { consultationId: c.id, question });
      await this.ctx.notifier.toRoles(r, ["expert"], {
        dedupeKey: `consult:${c.id}`,
        incidentId: inc.id,
        kind: "consultation.requested",
        titleZh: `专家咨询：${inc.incidentNo} ${inc.title}`,
        titleEn: `Expert consultation: ${inc.incidentNo} ${inc.title}`,
        body: `${question}\n${link(this.ctx, inc)}`,
      });
      return c;
    });
  }

  answerConsultation(id: string, actor: Actor, input: { answer: string }): Promise<Consultation> {
    return this.onRecord(
      (r) => r.supportWork.consultation(id),
      "SUPPORT_CONSULTATION_NOT_FOUND",
      id,
      async (r, inc, c, now) => {
        if (c.answeredAt) throw new AppError("SUPPORT_ALREADY_DONE", { detail: "already answered" });
        const answer = requireText(input.answer, "answer");
        await r.supportWork.updateConsultation(c.id, { answer, answeredBy: actor.id, answeredAt: now });
        await addEvent(r, inc, now, actor, "consultation_answered", { consultationId: c.id, answer });
        await this.ctx.notifier.inApp(r, staffName(c.requestedBy), {
          dedupeKey: `consult-answered:${c.id}`,
          incidentId: inc.id,
          kind: "consultation.answered",
          titleZh: `专家已答复：${inc.incidentNo}`,
          titleEn: `The expert answered: ${inc.incidentNo}`,
          body: answer,
        });
        return { ...c, answer, answeredBy: actor.id, answeredAt: now };
      },
    );
  }

  /** Remote support failed: the local service point must be on site within 4 h (a deadline like the others). */
  dispatch(no: string, actor: Actor, input: { reason: string; site: string }): Promise<Dispatch> {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, OPEN_STATUSES, "dispatch on site");
      const d: Dispatch = {
        id: newId(),
        incidentId: inc.id,
        reason: requireText(input.reason, "reason: why remote support failed"),
        site: requireText(input.site, "site: where to go"),
        requestedBy: actor.id,
        requestedAt: now,
        engineer: null,
        arrivedAt: null,
        completedAt: null,
        cancelledAt: null,
        result: null,
      };
      await r.supportWork.insertDispatch(d);
      await addEvent(r, inc, now, actor, "dispatch_requested", { dispatchId: d.id, site: d.site, reason: d.reason }, true);
      await this.ctx.audit.record(r.audit, { actor: actor.id, action: "support.dispatch.request", subject: `incident:${inc.incidentNo}`, payload: { site: d.site } });
      await this.ctx.notifier.toRoles(r, ["local_service_point"], {
        dedupeKey: `dispatch:${d.id}`,
        incidentId: inc.id,
        kind: "dispatch.requested",
        titleZh: `现场服务（4 小时内到场）：${inc.incidentNo} @ ${d.site}`,
        titleEn: `On-site service (within 4 h): ${inc.incidentNo} @ ${d.site}`,
        body: `${d.reason}\n${link(this.ctx, inc)}`,
      });
      return d;
    });
  }

  arrive(id: string, actor: Actor): Promise<Dispatch> {
    return this.onRecord(
      (r) => r.supportWork.dispatch(id),
      "SUPPORT_DISPATCH_NOT_FOUND",
      id,
      async (r, inc, d, now) => {
        if (d.arrivedAt || d.cancelledAt) throw new AppError("SUPPORT_ALREADY_DONE", { detail: d.arrivedAt ? "already on site" : "cancelled" });
        const engineer = actor.username ?? actor.id;
        await r.supportWork.updateDispatch(d.id, { arrivedAt: now, engineer });
        await addEvent(r, inc, now, actor, "onsite_arrived", { dispatchId: d.id, engineer }, true);
        if (!inc.firstContactAt) await r.incidents.update(inc.id, { firstContactAt: now, firstContactBy: engineer, ...(inc.status === "new" ? { status: "open" as const } : {}) });
        return { ...d, arrivedAt: now, engineer };
      },
    );
  }

  complete(id: string, actor: Actor, input: { result: string }): Promise<Dispatch> {
    return this.onRecord(
      (r) => r.supportWork.dispatch(id),
      "SUPPORT_DISPATCH_NOT_FOUND",
      id,
      async (r, inc, d, now) => {
        if (!d.arrivedAt) throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: "record the arrival on site first" });
        if (d.completedAt) throw new AppError("SUPPORT_ALREADY_DONE", { detail: "already completed" });
        const result = requireText(input.result, "result");
        await r.supportWork.updateDispatch(d.id, { completedAt: now, result });
        await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: null, at: now, author: actor.id, kind: "action", text: `现场服务 / On site @ ${d.site}: ${result}` });
        await addEvent(r, inc, now, actor, "onsite_completed", { dispatchId: d.id, result });
        return { ...d, completedAt: now, result };
      },
    );
  }

  cancelDispatch(id: string, actor: Actor, input: { reason: string }): Promise<Dispatch> {
    return this.onRecord(
      (r) => r.supportWork.dispatch(id),
      "SUPPORT_DISPATCH_NOT_FOUND",
      id,
      async (r, inc, d, now) => {
        if (d.arrivedAt || d.cancelledAt) throw new AppError("SUPPORT_ALREADY_DONE", { detail: "already on site or cancelled" });
        const reason = requireText(input.reason, "reason");
        await r.supportWork.updateDispatch(d.id, { cancelledAt: now, result: reason });
        await addEvent(r, inc, now, actor, "dispatch_cancelled", { dispatchId: d.id, reason });
        return { ...d, cancelledAt: now, result: reason };
      },
    );
  }

  /** An engineer's remote-diagnosis session and what it found. */
  remoteSession(
    no: string,
    actor: Actor,
    input: { startedAt: Date; endedAt: Date; method: string; findings: string; outcome: RemoteOutcome; data?: Record<string, unknown> },
  ): Promise<RemoteSession> {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, OPEN_STATUSES, "record a remote session");
      if (input.endedAt < input.startedAt || input.endedAt > now) throw new AppError("VALIDATION_FAILED", { detail: "endedAt must be after startedAt and not in the future" });
      const s: RemoteSession = {
        id: newId(),
        incidentId: inc.id,
        engineer: actor.username ?? actor.id,
        startedAt: input.startedAt,
        endedAt: input.endedAt,
        method: requireText(input.method, "method"),
        findings: requireText(input.findings, "findings"),
        outcome: input.outcome,
        data: input.data ?? {},
      };
      await r.supportWork.insertRemoteSession(s);
      await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: null, at: now, author: actor.id, kind: "analysis", text: `远程诊断 / Remote diagnosis (${s.method}, ${s.outcome}): ${s.findings}` });
      await addEvent(r, inc, now, actor, "remote_session", { sessionId: s.id, outcome: s.outcome, method: s.method });
      // Talking the customer through a session is a contact.
      if (!inc.firstContactAt) await r.incidents.update(inc.id, { firstContactAt: input.startedAt, firstContactBy: s.engineer, ...(inc.status === "new" ? { status: "open" as const } : {}) });
      return s;
    });
  }

  addAttachment(no: string, actor: Actor, input: { filename: string; contentType: string; contentBase64: string }): Promise<AttachmentMeta> {
    const content = decodeBase64(input.contentBase64);
    if (content.length > this.ctx.settings.attachmentMaxBytes) {
      throw new AppError("SUPPORT_ATTACHMENT_TOO_LARGE", { detail: `${content.length} bytes > ${this.ctx.settings.attachmentMaxBytes}` });
    }
    return changeIncident(this.ctx, no, (r, inc, now) => storeAttachment(r, inc, now, actor, { filename: input.filename, contentType: input.contentType, content, source: "upload" }));
  }

  private async onRecord<R extends { incidentId: string }, T>(
    load: (r: Repos) => Promise<R | undefined>,
    notFound: "SUPPORT_CONSULTATION_NOT_FOUND" | "SUPPORT_DISPATCH_NOT_FOUND",
    id: string,
    fn: (r: Repos, inc: Incident, rec: R, now: Date) => Promise<T>,
  ): Promise<T> {
    return this.ctx.store.tx(async (r) => {
      const peek = await load(r);
      if (!peek) throw new AppError(notFound, { detail: id });
      const inc = (await r.incidents.lockById(peek.incidentId))!;
      const rec = (await load(r))!;
      const now = this.ctx.clock.now();
      const out = await fn(r, inc, rec, now);
      await afterChange(this.ctx, r, inc.id, now);
      return out;
    });
  }
}

function decodeBase64(s: string): Buffer {
  const clean = s.replace(/\s+/g, "");
  if (!clean || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw new AppError("SUPPORT_ATTACHMENT_INVALID", { detail: "content is not base64" });
  const buf = Buffer.from(clean, "base64");
  if (buf.length === 0) throw new AppError("SUPPORT_ATTACHMENT_INVALID", { detail: "empty file" });
  return buf;
}

/** Stores an attachment with its SHA-256 (uploads, mail attachments). */
export async function storeAttachment(
  r: Repos,
  inc: Incident,
  now: Date,
  actor: Actor,
  a: { filename: string; contentType: string; content: Uint8Array; source: AttachmentMeta["source"] },
): Promise<AttachmentMeta> {
  // Path separators and control characters out: the name is only ever a label.
  const filename = [...a.filename].map((ch) => (ch === "/" || ch === "\\" || ch.charCodeAt(0) < 32 ? "_" : ch)).join("").slice(0, 200) || "attachment";
  const meta: AttachmentMeta = {
    id: newId(),
    incidentId: inc.id,
    filename,
    contentType: /^[\w.+-]+\/[\w.+-]+$/.test(a.contentType) ? a.contentType.toLowerCase() : "application/octet-stream",
    sizeBytes: a.content.length,
    sha256: createHash("sha256").update(a.content).digest("hex"),
    source: a.source,
    createdBy: actor.id,
    createdAt: now,
  };
  await r.supportWork.insertAttachment({ ...meta, content: a.content });
  await addEvent(r, inc, now, actor, "attachment_added", { attachmentId: meta.id, filename, sha256: meta.sha256, sizeBytes: meta.sizeBytes, source: a.source });
  return meta;
}
