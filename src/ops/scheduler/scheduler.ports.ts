/** What the scheduler and leader leases need from storage (implemented in storage/repos/scheduler.repo.ts). */

export interface ScheduledJob<P = unknown> {
  id: string;
  kind: string;
  key: string;
  dueAt: Date;
  payload: P;
  /** Failed runs so far (a successful run does not count). */
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  doneAt: Date | null;
  failedAt: Date | null;
  claimedBy: string | null;
  claimedUntil: Date | null;
}

export type UpsertOutcome = "scheduled" | "rescheduled" | "already-done";

export interface SchedulerRepo {
  /**
   * Insert, or move an open row (same kind + key) to a new due time and payload.
   * A row that is done or failed is left alone ("already-done"): a step runs once.
   */
  upsert(j: { id: string; kind: string; key: string; dueAt: Date; payload: unknown; at: Date }): Promise<UpsertOutcome>;
  /** Deletes the row if it is still open; true when a row was deleted. */
  cancel(kind: string, key: string): Promise<boolean>;
  /**
   * Claims up to `limit` due, open, unclaimed (or claim-expired) rows of the given
   * kinds with SELECT … FOR UPDATE SKIP LOCKED and marks them claimed by `claimer`.
   */
  claimDue(q: { now: Date; kinds: string[]; limit: number; claimer: string; claimUntil: Date }): Promise<ScheduledJob[]>;
  /** Row-locks one row still open and claimed by `claimer` (SKIP LOCKED: undefined if another holds it). */
  lockClaimed(id: string, claimer: string): Promise<ScheduledJob | undefined>;
  complete(id: string, claimer: string, at: Date): Promise<boolean>;
  /** Moves a claimed row to a later due time and releases the claim; attempts unchanged. */
  reschedule(id: string, claimer: string, dueAt: Date, at: Date): Promise<boolean>;
  /** Records a failed run: attempts+1, last_error, and either a retry time or give up (failed_at). */
  fail(id: string, claimer: string, error: string, retryAt: Date | null, at: Date): Promise<boolean>;
  get(kind: string, key: string): Promise<ScheduledJob | undefined>;
  list(q: { kind?: string; keyPrefix?: string; state?: "open" | "done" | "failed"; limit: number }): Promise<ScheduledJob[]>;
}

export interface LeaseRecord {
  name: string;
  holder: string;
  expiresAt: Date;
  epoch: number;
  acquiredAt: Date;
}

export interface LeaseRepo {
  /**
   * Takes the lease if it is free or expired, or renews it if `holder` holds it.
   * Returns the row after the attempt: `holder` tells whether it worked.
   */
  tryAcquire(name: string, holder: string, now: Date, expiresAt: Date): Promise<LeaseRecord>;
  /** Ends the lease now if `holder` still holds it at `epoch`. */
  release(name: string, holder: string, epoch: number, now: Date): Promise<boolean>;
  get(name: string): Promise<LeaseRecord | undefined>;
}
