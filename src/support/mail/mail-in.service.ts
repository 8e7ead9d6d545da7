/**
 * E-mail in (seed §4.3.1.2: the mailbox is watched daily — here, at once).
 * The raw message is stored first, in its own transaction, so nothing is
 * lost whatever happens next; then it is parsed with mailparser and either
 * threads into the incident named in its subject ("[INC-20260302-0001]")
 * or opens a new one. A message that cannot be read is kept, marked
 * rejected with SUPPORT_MAIL_MALFORMED, and logged; auto-replies and bounces
 * are kept and ignored (no mail loops).
 */
import { simpleParser, type ParsedMail } from "mailparser";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { Repos } from "../../storage/store.js";
import { storeAttachment } from "../collaboration.service.js";
import { addEvent, afterChange, type Actor, type DeskContext } from "../desk-context.js";
import { createIncident } from "../intake.service.js";
import { INCIDENT_TOKEN } from "../mail-templates.js";
import type { InboundStatus, Incident } from "../support.types.js";
import type { WorkflowService } from "../workflow.service.js";

export interface RawMail {
  raw: Buffer;
  envelopeFrom: string | null;
  envelopeTo: string[];
  remoteAddress: string | null;
}

export interface InboundResult {
  id: string;
  status: InboundStatus;
  incidentNo: string | null;
  errorCode: string | null;
}

const MAX_BODY = 20_000;

export class MailInService {
  constructor(
    private readonly ctx: DeskContext,
    private readonly workflow: WorkflowService,
  ) {}

  async receive(mail: RawMail): Promise<InboundResult> {
    const id = newId();
    await this.ctx.store.tx((r) =>
      r.mail.insertInbound({
        id,
        receivedAt: this.ctx.clock.now(),
        envelopeFrom: mail.envelopeFrom,
        envelopeTo: mail.envelopeTo.join(", ") || "(none)",
        remoteAddress: mail.remoteAddress,
        sizeBytes: mail.raw.length,
        raw: mail.raw,
        messageId: null,
        from: null,
        subject: null,
        status: "received",
        errorCode: null,
        errorDetail: null,
        incidentId: null,
      }),
    );
    try {
      return await this.process(id, mail);
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError("SUPPORT_MAIL_MALFORMED", { detail: (e as Error).message, cause: e });
      this.ctx.log.warn({ code: err.code, inboundId: id, detail: err.detail }, "incoming mail rejected");
      await this.ctx.store.tx((r) => r.mail.updateInbound(id, { status: "rejected", errorCode: err.code, errorDetail: (err.detail ?? err.message).slice(0, 1000) }));
      return { id, status: "rejected", incidentNo: null, errorCode: err.code };
    }
  }

  private async process(id: string, mail: RawMail): Promise<InboundResult> {
    let parsed: ParsedMail;
    try {
      parsed = await simpleParser(mail.raw);
    } catch (e) {
      throw new AppError("SUPPORT_MAIL_MALFORMED", { detail: `unparseable: ${(e as Error).message}` });
    }
    const fromEntry = parsed.from?.value.find((v) => v.address);
    const from = (fromEntry?.address ?? "").trim().toLowerCase();
    const subject = (parsed.subject ?? "").trim();
    const body = bodyText(parsed);
    await this.ctx.store.tx((r) => r.mail.updateInbound(id, { messageId: parsed.messageId ?? null, from: from || null, subject: subject || null }));
    if (!from || !/^[^@\s]+@[^@\s]+$/.test(from)) throw new AppError("SUPPORT_MAIL_MALFORMED", { detail: "no sender address (From:)" });
    if (!subject && !body) throw new AppError("SUPPORT_MAIL_MALFORMED", { detail: "no subject and no text" });

    if (isAutomatic(parsed, from)) {
      await this.ctx.store.tx((r) => r.mail.updateInbound(id, { status: "ignored", errorDetail: "auto-reply or delivery report" }));
      return { id, status: "ignored", incidentNo: null, errorCode: null };
    }

    const actor: Actor = { id: `mail:${from}`, username: null, roles: [] };
    const token = INCIDENT_TOKEN.exec(subject)?.[1];
    return this.ctx.store.tx(async (r) => {
      const now = this.ctx.clock.now();
      const existing = token ? await r.incidents.lockByNo(token) : undefined;
      let inc: Incident;
      let status: InboundStatus;
      if (existing) {
        inc = existing;
        status = "threaded";
        await this.thread(r, inc, now, actor, { id, from, subject, body, messageId: parsed.messageId ?? null });
      } else {
        status = "incident_created";
        inc = await createIncident(
          this.ctx,
          r,
          {
            channel: "email",
            reporter: { kind: "bidder", name: fromEntry?.name?.trim() || from, phone: null, email: from, org: null, certificateSerial: null, tokenSerial: null },
            title: subject || body.split("\n")[0]!.slice(0, 100),
            description: body || subject,
          },
          actor,
          now,
        );
        await addEvent(r, inc, now, actor, "mail_in", { inboundId: id, from, subject, messageId: parsed.messageId ?? null, ...(token ? { unknownToken: token } : {}) });
      }
      await this.saveAttachments(r, inc, now, actor, parsed);
      await r.mail.updateInbound(id, { status, incidentId: inc.id });
      await afterChange(this.ctx, r, inc.id, now);
      return { id, status, incidentNo: inc.incidentNo, errorCode: null };
    });
  }

  /** A reply: tracking entry, timeline, resume a pause that waited for it, tell whoever holds it. */
  private async thread(r: Repos, inc: Incident, now: Date, actor: Actor, m: { id: string; from: string; subject: string; body: string; messageId: string | null }) {
    const senderMatches = !inc.reporter.email || inc.reporter.email.toLowerCase() === m.from;
    await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: null, at: now, author: actor.id, kind: "customer", text: m.body.slice(0, MAX_BODY) || m.subject });
    await addEvent(r, inc, now, actor, "mail_in", { inboundId: m.id, from: m.from, subject: m.subject, messageId: m.messageId, senderMatches });
    if (inc.pausedSince && inc.status !== "closed") await this.workflow.endPause(r, inc, now, actor, "customer");
    const recipients = inc.assignee ? [inc.assignee] : (await this.ctx.notifier.staffWith(r, [inc.queue])).map((u) => u.username);
    await this.ctx.notifier.inApp(r, recipients, {
      dedupeKey: `mail:${m.id}`,
      incidentId: inc.id,
      kind: "mail.reply",
      titleZh: `客户来信：${inc.incidentNo}${inc.status === "closed" ? "（已归档事件）" : ""}`,
      titleEn: `Customer e-mail: ${inc.incidentNo}${inc.status === "closed" ? " (closed incident)" : ""}`,
      body: `${m.from}: ${m.subject}${senderMatches ? "" : " — 发件人与报告人不同 / sender differs from the reporter"}`,
    });
  }

  private async saveAttachments(r: Repos, inc: Incident, now: Date, actor: Actor, parsed: ParsedMail): Promise<void> {
    for (const a of parsed.attachments) {
      if (a.related) continue; // inline images of an HTML body
      if (a.size > this.ctx.settings.attachmentMaxBytes) {
        // Still in the stored raw message: nothing is lost, it is just not split out.
        await addEvent(r, inc, now, actor, "attachment_skipped", { filename: a.filename ?? null, sizeBytes: a.size, code: "SUPPORT_ATTACHMENT_TOO_LARGE" });
        continue;
      }
      await storeAttachment(r, inc, now, actor, { filename: a.filename ?? "attachment", contentType: a.contentType, content: a.content, source: "mail" });
    }
  }
}

function bodyText(p: ParsedMail): string {
  const text = p.text ?? (typeof p.html === "string" ? p.html.replace(/<[^>]+>/g, " ").replace(/\s+\n/g, "\n") : "");
  return text.trim().slice(0, MAX_BODY);
}

/** RFC 3834 auto-replies, bulk mail and delivery reports never open incidents. */
function isAutomatic(p: ParsedMail, from: string): boolean {
  const auto = String(p.headers.get("auto-submitted") ?? "no").toLowerCase();
  const precedence = String(p.headers.get("precedence") ?? "").toLowerCase();
  return auto !== "no" || ["bulk", "junk", "list", "auto_reply"].includes(precedence) || /^(mailer-daemon|postmaster)@/.test(from);
}
