/**
 * Notifications, committed with the change that causes them:
 * - in-app: one row per (recipient, dedupe key) — exactly once, whatever
 *   retries or replays happen;
 * - e-mail: a row in mail_outbox with a stable Message-ID plus a scheduler
 *   job that sends it after commit (at-least-once; the Message-ID lets mail
 *   clients drop a rare duplicate). Without a relay the row stays "not sent"
 *   for people to see.
 */
import type { Clock } from "../app/clock.js";
import type { Role } from "../auth/roles.js";
import type { StaffUser } from "../auth/staff.ports.js";
import type { Scheduler } from "../ops/scheduler/scheduler.js";
import { newId } from "../shared/ids.js";
import type { Repos } from "../storage/store.js";
import type { OutboxMail } from "./support.types.js";

export const JOB_MAIL_SEND = "mail.send";

export interface InAppNotice {
  dedupeKey: string;
  incidentId: string | null;
  kind: string;
  titleZh: string;
  titleEn: string;
  body: string;
}

export interface MailInput {
  to: string;
  subject: string;
  text: string;
  incidentId?: string | null;
  /** Enqueue at most once per key (e.g. one escalation mail per step and person). */
  dedupeKey?: string;
  inReplyTo?: string | null;
}

export interface NotifierSettings {
  /** A relay is configured: queue mails for sending. */
  relayConfigured: boolean;
  /** Domain for Message-IDs (from mailFrom). */
  messageIdDomain: string;
}

export class Notifier {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
    private readonly settings: NotifierSettings,
  ) {}

  /** Active staff holding any of the roles. */
  async staffWith(r: Repos, roles: readonly Role[]): Promise<StaffUser[]> {
    return (await r.staff.list()).filter((u) => !u.disabled && u.roles.some((x) => roles.includes(x)));
  }

  /** In-app notice to each recipient, once per dedupe key; returns who got a new one. */
  async inApp(r: Repos, recipients: readonly string[], n: InAppNotice): Promise<string[]> {
    const now = this.clock.now();
    const got: string[] = [];
    for (const recipient of new Set(recipients)) {
      if (await r.escalations.notify({ recipient, ...n, createdAt: now })) got.push(recipient);
    }
    return got;
  }

  /** In-app (and optionally e-mail) to everyone holding the roles; returns the usernames notified. */
  async toRoles(r: Repos, roles: readonly Role[], n: InAppNotice, mail?: { subject: string; text: string }): Promise<string[]> {
    const people = await this.staffWith(r, roles);
    await this.inApp(
      r,
      people.map((p) => p.username),
      n,
    );
    if (mail) {
      for (const p of people) {
        if (p.email) await this.mail(r, { to: p.email, subject: mail.subject, text: mail.text, incidentId: n.incidentId, dedupeKey: `${n.dedupeKey}:${p.username}` });
      }
    }
    return people.map((p) => p.username);
  }

  /** Queues an e-mail in the caller's transaction; null when the dedupe key was used before. */
  async mail(r: Repos, m: MailInput): Promise<OutboxMail | null> {
    const id = newId();
    const row: OutboxMail = {
      id,
      messageId: `<${id}@${this.settings.messageIdDomain}>`,
      dedupeKey: m.dedupeKey ?? null,
      to: m.to,
      subject: m.subject,
      text: m.text,
      inReplyTo: m.inReplyTo ?? null,
      incidentId: m.incidentId ?? null,
      status: this.settings.relayConfigured ? "pending" : "not_sent",
      attempts: 0,
      lastError: this.settings.relayConfigured ? null : "no smtpRelayUrl configured",
      createdAt: this.clock.now(),
      sentAt: null,
    };
    if (!(await r.mail.enqueue(row))) return null;
    if (this.settings.relayConfigured) await this.scheduler.schedule(r, { kind: JOB_MAIL_SEND, key: id, dueAt: row.createdAt, payload: { outboxId: id } });
    return row;
  }
}

/** "Name <a@b>" → "b". */
export function domainOf(address: string): string {
  const m = /@([^>\s]+)/.exec(address);
  return m?.[1] ?? "landtrade.local";
}
