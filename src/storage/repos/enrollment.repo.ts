import type { Kysely, Selectable } from "kysely";
import type { EnrollmentRepo, GrantRecord } from "../../pki/est/enrollment.ports.js";
import type { Database } from "../schema.js";
import type { PkiEnrollmentTable } from "../tables/pki.js";

function toGrant(r: Selectable<PkiEnrollmentTable>): GrantRecord {
  return {
    id: r.id,
    codeHash: r.code_hash,
    suite: r.suite,
    profile: r.profile,
    subject: r.subject as [string, string][],
    holder: r.holder,
    expiresAt: new Date(r.expires_at),
    usedAt: r.used_at ? new Date(r.used_at) : null,
    serial: r.serial,
    failures: Number(r.failures),
    cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
  };
}

export function enrollmentRepo(db: Kysely<Database>): EnrollmentRepo {
  return {
    async grant(id) {
      const r = await db.selectFrom("pki_enrollment").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toGrant(r) : undefined;
    },
    async putGrant(g) {
      const row = {
        code_hash: g.codeHash,
        suite: g.suite,
        profile: g.profile,
        subject: JSON.stringify(g.subject),
        holder: g.holder,
        expires_at: g.expiresAt,
        used_at: null,
        serial: null,
        failures: 0,
        cancelled_at: null,
        created_by: g.createdBy,
        created_at: g.createdAt,
      };
      await db
        .insertInto("pki_enrollment")
        .values({ id: g.id, ...row })
        // Only an unused grant may be replaced; a used one stays as the record of its certificate.
        .onConflict((oc) => oc.column("id").doUpdateSet(row).where("pki_enrollment.used_at", "is", null))
        .execute();
    },
    async recordFailure(id) {
      const r = await db
        .updateTable("pki_enrollment")
        .set((eb) => ({ failures: eb("failures", "+", 1) }))
        .where("id", "=", id)
        .returning("failures")
        .executeTakeFirst();
      return Number(r?.failures ?? 0);
    },
    async consume(id, serial, at) {
      const r = await db
        .updateTable("pki_enrollment")
        .set({ used_at: at, serial })
        .where("id", "=", id)
        .where("used_at", "is", null)
        .where("cancelled_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async cancel(id, at) {
      const r = await db.updateTable("pki_enrollment").set({ cancelled_at: at }).where("id", "=", id).where("used_at", "is", null).where("cancelled_at", "is", null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
