import { sql, type Kysely } from "kysely";

// PKI: CAs, certificates (the to-be-signed form is stored before signing), CRLs, service keys,
// timestamp tokens, EST enrollment grants, audit anchors.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("pki_ca")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('root', 'sub', 'external')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("parent_id", "text", (c) => c.references("pki_ca.id"))
    .addColumn("key_ref", "jsonb")
    .addColumn("cert_der", "bytea", (c) => c.notNull())
    .addColumn("ski", "text", (c) => c.notNull())
    .addColumn("not_before", "timestamptz", (c) => c.notNull())
    .addColumn("not_after", "timestamptz", (c) => c.notNull())
    .addColumn("crl_number", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("pki_certificate")
    .addColumn("serial", "text", (c) => c.primaryKey())
    .addColumn("ca_id", "text", (c) => c.notNull().references("pki_ca.id"))
    .addColumn("profile", "text", (c) => c.notNull())
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("spki_sha256", "text", (c) => c.notNull())
    .addColumn("tbs_der", "bytea", (c) => c.notNull())
    .addColumn("cert_der", "bytea")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'issued', 'revoked', 'hold')`))
    .addColumn("not_before", "timestamptz", (c) => c.notNull())
    .addColumn("not_after", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revocation_reason", "integer")
    .addColumn("holder", "text")
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("issued_at", "timestamptz")
    .execute();
  await db.schema.createIndex("pki_certificate_spki_idx").on("pki_certificate").column("spki_sha256").execute();
  await db.schema.createIndex("pki_certificate_ca_status_idx").on("pki_certificate").columns(["ca_id", "status"]).execute();
  await db.schema.createIndex("pki_certificate_subject_idx").on("pki_certificate").column("subject").execute();
  await db.schema.createIndex("pki_certificate_holder_idx").on("pki_certificate").column("holder").execute();

  await db.schema
    .createTable("pki_crl")
    .addColumn("ca_id", "text", (c) => c.notNull().references("pki_ca.id"))
    .addColumn("crl_number", "bigint", (c) => c.notNull())
    .addColumn("this_update", "timestamptz", (c) => c.notNull())
    .addColumn("next_update", "timestamptz", (c) => c.notNull())
    .addColumn("der", "bytea", (c) => c.notNull())
    .addColumn("entries", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("pki_crl_pk", ["ca_id", "crl_number"])
    .execute();

  await db.schema
    .createTable("pki_service_key")
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('ocsp', 'tsa')`))
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("serial", "text", (c) => c.notNull().references("pki_certificate.serial"))
    .addColumn("key_ref", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("pki_service_key_pk", ["purpose", "suite"])
    .execute();

  // RFC 3161 tokens: serials from a sequence (unique and increasing across nodes).
  await sql`create sequence pki_tsa_serial_seq start 1`.execute(db);
  await db.schema
    .createTable("pki_tsa_token")
    .addColumn("serial", "bigint", (c) => c.primaryKey())
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("gen_time", "timestamptz", (c) => c.notNull())
    .addColumn("hash_alg", "text", (c) => c.notNull())
    .addColumn("imprint", "text", (c) => c.notNull())
    .addColumn("policy", "text", (c) => c.notNull())
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("token_der", "bytea", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pki_tsa_token_imprint_idx").on("pki_tsa_token").column("imprint").execute();

  // One-time EST enrollment grants: the RA creates them for approved applications;
  // the applicant authenticates with (id, code). Only the code's hash is stored.
  await db.schema
    .createTable("pki_enrollment")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("profile", "text", (c) => c.notNull())
    .addColumn("subject", "jsonb", (c) => c.notNull())
    .addColumn("holder", "text")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("serial", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  // Audit anchors: the audit chain head (seq, hash) timestamped by our TSA.
  await db.schema
    .createTable("audit_anchor")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("audit_seq", "bigint", (c) => c.notNull())
    .addColumn("head_hash", "text", (c) => c.notNull())
    .addColumn("tsa_serial", "bigint", (c) => c.notNull().references("pki_tsa_token.serial"))
    .addColumn("anchored_at", "timestamptz", (c) => c.notNull())
    .addColumn("anchored_by", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["audit_anchor", "pki_enrollment", "pki_tsa_token", "pki_service_key", "pki_crl", "pki_certificate", "pki_ca"]) await db.schema.dropTable(t).ifExists().execute();
  await sql`drop sequence if exists pki_tsa_serial_seq`.execute(db);
}
