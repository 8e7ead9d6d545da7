/** Row counts per table, for "bad input changes nothing" checks (before/after). */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../src/storage/schema.js";

export async function countRows(db: Kysely<Database>, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

export const RA_TABLES = [
  "ra_applicant",
  "ra_document",
  "ra_application",
  "ra_token",
  "ra_token_cert",
  "ra_escrow",
  "ra_recovery",
  "bidder_session",
  "ra_cert_binding",
  "pki_certificate",
  "pki_enrollment",
];
