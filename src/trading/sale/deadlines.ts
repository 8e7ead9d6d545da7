/**
 * The sales' deadlines as scheduler jobs (ops/scheduler): every "schedule"
 * effect of the engine becomes a job of kind `trading.deadline` keyed by
 * parcel, deadline and due instant, created in the transaction of the event
 * that produced it. A deadline that moves (a bid restarts the countdown, a
 * material change postpones the listing, a resumption restarts a window)
 * simply gets a new job; the old one still fires and the engine treats it as
 * stale (nothing changes). So no job is ever cancelled or moved, and a job
 * that runs twice (at-least-once after a crash) is harmless.
 *
 * The handler is "external" to the scheduler's transaction: it runs the event
 * in its own transaction through the sale runner, so live-board messages are
 * published only after that transaction commits.
 */
import type { Scheduler } from "../../ops/scheduler/scheduler.js";
import type { Repos } from "../../storage/store.js";
import type { DeadlineKind, Effect } from "../engine/types.js";
import type { SaleRunner } from "./sale-runner.js";

export const DEADLINE_JOB = "trading.deadline";

export interface DeadlinePayload {
  parcelId: string;
  deadline: DeadlineKind;
}

export interface DeadlineScheduler {
  /** Creates the jobs for the engine's schedule effects, in the caller's transaction. */
  schedule(r: Repos, parcelId: string, effects: Effect[]): Promise<void>;
}

export function deadlineJobs(scheduler: Scheduler): DeadlineScheduler {
  return {
    async schedule(r, parcelId, effects) {
      for (const e of effects) {
        if (e.type !== "schedule") continue;
        const payload: DeadlinePayload = { parcelId, deadline: e.deadline };
        await scheduler.schedule(r, { kind: DEADLINE_JOB, key: `${parcelId}:${e.deadline}:${e.dueAt.getTime()}`, dueAt: e.dueAt, payload });
      }
    },
  };
}

export function registerDeadlineHandler(scheduler: Scheduler, runner: SaleRunner): void {
  scheduler.registerExternal<DeadlinePayload>(DEADLINE_JOB, async (job) => {
    const { parcelId, deadline } = job.payload;
    await runner.run((r, outbox) => runner.apply(r, outbox, parcelId, { type: deadline }, "system:deadline"));
  });
}
