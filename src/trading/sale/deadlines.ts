/**
 * Works the sales' deadlines: each parcel row carries its next due instant
 * (next_due_at, kept by the sale runner); tick(now) claims due parcels with
 * FOR UPDATE SKIP LOCKED — so several nodes can tick at once without doing a
 * deadline twice — and applies the deadline event (listing open / close,
 * intent window and countdown lapse). Late or repeated ticks are harmless:
 * the engine treats a deadline that is not due, or no longer exists, as
 * stale. The rows are the source of truth; the timer that calls tick() is
 * only a poll.
 */
import type { Logger } from "pino";
import type { Clock } from "../../app/clock.js";
import { isAppError } from "../../shared/errors.js";
import { nextDeadline } from "../engine/view.js";
import type { SaleRunner } from "./sale-runner.js";

export class DeadlineWorker {
  constructor(
    private readonly runner: SaleRunner,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {}

  /** Processes every deadline due now; returns how many parcels it moved. */
  async tick(limit = 500): Promise<number> {
    const failed = new Set<string>();
    let moved = 0;
    for (let i = 0; i < limit; i++) {
      const now = this.clock.now();
      const outcome = await this.runner
        .run(async (r, outbox) => {
          const [id] = await r.trading.parcels.claimDue(now, 1, [...failed]);
          if (!id) return "idle" as const;
          try {
            const p = (await r.trading.parcels.lock(id))!;
            const due = nextDeadline(p.state);
            if (!due || due.at > now) {
              // The stored due time was out of date (e.g. the schedule moved): correct it.
              await r.trading.parcels.saveSale(id, { state: p.state, nextDueAt: due?.at ?? null, eventSeq: p.eventSeq, boardSeq: p.boardSeq, at: now });
              return "fixed" as const;
            }
            await this.runner.apply(r, outbox, id, { type: due.kind }, "system:deadline");
            return "moved" as const;
          } catch (e) {
            failed.add(id);
            throw e;
          }
        })
        .catch((e: unknown) => {
          // One broken sale must not stop the others; it is retried on the next tick.
          this.log?.error({ err: e, code: isAppError(e) ? e.code : undefined }, "trading deadline failed");
          return "failed" as const;
        });
      if (outcome === "idle") break;
      if (outcome === "moved") moved++;
    }
    return moved;
  }
}
