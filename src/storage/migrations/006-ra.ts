import { sql, type Kysely } from "kysely";

// RA account system: applicants and their scans, certificate applications,
// the USB key registry, key escrow for encryption keys, bidder certificate
// login (challenges, sessions, certificate bindings), expiry notices.
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = "timestamptz";
  await db.schema
    .createTable("ra_applicant")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('individual', 'enterprise')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("identity_key", "text", (c) => c.notNull().unique())
    .addColumn("id_number", "text")
    .addColumn("uscc", "text")
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("legal_rep_name", "text")
    .addColumn("legal_rep_id_number", "text")
    .addColumn("agent_name", "text")
    .addColumn("agent_id_number", "text")
    .addColumn("agent_phone", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ra_applicant_name_idx").on("ra_applicant").column("name").execute();

  await db.schema
    .createTable("ra_token")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("serial", "text", (c) => c.notNull().unique())
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('usb', 'soft')`))
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('stock', 'issued', 'lost', 'damaged', 'destroyed')`))
    .addColumn("applicant_id", "text", (c) => c.references("ra_applicant.id"))
    .addColumn("issued_at", ts)
    .addColumn("note", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ra_token_applicant_idx").on("ra_token").column("applicant_id").execute();

  await db.schema
    .createTable("ra_application")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("applicant_id", "text", (c) => c.notNull().references("ra_applicant.id"))
    .addColumn("type", "text", (c) => c.notNull().check(sql`type in ('new', 'renew', 'replace', 'revoke', 'suspend', 'unsuspend')`))
    .addColumn("state", "text", (c) =>
      c.notNull().check(sql`state in ('submitted', 'vetted', 'approved', 'code_issued', 'enrolled', 'active', 'completed', 'rejected')`),
    )
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('counter', 'online', 'certificate', 'token_report')`))
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("dual", "boolean", (c) => c.notNull())
    .addColumn("token_kind", "text", (c) => c.check(sql`token_kind in ('usb', 'soft')`))
    .addColumn("token_id", "text", (c) => c.references("ra_token.id"))
    .addColumn("target_serial", "text")
    .addColumn("revocation_reason", "integer")
    .addColumn("request_note", "text")
    .addColumn("submitted_by", "text", (c) => c.notNull())
    .addColumn("submitted_at", ts, (c) => c.notNull())
    .addColumn("vetted_by", "text")
    .addColumn("vetted_at", ts)
    .addColumn("vet_note", "text")
    .addColumn("identity_check", "text")
    .addColumn("approved_by", "text")
    .addColumn("approved_at", ts)
    .addColumn("rejected_by", "text")
    .addColumn("rejected_at", ts)
    .addColumn("reject_reason", "text")
    .addColumn("code_issued_by", "text")
    .addColumn("code_issued_at", ts)
    .addColumn("code_expires_at", ts)
    .addColumn("enrolled_at", ts)
    .addColumn("sign_serial", "text")
    .addColumn("enc_serial", "text")
    .addColumn("activated_at", ts)
    .addColumn("completed_at", ts)
    .addColumn("updated_at", ts, (c) => c.notNull())
    // The database keeps dual control even if the code had a bug.
    .addCheckConstraint("ra_application_dual_control", sql`approved_by is null or (approved_by <> vetted_by and approved_by <> submitted_by)`)
    .execute();
  await db.schema.createIndex("ra_application_state_idx").on("ra_application").columns(["state", "submitted_at"]).execute();
  await db.schema.createIndex("ra_application_applicant_idx").on("ra_application").column("applicant_id").execute();
  await db.schema.createIndex("ra_application_target_idx").on("ra_application").column("target_serial").execute();

  await db.schema
    .createTable("ra_document")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("applicant_id", "text", (c) => c.notNull().references("ra_applicant.id"))
    .addColumn("application_id", "text", (c) => c.references("ra_application.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .addColumn("uploaded_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ra_document_applicant_idx").on("ra_document").column("applicant_id").execute();

  await db.schema
    .createTable("ra_token_cert")
    .addColumn("serial", "text", (c) => c.primaryKey())
    .addColumn("token_id", "text", (c) => c.references("ra_token.id"))
    .addColumn("applicant_id", "text", (c) => c.notNull().references("ra_applicant.id"))
    .addColumn("usage", "text", (c) => c.notNull().check(sql`usage in ('sign', 'enc')`))
    .addColumn("spki_sha256", "text", (c) => c.notNull())
    .addColumn("added_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ra_token_cert_token_idx").on("ra_token_cert").column("token_id").execute();
  await db.schema.createIndex("ra_token_cert_spki_idx").on("ra_token_cert").column("spki_sha256").execute();

  await db.schema
    .createTable("ra_km_key")
    .addColumn("purpose", "text", (c) => c.primaryKey())
    .addColumn("key_ref", "jsonb", (c) => c.notNull())
    .addColumn("spki", "bytea", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("ra_escrow")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("serial", "text", (c) => c.notNull().unique())
    .addColumn("sign_serial", "text", (c) => c.notNull())
    .addColumn("applicant_id", "text", (c) => c.notNull().references("ra_applicant.id"))
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("escrow_key", "text", (c) => c.notNull())
    .addColumn("wrapped_key", "bytea", (c) => c.notNull())
    .addColumn("iv", "bytea", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("ra_recovery")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("escrow_id", "text", (c) => c.notNull().references("ra_escrow.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('holder', 'judicial')`))
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('requested', 'approved', 'released', 'rejected')`))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("case_ref", "text")
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("approvals", "jsonb", (c) => c.notNull())
    .addColumn("released_by", "text")
    .addColumn("released_at", ts)
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("bidder_challenge")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("attempt_hash", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("used_at", ts)
    .execute();
  await db.schema.createIndex("bidder_challenge_expires_idx").on("bidder_challenge").column("expires_at").execute();

  await db.schema
    .createTable("bidder_session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("applicant_id", "text", (c) => c.notNull().references("ra_applicant.id"))
    .addColumn("cert_serial", "text", (c) => c.notNull())
    .addColumn("cert_sha256", "text", (c) => c.notNull())
    .addColumn("issuer_ca", "text")
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("last_seen_at", ts, (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("bidder_session_applicant_idx").on("bidder_session").column("applicant_id").execute();

  await db.schema
    .createTable("ra_cert_binding")
    .addColumn("cert_sha256", "text", (c) => c.primaryKey())
    .addColumn("applicant_id", "text", (c) => c.notNull().references("ra_applicant.id"))
    .addColumn("serial", "text", (c) => c.notNull())
    .addColumn("issuer", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('issued', 'login')`))
    .addColumn("bound_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ra_cert_binding_applicant_idx").on("ra_cert_binding").column("applicant_id").execute();

  await db.schema
    .createTable("ra_expiry_notice")
    .addColumn("serial", "text", (c) => c.primaryKey())
    .addColumn("not_after", ts, (c) => c.notNull())
    .addColumn("recipients", "jsonb", (c) => c.notNull())
    .addColumn("notified_at", ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "ra_expiry_notice",
    "ra_cert_binding",
    "bidder_session",
    "bidder_challenge",
    "ra_recovery",
    "ra_escrow",
    "ra_km_key",
    "ra_token_cert",
    "ra_document",
    "ra_application",
    "ra_token",
    "ra_applicant",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
