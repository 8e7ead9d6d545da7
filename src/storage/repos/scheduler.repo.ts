import { sql, type Kysely, type Selectable } from "kysely";
import type { LeaseRecord, LeaseRepo, ScheduledJob, SchedulerRepo } from "../../ops/scheduler/scheduler.ports.js";
import type { Database } from "../schema.js";
import type { LeaderLeaseTable, ScheduledJobTable } from "../tables/scheduler.js";

const d = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function toJob(r: Selectable<ScheduledJobTable>): ScheduledJob {
  return {
    id: r.id,
    kind: r.kind,
    key: r.key,
    dueAt: new Date(r.due_at),
    payload: r.payload,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    doneAt: d(r.done_at),
    failedAt: d(r.failed_at),
    claimedBy: r.claimed_by,
    claimedUntil: d(r.claimed_until),
  };
}

function toLease(r: Selectable<LeaderLeaseTable>): LeaseRecord {
  return { name: r.name, holder: r.holder, expiresAt: new Date(r.expires_at), epoch: Number(r.epoch), acquiredAt: new Date(r.acquired_at) };
}

export function schedulerRepo(db: Kysely<Database>): SchedulerRepo {
  return {
    async upsert(j) {
      const payload = JSON.stringify(j.payload ?? {});
      // xmax = 0 on the returned row means it was inserted, otherwise updated.
      // A claim is left as it is: the row may be running right now (even in this very
      // transaction, when a handler re-plans its own job), and its claim expires anyway.
      const r = await sql<{ inserted: boolean }>`
        insert into scheduled_job (id, kind, key, due_at, payload, attempts, created_at, updated_at)
        values (${j.id}, ${j.kind}, ${j.key}, ${j.dueAt}, ${payload}::jsonb, 0, ${j.at}, ${j.at})
        on conflict (kind, key) do update set
          due_at = excluded.due_at, payload = excluded.payload, updated_at = excluded.updated_at,
          attempts = 0, last_error = null
        where scheduled_job.done_at is null and scheduled_job.failed_at is null
        returning (xmax = 0) as inserted`.execute(db);
      const row = r.rows[0];
      if (!row) return "already-done";
      return row.inserted ? "scheduled" : "rescheduled";
    },
    async cancel(kind, key) {
      const r = await db
        .deleteFrom("scheduled_job")
        .where("kind", "=", kind)
        .where("key", "=", key)
        .where("done_at", "is", null)
        .where("failed_at", "is", null)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async claimDue(q) {
      if (q.kinds.length === 0) return [];
      const r = await sql<Selectable<ScheduledJobTable>>`
        update scheduled_job set claimed_by = ${q.claimer}, claimed_until = ${q.claimUntil}
        where id in (
          select id from scheduled_job
          where done_at is null and failed_at is null and due_at <= ${q.now}
            and kind in (${sql.join(q.kinds)})
            and (claimed_until is null or claimed_until <= ${q.now})
          order by due_at, id
          limit ${q.limit}
          for update skip locked)
        returning *`.execute(db);
      return r.rows.map(toJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
    },
    async lockClaimed(id, claimer) {
      const r = await db
        .selectFrom("scheduled_job")
        .selectAll()
        .where("id", "=", id)
        .where("claimed_by", "=", claimer)
        .where("done_at", "is", null)
        .where("failed_at", "is", null)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      return r ? toJob(r) : undefined;
    },
    async complete(id, claimer, at) {
      const r = await db
        .updateTable("scheduled_job")
        .set({ done_at: at, updated_at: at, claimed_until: null })
        .where("id", "=", id)
        .where("claimed_by", "=", claimer)
        .where("done_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async reschedule(id, claimer, dueAt, at) {
      const r = await db
        .updateTable("scheduled_job")
        .set({ due_at: dueAt, updated_at: at, claimed_by: null, claimed_until: null })
        .where("id", "=", id)
        .where("claimed_by", "=", claimer)
        .where("done_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async fail(id, claimer, error, retryAt, at) {
      const r = await db
        .updateTable("scheduled_job")
        .set((eb) => ({
          attempts: eb("attempts", "+", 1),
          last_error: error,
          updated_at: at,
          claimed_by: null,
          claimed_until: null,
          ...(retryAt ? { due_at: retryAt } : { failed_at: at }),
        }))
        .where("id", "=", id)
        .where("claimed_by", "=", claimer)
        .where("done_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async get(kind, key) {
      const r = await db.selectFrom("scheduled_job").selectAll().where("kind", "=", kind).where("key", "=", key).executeTakeFirst();
      return r ? toJob(r) : undefined;
    },
    async list(q) {
      let query = db.selectFrom("scheduled_job").selectAll();
      if (q.kind) query = query.where("kind", "=", q.kind);
      if (q.keyPrefix) query = query.where("key", "like", `${q.keyPrefix.replace(/[%_\\]/g, "\\$&")}%`);
      if (q.state === "open") query = query.where("done_at", "is", null).where("failed_at", "is", null);
      if (q.state === "done") query = query.where("done_at", "is not", null);
      if (q.state === "failed") query = query.where("failed_at", "is not", null);
      const rows = await query.orderBy("due_at").orderBy("id").limit(q.limit).execute();
      return rows.map(toJob);
    },
  };
}

export function leaseRepo(db: Kysely<Database>): LeaseRepo {
  return {
    async tryAcquire(name, holder, now, expiresAt) {
      // Free or expired: take it (epoch + 1 when it changes hands). Held by us: renew (same epoch).
      await sql`
        insert into leader_lease (name, holder, expires_at, epoch, acquired_at)
        values (${name}, ${holder}, ${expiresAt}, 1, ${now})
        on conflict (name) do update set
          holder = excluded.holder,
          expires_at = excluded.expires_at,
          epoch = case when leader_lease.holder = excluded.holder then leader_lease.epoch else leader_lease.epoch + 1 end,
          acquired_at = case when leader_lease.holder = excluded.holder then leader_lease.acquired_at else excluded.acquired_at end
        where leader_lease.holder = excluded.holder or leader_lease.expires_at <= ${now}`.execute(db);
      const r = await db.selectFrom("leader_lease").selectAll().where("name", "=", name).executeTakeFirstOrThrow();
      return toLease(r);
    },
    async release(name, holder, epoch, now) {
      const r = await db
        .updateTable("leader_lease")
        .set({ expires_at: now })
        .where("name", "=", name)
        .where("holder", "=", holder)
        .where("epoch", "=", epoch)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async get(name) {
      const r = await db.selectFrom("leader_lease").selectAll().where("name", "=", name).executeTakeFirst();
      return r ? toLease(r) : undefined;
    },
  };
}
