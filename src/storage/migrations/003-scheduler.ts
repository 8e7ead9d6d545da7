import { sql, type Kysely } from "kysely";

// The generic scheduler (ARCHITECTURE rule 6): deadlines are rows with a due
// time, claimed with FOR UPDATE SKIP LOCKED; leader leases for singleton duties.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scheduled_job")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("done_at", "timestamptz")
    // Set when the handler failed maxAttempts times: the row stays for people to see.
    .addColumn("failed_at", "timestamptz")
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "timestamptz")
    .addUniqueConstraint("scheduled_job_kind_key_uq", ["kind", "key"])
    .execute();
  // The poller's query: open rows by due time.
  await sql`create index scheduled_job_due_idx on scheduled_job (due_at) where done_at is null and failed_at is null`.execute(db);

  await db.schema
    .createTable("leader_lease")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    // Fencing epoch: +1 each time the lease changes hands, so a paused ex-leader's writes can be refused.
    .addColumn("epoch", "bigint", (c) => c.notNull())
    .addColumn("acquired_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("leader_lease").ifExists().execute();
  await db.schema.dropTable("scheduled_job").ifExists().execute();
}
