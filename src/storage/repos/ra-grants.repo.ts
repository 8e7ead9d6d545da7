/**
 * INTERIM: one-time enrollment grants in pki_enrollment, written by the RA
 * until EnrollmentService.grant (pki-enroll branch) lands. Same table and
 * columns as the EST side reads; replacing a grant (a second code for the
 * same application) resets it.
 */
import type { Kysely } from "kysely";
import type { EnrollmentRecord } from "../../pki/ca/pki.ports.js";
import type { Database } from "../schema.js";

export interface RaGrantRepo {
  upsert(e: EnrollmentRecord): Promise<void>;
  get(id: string): Promise<{ codeHash: string; usedAt: Date | null; expiresAt: Date } | undefined>;
  markUsed(id: string, serial: string, at: Date): Promise<void>;
  unclaim(id: string): Promise<void>;
}

export function raGrantRepo(db: Kysely<Database>): RaGrantRepo {
  return {
    async upsert(e) {
      const row = {
        code_hash: e.codeHash,
        suite: e.suite,
        profile: e.profile,
        subject: JSON.stringify(e.subject),
        holder: e.holder,
        expires_at: e.expiresAt,
        used_at: null,
        serial: null,
        created_by: e.createdBy,
        created_at: e.createdAt,
      };
      await db
        .insertInto("pki_enrollment")
        .values({ id: e.id, ...row })
        .onConflict((oc) => oc.column("id").doUpdateSet(row))
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom("pki_enrollment").select(["code_hash", "used_at", "expires_at"]).where("id", "=", id).executeTakeFirst();
      return r ? { codeHash: r.code_hash, usedAt: r.used_at ? new Date(r.used_at) : null, expiresAt: new Date(r.expires_at) } : undefined;
    },
    async markUsed(id, serial, at) {
      await db.updateTable("pki_enrollment").set({ used_at: at, serial }).where("id", "=", id).execute();
    },
    async unclaim(id) {
      await db.updateTable("pki_enrollment").set({ used_at: null, serial: null }).where("id", "=", id).where("serial", "=", `claimed:${id}`).execute();
    },
  };
}
