/** Ways to tamper with the audit log through SQL, each with the entry where verification must break. */
import { sql, type Kysely } from "kysely";
import { buildEntry, entryHash } from "../../src/ops/audit-chain.js";
import type { Database } from "../../src/storage/schema.js";

export interface Tamper {
  name: string;
  breaksAt: number;
  reason: RegExp;
  apply(db: Kysely<Database>): Promise<void>;
}

export const TAMPERS: Tamper[] = [
  {
    name: "payload edited",
    breaksAt: 5,
    reason: /payload/,
    apply: async (db) => void (await sql`update audit_log set payload = jsonb_set(payload, '{displayName}', '"篡改"') where seq = 5`.execute(db)),
  },
  {
    name: "actor edited",
    breaksAt: 7,
    reason: /edited/,
    apply: async (db) => void (await sql`update audit_log set actor = 'staff:mallory' where seq = 7`.execute(db)),
  },
  {
    name: "row edited and its own hash recomputed",
    breaksAt: 9,
    reason: /previous-hash/,
    apply: async (db) => {
      const r = await db.selectFrom("audit_log").selectAll().where("seq", "=", 8).executeTakeFirstOrThrow();
      const hash = entryHash({ seq: 8, at: new Date(r.at), actor: r.actor, action: r.action, subject: "staff:someone-else", payloadDigest: r.payload_digest, prevHash: r.prev_hash });
      await db.updateTable("audit_log").set({ subject: "staff:someone-else", hash }).where("seq", "=", 8).execute();
    },
  },
  {
    name: "row deleted",
    breaksAt: 5,
    reason: /missing/,
    apply: async (db) => void (await db.deleteFrom("audit_log").where("seq", "=", 4).execute()),
  },
  {
    name: "tail deleted",
    breaksAt: 14,
    reason: /tail/,
    apply: async (db) => void (await db.deleteFrom("audit_log").where("seq", "=", 14).execute()),
  },
  {
    name: "rows reordered",
    breaksAt: 3,
    reason: /previous-hash|edited/,
    apply: async (db) => {
      const cols = ["at", "actor", "action", "subject", "payload", "payload_digest", "prev_hash", "hash"] as const;
      const a = await db.selectFrom("audit_log").select(cols).where("seq", "=", 3).executeTakeFirstOrThrow();
      const b = await db.selectFrom("audit_log").select(cols).where("seq", "=", 4).executeTakeFirstOrThrow();
      const asRow = (r: typeof a, tmpHash?: string) => ({ ...r, payload: JSON.stringify(r.payload), hash: tmpHash ?? r.hash });
      await db.updateTable("audit_log").set(asRow(b, "tmp")).where("seq", "=", 3).execute();
      await db.updateTable("audit_log").set(asRow(a)).where("seq", "=", 4).execute();
      await db.updateTable("audit_log").set({ hash: b.hash }).where("seq", "=", 3).execute();
    },
  },
  {
    name: "row inserted",
    breaksAt: 7,
    reason: /previous-hash/,
    apply: async (db) => {
      await sql`update audit_log set seq = seq + 1000 where seq >= 6`.execute(db);
      await sql`update audit_log set seq = seq - 999 where seq >= 1006`.execute(db);
      const prev = await db.selectFrom("audit_log").select(["seq", "hash"]).where("seq", "=", 5).executeTakeFirstOrThrow();
      const e = buildEntry({ seq: 5, hash: prev.hash }, new Date("2026-03-02T01:00:00Z"), { actor: "staff:mallory", action: "staff.user.create", subject: "staff:ghost", payload: {} });
      await db
        .insertInto("audit_log")
        .values({ seq: 6, at: e.at, actor: e.actor, action: e.action, subject: e.subject, payload: "{}", payload_digest: e.payloadDigest, prev_hash: e.prevHash, hash: e.hash })
        .execute();
    },
  },
];
