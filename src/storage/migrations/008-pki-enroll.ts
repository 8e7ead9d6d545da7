import type { Kysely } from "kysely";

// EST grants count wrong codes (locked after too many) and can be cancelled by the RA;
// imported external CAs keep where their revocation information lives.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("pki_enrollment")
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("pki_enrollment").addColumn("cancelled_at", "timestamptz").execute();
  // One certificate per grant, ever: a second consumption cannot record another serial.
  await db.schema.createIndex("pki_enrollment_serial_idx").on("pki_enrollment").column("serial").unique().execute();
  // External CAs (kind 'external'): label, fingerprint, CRL distribution points and OCSP URLs from their certificates.
  await db.schema.alterTable("pki_ca").addColumn("ext_info", "jsonb").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("pki_ca").dropColumn("ext_info").execute();
  await db.schema.dropIndex("pki_enrollment_serial_idx").ifExists().execute();
  await db.schema.alterTable("pki_enrollment").dropColumn("cancelled_at").execute();
  await db.schema.alterTable("pki_enrollment").dropColumn("failures").execute();
}
