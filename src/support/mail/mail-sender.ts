/**
 * Sends queued mail (mail_outbox) through the configured SMTP relay with
 * nodemailer, as the scheduler's external "mail.send" job: after the change
 * that queued it has committed, outside any transaction, retried with
 * backoff. At-least-once: the Message-ID stays the same on every attempt.
 */
import nodemailer, { type Transporter } from "nodemailer";
import type { Clock } from "../../app/clock.js";
import type { Scheduler } from "../../ops/scheduler/scheduler.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { JOB_MAIL_SEND } from "../notifier.js";

const MAX_ATTEMPTS = 8;

export interface MailSenderOptions {
  relayUrl: string;
  from: string;
}

export class MailSender {
  private readonly transport: Transporter;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly opts: MailSenderOptions,
  ) {
    this.transport = nodemailer.createTransport(opts.relayUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
  }

  register(scheduler: Scheduler): void {
    scheduler.registerExternal<{ outboxId: string }>(
      JOB_MAIL_SEND,
      async (job) => {
        const m = await this.store.read.mail.outbox(job.payload.outboxId);
        if (!m || m.status === "sent") return;
        const attempts = m.attempts + 1;
        try {
          await this.transport.sendMail({
            from: this.opts.from,
            to: m.to,
            subject: m.subject,
            text: m.text,
            messageId: m.messageId,
            ...(m.inReplyTo ? { inReplyTo: m.inReplyTo, references: [m.inReplyTo] } : {}),
          });
        } catch (e) {
          const lastError = (e as Error).message.slice(0, 1000);
          await this.store.tx((r) => r.mail.updateOutbox(m.id, { attempts, lastError, status: attempts >= MAX_ATTEMPTS ? "failed" : "pending" }));
          throw new AppError("SUPPORT_MAIL_SEND_FAILED", { detail: `${m.to}: ${lastError}` });
        }
        const sentAt = this.clock.now();
        return (r) => r.mail.updateOutbox(m.id, { status: "sent", sentAt, attempts, lastError: null });
      },
      { retry: { maxAttempts: MAX_ATTEMPTS } },
    );
  }

  close(): void {
    this.transport.close();
  }
}
