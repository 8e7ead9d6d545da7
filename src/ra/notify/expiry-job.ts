/**
 * The daily expiry-notice job on the generic scheduler: one row
 * (ra.cert-expiry-notice / "daily") that re-arms itself a day later. Without
 * a mail outbox wired in, it records nothing (so no certificate is marked as
 * announced without a mail) and says so in the log.
 */
import type { Scheduler } from "../../ops/scheduler/scheduler.js";
import type { Store } from "../../storage/store.js";
import type { AuditService } from "../../ops/audit.service.js";
import type { MailPort } from "../external.ports.js";
import { ExpiryNotifier, EXPIRY_JOB, type ExpiryOptions } from "./expiry-notifier.js";
import { DAY_MS } from "./time.js";

export function registerExpiryJob(scheduler: Scheduler, audit: AuditService, mail: MailPort | null, opts: ExpiryOptions, log: { warn(o: object, m: string): void }): void {
  const notifier = mail ? new ExpiryNotifier(audit, mail, opts) : null;
  scheduler.register(EXPIRY_JOB, async (_job, repos, ctx) => {
    if (notifier) await notifier.run(repos, ctx.now);
    else log.warn({ job: EXPIRY_JOB }, "certificate expiry notices skipped: no mail outbox is configured");
    return { rescheduleAt: new Date(ctx.now.getTime() + DAY_MS) };
  });
}

/** Arms the job (idempotent upsert; called on every start). */
export async function armExpiryJob(store: Store, scheduler: Scheduler, now: Date): Promise<void> {
  await store.tx((r) => scheduler.schedule(r, { kind: EXPIRY_JOB, key: "daily", dueAt: new Date(now.getTime() + 5 * 60_000) }));
}
