/**
 * The generic scheduler (ARCHITECTURE rule 6): every deadline in the system
 * — SLA escalations, auction closings, CRL refreshes, outgoing mail — is a row
 * in `scheduled_job` with a due time. The rows are the truth; the one-second
 * timer in SchedulerLoop only decides when to look at them.
 *
 * Usage (see README "The scheduler"):
 *
 *   scheduler.register("trading.close-listing", async (job, repos, ctx) => {
 *     // runs INSIDE the transaction that claimed the row: its writes and the
 *     // row's completion commit together, or neither does.
 *     await closeListing(repos, job.payload.parcelId, ctx.now);
 *   });
 *
 *   await store.tx(async (repos) => {
 *     await saveListing(repos, …);
 *     // idempotent upsert on (kind, key), in the caller's transaction
 *     await scheduler.schedule(repos, { kind: "trading.close-listing", key: parcelId, dueAt, payload: { parcelId } });
 *   });
 *
 * Guarantees:
 * - A job's handler effects commit at most once: the row is claimed with
 *   SELECT … FOR UPDATE SKIP LOCKED and stays row-locked while its handler
 *   runs, so a second instance (or node) skips it; completion is written in
 *   the handler's own transaction.
 * - A handler that throws rolls back everything it did; the job is retried
 *   with backoff (30 s, 1 min, 2 min … 1 h) and marked failed after
 *   `maxAttempts` failures (kept for people to see, never silently dropped).
 * - A crash between claim and completion leaves the row open: once the claim
 *   expires (claimTtlMs, measured on the injected clock) any instance takes it.
 * - `schedule` on a (kind, key) that already ran is a no-op ("already-done"),
 *   so re-scheduling after a restart or a replayed event never repeats a step.
 *
 * Handlers must use only the `repos` they are given. On PGlite there is one
 * connection: opening another transaction (store.tx) or reading through
 * store.read from inside a handler waits for the handler's own transaction,
 * forever.
 */
import { hostname } from "node:os";
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import { newId, newToken } from "../../shared/ids.js";
import type { Repos, Store } from "../../storage/store.js";
import { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from "./backoff.js";
import type { ScheduledJob, UpsertOutcome } from "./scheduler.ports.js";

export type { ScheduledJob, UpsertOutcome } from "./scheduler.ports.js";

export interface JobContext {
  /** The time this tick runs "as of" (from the injected clock). */
  now: Date;
  /** Which scheduler instance runs the job. */
  worker: string;
}

/** Return this from a handler to run the job again later instead of completing it (e.g. a deadline moved). */
export interface JobOutcome {
  rescheduleAt: Date;
}

export type JobHandler<P = unknown> = (job: ScheduledJob<P>, repos: Repos, ctx: JobContext) => Promise<void | JobOutcome>;

/**
 * A handler with side effects outside the database (SMTP, HTTP). It runs with
 * no transaction open; the returned function (if any) runs in the transaction
 * that marks the job done. At-least-once: a crash after the side effect and
 * before completion repeats the side effect once the claim expires, so the
 * effect must be idempotent (e.g. a stable Message-ID). The returned function
 * may return a JobOutcome to run the job again later (recurring work such as
 * health probes) instead of completing it.
 */
export type ExternalJobHandler<P = unknown> = (job: ScheduledJob<P>, ctx: JobContext) => Promise<void | ((repos: Repos) => Promise<void | JobOutcome>)>;

export interface RegisterOptions {
  retry?: Partial<RetryPolicy>;
}

export interface ScheduleInput<P = unknown> {
  kind: string;
  /** Unique per kind: the same (kind, key) is one job. */
  key: string;
  dueAt: Date;
  payload?: P;
}

export interface TickResult {
  claimed: number;
  done: number;
  rescheduled: number;
  retried: number;
  gaveUp: number;
  /** Claimed but taken over by another instance before it ran (claim expired). */
  skipped: number;
}

export interface SchedulerOptions {
  /** Rows claimed per tick (default 50). */
  batchSize?: number;
  /** How long a claim keeps other instances off a row (default 2 min). */
  claimTtlMs?: number;
  /** Instance name in claimed_by (default host/pid/random). */
  workerId?: string;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

interface Registration {
  handler: JobHandler | ExternalJobHandler;
  external: boolean;
  retry: RetryPolicy;
}

const MAX_PAYLOAD_BYTES = 64 * 1024;
const NAME_RE = /^[a-z0-9][a-z0-9._:-]{0,99}$/;

function errorText(e: unknown): string {
  const text = e instanceof AppError ? e.toLine() : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.slice(0, 2000);
}

export class Scheduler {
  readonly workerId: string;
  private readonly handlers = new Map<string, Registration>();
  private readonly batchSize: number;
  private readonly claimTtlMs: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly opts: SchedulerOptions = {},
  ) {
    this.workerId = opts.workerId ?? `${hostname()}/${process.pid}/${newToken(6)}`;
    this.batchSize = opts.batchSize ?? 50;
    this.claimTtlMs = opts.claimTtlMs ?? 2 * 60_000;
  }

  /** Registers the handler for a kind; this instance claims only kinds it has handlers for. */
  register<P = unknown>(kind: string, handler: JobHandler<P>, opts: RegisterOptions = {}): void {
    this.add(kind, handler as JobHandler, false, opts);
  }

  /** Registers a handler with side effects outside the database (at-least-once; see ExternalJobHandler). */
  registerExternal<P = unknown>(kind: string, handler: ExternalJobHandler<P>, opts: RegisterOptions = {}): void {
    this.add(kind, handler as ExternalJobHandler, true, opts);
  }

  private add(kind: string, handler: JobHandler | ExternalJobHandler, external: boolean, opts: RegisterOptions): void {
    if (!NAME_RE.test(kind)) throw new AppError("SCHEDULER_JOB_INVALID", { detail: `kind ${JSON.stringify(kind)}` });
    if (this.handlers.has(kind)) throw new AppError("SCHEDULER_KIND_TAKEN", { detail: kind });
    this.handlers.set(kind, { handler, external, retry: { ...DEFAULT_RETRY, ...opts.retry } });
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /**
   * Creates the job, or moves it if it is still open (new due time and payload,
   * attempts reset). Runs in the caller's transaction. A job that already ran
   * is left as it is: the answer is "already-done".
   */
  async schedule<P>(repos: Repos, input: ScheduleInput<P>): Promise<UpsertOutcome> {
    if (!NAME_RE.test(input.kind)) throw new AppError("SCHEDULER_JOB_INVALID", { detail: `kind ${JSON.stringify(input.kind)}` });
    if (!input.key || input.key.length > 300) throw new AppError("SCHEDULER_JOB_INVALID", { detail: "key must be 1–300 characters" });
    if (!(input.dueAt instanceof Date) || Number.isNaN(input.dueAt.getTime())) throw new AppError("SCHEDULER_JOB_INVALID", { detail: "dueAt is not a valid time" });
    const payload = input.payload ?? {};
    const size = Buffer.byteLength(JSON.stringify(payload) ?? "");
    if (size > MAX_PAYLOAD_BYTES) throw new AppError("SCHEDULER_JOB_INVALID", { detail: `payload is ${size} bytes (max ${MAX_PAYLOAD_BYTES})` });
    return repos.scheduler.upsert({ id: newId(), kind: input.kind, key: input.key, dueAt: input.dueAt, payload, at: this.clock.now() });
  }

  /** Removes the job if it has not run yet; true when one was removed. Runs in the caller's transaction. */
  cancel(repos: Repos, kind: string, key: string): Promise<boolean> {
    return repos.scheduler.cancel(kind, key);
  }

  /** Claims due rows (one batch) and runs them, each in its own transaction. */
  async tick(now?: Date): Promise<TickResult> {
    const at = now ?? this.clock.now();
    const result: TickResult = { claimed: 0, done: 0, rescheduled: 0, retried: 0, gaveUp: 0, skipped: 0 };
    const kinds = this.kinds();
    if (kinds.length === 0) return result;
    const claimed = await this.store.tx((r) =>
      r.scheduler.claimDue({ now: at, kinds, limit: this.batchSize, claimer: this.workerId, claimUntil: new Date(at.getTime() + this.claimTtlMs) }),
    );
    result.claimed = claimed.length;
    for (const job of claimed) {
      const outcome = await this.runOne(job, at);
      result[outcome] += 1;
    }
    return result;
  }

  /** Ticks until a tick claims less than a full batch (tests, start-up catch-up). */
  async drain(now?: Date, maxRounds = 100): Promise<TickResult> {
    const total: TickResult = { claimed: 0, done: 0, rescheduled: 0, retried: 0, gaveUp: 0, skipped: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.tick(now);
      for (const k of Object.keys(total) as (keyof TickResult)[]) total[k] += r[k];
      if (r.claimed < this.batchSize) break;
    }
    return total;
  }

  private async runOne(job: ScheduledJob, at: Date): Promise<Exclude<keyof TickResult, "claimed">> {
    const reg = this.handlers.get(job.kind);
    if (!reg) return "skipped";
    const ctx: JobContext = { now: at, worker: this.workerId };
    try {
      if (reg.external) return await this.runExternal(job, reg.handler as ExternalJobHandler, ctx);
      return await this.store.tx(async (r) => {
        const locked = await r.scheduler.lockClaimed(job.id, this.workerId);
        if (!locked) return "skipped" as const;
        const out = await (reg.handler as JobHandler)(locked, r, ctx);
        if (out && out.rescheduleAt) {
          await r.scheduler.reschedule(job.id, this.workerId, out.rescheduleAt, at);
          return "rescheduled" as const;
        }
        await r.scheduler.complete(job.id, this.workerId, at);
        return "done" as const;
      });
    } catch (e) {
      return this.recordFailure(job, reg.retry, e, at);
    }
  }

  private async runExternal(job: ScheduledJob, handler: ExternalJobHandler, ctx: JobContext): Promise<"done" | "skipped" | "rescheduled"> {
    const finish = await handler(job, ctx);
    return this.store.tx(async (r) => {
      if (!(await r.scheduler.lockClaimed(job.id, this.workerId))) return "skipped" as const;
      const out = finish ? await finish(r) : undefined;
      if (out && out.rescheduleAt) {
        await r.scheduler.reschedule(job.id, this.workerId, out.rescheduleAt, ctx.now);
        return "rescheduled" as const;
      }
      await r.scheduler.complete(job.id, this.workerId, ctx.now);
      return "done" as const;
    });
  }

  private async recordFailure(job: ScheduledJob, retry: RetryPolicy, e: unknown, at: Date): Promise<"retried" | "gaveUp"> {
    const attempt = job.attempts + 1;
    const delay = retryDelayMs(attempt, retry);
    const text = errorText(e);
    const retryAt = delay === null ? null : new Date(at.getTime() + delay);
    try {
      await this.store.tx((r) => r.scheduler.fail(job.id, this.workerId, text, retryAt, at));
    } catch (e2) {
      // The claim expires and the job comes back; nothing is lost.
      this.opts.log?.error({ err: e2, jobId: job.id }, "scheduler: could not record a job failure");
    }
    if (retryAt) this.opts.log?.warn({ kind: job.kind, key: job.key, attempt, retryAt, error: text }, "scheduler: job failed, will retry");
    else this.opts.log?.error({ kind: job.kind, key: job.key, attempt, error: text }, "scheduler: job failed too often, gave up");
    return retryAt ? "retried" : "gaveUp";
  }

  /** Jobs for people and tests to look at. */
  list(q: { kind?: string; keyPrefix?: string; state?: "open" | "done" | "failed"; limit?: number } = {}): Promise<ScheduledJob[]> {
    return this.store.read.scheduler.list({ ...q, limit: q.limit ?? 100 });
  }
}
