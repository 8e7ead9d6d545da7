/**
 * The timer that drives the scheduler in a running server (`serve` starts
 * it). Every interval it renews its leader lease and, while leader, ticks.
 * The timer is not the truth — the rows are: a missed or late beat only
 * delays work, and a new process picks up where the old one stopped.
 *
 * Ticking only under the lease keeps one node doing the polling; FOR UPDATE
 * SKIP LOCKED still makes an overlap during hand-over harmless.
 */
import type { LeaderLease } from "./leader-lease.js";
import type { Scheduler, TickResult } from "./scheduler.js";

export interface LoopOptions {
  intervalMs?: number;
  /** Tick only while holding this lease; without one, every instance ticks. */
  lease?: LeaderLease;
  /** Extra work each beat (after the tick), e.g. metrics. Errors are logged, never thrown. */
  onTick?: (r: TickResult) => void;
  log?: { error(obj: object, msg: string): void };
}

export class SchedulerLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly intervalMs: number;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly opts: LoopOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 1000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the timer, waits for a tick in progress, releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.opts.lease?.release().catch(() => undefined);
  }

  /** One beat, for tests that want the loop's behaviour without waiting. */
  async beat(): Promise<TickResult | null> {
    const lease = this.opts.lease;
    if (lease) {
      // Takes the lease when free, renews it when ours.
      if (!(await lease.acquire())) return null;
    }
    const r = await this.scheduler.tick();
    this.opts.onTick?.(r);
    return r;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.beat()
        .then(() => undefined)
        .catch((err: unknown) => this.opts.log?.error({ err }, "scheduler loop: beat failed"))
        .finally(() => {
          this.running = null;
          this.schedule(this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }
}
