/**
 * Certificates that expire within 30 days: one e-mail to the holder and one
 * to the RA mailbox per certificate, queued in the same transaction that
 * records the notice (ra_expiry_notice), so a certificate is announced once
 * however often the daily job runs, on however many nodes.
 */
import { DAY_MS, formatBeijing } from "./time.js";
import type { AuditService } from "../../ops/audit.service.js";
import type { Repos } from "../../storage/store.js";
import type { MailPort } from "../external.ports.js";
import type { ExpiringCert } from "../ra.ports.js";

export const EXPIRY_JOB = "ra.cert-expiry-notice";
export const NOTICE_DAYS = 30;

export interface ExpiryOptions {
  raEmail: string;
  portalUrl: string;
}

export function expiryMail(c: ExpiringCert, holderName: string, portalUrl: string, now: Date): { subject: string; text: string } {
  const days = Math.max(0, Math.ceil((c.notAfter.getTime() - now.getTime()) / DAY_MS));
  const until = formatBeijing(c.notAfter);
  return {
    subject: `数字证书将于 ${days} 天后到期 / Your certificate expires in ${days} days (${c.serial.slice(0, 16)})`,
    text: [
      `${holderName}：`,
      "",
      `您在长沙县国土资源局网上交易系统使用的数字证书将于 ${until}（北京时间）到期。`,
      `证书序列号：${c.serial}`,
      `证书主题：${c.subject}`,
      "",
      "请携带身份证件原件（企业另带营业执照、授权委托书）到受理点办理证书更新，以免影响竞买。",
      `竞买人门户：${portalUrl}`,
      "",
      `Your digital certificate for the online land trading system expires on ${until} (Beijing time).`,
      `Serial: ${c.serial}`,
      "Please renew it at the RA desk with your original documents so that you can keep bidding.",
    ].join("\n"),
  };
}

export class ExpiryNotifier {
  constructor(
    private readonly audit: AuditService,
    private readonly mail: MailPort,
    private readonly opts: ExpiryOptions,
  ) {}

  /** Runs inside the scheduler's transaction (`repos`): queues the mails and records each notice. */
  async run(r: Repos, now: Date, limit = 500): Promise<string[]> {
    const due = await r.ra.expiringUnnoticed(now, new Date(now.getTime() + NOTICE_DAYS * DAY_MS), limit);
    const done: string[] = [];
    for (const c of due) {
      const holder = await r.ra.applicant(c.holder);
      if (!holder) continue;
      const m = expiryMail(c, holder.name, this.opts.portalUrl, now);
      const recipients = [holder.email, this.opts.raEmail];
      for (const to of recipients) await this.mail.enqueue(r, { to, ...m, dedupeKey: `ra.expiry:${c.serial}:${to}` });
      await r.ra.insertExpiryNotice({ serial: c.serial, notAfter: c.notAfter, recipients, notifiedAt: now });
      await this.audit.record(r.audit, {
        actor: "system:ra-expiry",
        action: "ra.cert.expiry-notice",
        subject: `cert:${c.serial}`,
        payload: { serial: c.serial, notAfter: c.notAfter.toISOString(), holder: c.holder, recipients },
      });
      done.push(c.serial);
    }
    return done;
  }
}
