import { type Kysely } from "kysely";

// Operations: backup records (for the dashboard and the upgrade guard), health-probe
// history and state, and the node registry (leader/standby, heartbeats).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ops_backup")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    // local: made from this database; foreign: made elsewhere, seen by `backup verify`.
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("file", "text")
    .addColumn("bytes", "bigint", (c) => c.notNull())
    .addColumn("archive_sha256", "text", (c) => c.notNull())
    .addColumn("manifest_sha256", "text", (c) => c.notNull())
    .addColumn("schema_version", "text", (c) => c.notNull())
    .addColumn("audit_seq", "bigint", (c) => c.notNull())
    .addColumn("audit_hash", "text", (c) => c.notNull())
    .addColumn("total_rows", "bigint", (c) => c.notNull())
    .addColumn("signer_spki_sha256", "text", (c) => c.notNull())
    .addColumn("verified_at", "timestamptz")
    .addColumn("verify_ok", "boolean")
    .addColumn("verify_report", "jsonb")
    .addColumn("restored_at", "timestamptz")
    .execute();
  await db.schema.createIndex("ops_backup_created_idx").on("ops_backup").column("created_at").execute();

  await db.schema
    .createTable("ops_probe_result")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("probe", "text", (c) => c.notNull())
    .addColumn("component", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("ok", "boolean", (c) => c.notNull())
    .addColumn("latency_ms", "double precision", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("node_id", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ops_probe_result_probe_at_idx").on("ops_probe_result").columns(["probe", "at"]).execute();

  // One row per probe: the transition state that decides when an incident opens or resolves.
  await db.schema
    .createTable("ops_probe_state")
    .addColumn("probe", "text", (c) => c.primaryKey())
    .addColumn("component", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("since", "timestamptz", (c) => c.notNull())
    .addColumn("last_at", "timestamptz", (c) => c.notNull())
    .addColumn("consecutive_failures", "integer", (c) => c.notNull())
    .addColumn("last_detail", "text", (c) => c.notNull())
    .addColumn("incident_open", "boolean", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("ops_node")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("hostname", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("epoch", "bigint")
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("heartbeat_at", "timestamptz", (c) => c.notNull())
    .addColumn("stopped_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["ops_node", "ops_probe_state", "ops_probe_result", "ops_backup"]) await db.schema.dropTable(t).ifExists().execute();
}
