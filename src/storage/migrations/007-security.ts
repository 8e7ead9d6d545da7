import { sql, type Kysely } from "kysely";

// Security service (安全应用支持服务): its own signing/decryption keys per suite,
// one-time authentication challenges, and the high-volume call log whose
// batches are chained by digest (and anchored in the audit chain).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("security_key")
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("serial", "text", (c) => c.notNull())
    .addColumn("key_ref", "jsonb", (c) => c.notNull())
    .addColumn("cert_der", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("security_key_pk", ["purpose", "suite"])
    .execute();

  await db.schema
    .createTable("security_challenge")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("challenge", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await sql`create index security_challenge_expiry_idx on security_challenge (expires_at)`.execute(db);

  await db.schema
    .createTable("security_call_batch")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("first_call_id", "bigint", (c) => c.notNull())
    .addColumn("last_call_id", "bigint", (c) => c.notNull())
    .addColumn("calls", "integer", (c) => c.notNull())
    .addColumn("prev_digest", "text", (c) => c.notNull())
    .addColumn("digest", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    // Audit-chain sequence number of the entry that anchored this batch's digest.
    .addColumn("anchored_seq", "bigint")
    .execute();

  await db.schema
    .createTable("security_call")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("caller", "text", (c) => c.notNull())
    .addColumn("fn", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("micros", "integer", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("batch_id", "bigint", (c) => c.notNull())
    .execute();
  await sql`create index security_call_at_idx on security_call (at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["security_call", "security_call_batch", "security_challenge", "security_key"]) await db.schema.dropTable(t).ifExists().execute();
}
