import { sql, type Kysely, type Selectable } from "kysely";
import type { KeyRef } from "../../pki/keys/key-store.js";
import type { CallBatch, SecurityRepo, StoredCall } from "../../signing/security.ports.js";
import type { Database } from "../schema.js";
import type { SecurityCallBatchTable, SecurityCallTable } from "../tables/security.js";

const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function toBatch(r: Selectable<SecurityCallBatchTable>): CallBatch {
  return {
    id: String(r.id),
    firstCallId: String(r.first_call_id),
    lastCallId: String(r.last_call_id),
    calls: r.calls,
    prevDigest: r.prev_digest,
    digest: r.digest,
    createdAt: new Date(r.created_at),
    anchoredSeq: r.anchored_seq === null ? null : String(r.anchored_seq),
  };
}

function toCall(r: Selectable<SecurityCallTable>): StoredCall {
  return { id: String(r.id), at: new Date(r.at), caller: r.caller, fn: r.fn, outcome: r.outcome, micros: r.micros, detail: r.detail, batchId: String(r.batch_id) };
}

export function securityRepo(db: Kysely<Database>): SecurityRepo {
  return {
    async serviceKeys() {
      const rows = await db.selectFrom("security_key").selectAll().execute();
      return rows.map((r) => ({
        purpose: r.purpose as "sign" | "encrypt",
        suite: r.suite,
        serial: r.serial,
        keyRef: r.key_ref as KeyRef,
        certDer: bytes(r.cert_der),
        createdAt: new Date(r.created_at),
      }));
    },
    async putServiceKey(k) {
      await db
        .insertInto("security_key")
        .values({ purpose: k.purpose, suite: k.suite, serial: k.serial, key_ref: JSON.stringify(k.keyRef), cert_der: k.certDer, created_at: k.createdAt })
        .onConflict((oc) => oc.columns(["purpose", "suite"]).doUpdateSet({ serial: k.serial, key_ref: JSON.stringify(k.keyRef), cert_der: k.certDer, created_at: k.createdAt }))
        .execute();
    },

    async insertChallenge(c) {
      await db.insertInto("security_challenge").values({ id: c.id, challenge: c.challenge, created_at: c.createdAt, expires_at: c.expiresAt, used_at: null }).execute();
    },
    async consumeChallenge(id, at) {
      // One statement: two concurrent logins with the same challenge cannot both win.
      const r = await db
        .updateTable("security_challenge")
        .set({ used_at: at })
        .where("id", "=", id)
        .where("used_at", "is", null)
        .where("expires_at", ">", at)
        .returningAll()
        .executeTakeFirst();
      return r ? { id: r.id, challenge: bytes(r.challenge), createdAt: new Date(r.created_at), expiresAt: new Date(r.expires_at), usedAt: r.used_at ? new Date(r.used_at) : null } : undefined;
    },
    async deleteExpiredChallenges(before) {
      const r = await db.deleteFrom("security_challenge").where("expires_at", "<", before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async lastBatch() {
      const r = await db.selectFrom("security_call_batch").selectAll().orderBy("id", "desc").limit(1).executeTakeFirst();
      return r ? toBatch(r) : undefined;
    },
    async insertCalls(calls, batch, digestOf) {
      // The batch row is written first (placeholder ids and digest), the calls reference it,
      // then the batch gets its range and digest: all in the caller's transaction.
      const b = await db
        .insertInto("security_call_batch")
        .values({ first_call_id: 0, last_call_id: 0, calls: calls.length, prev_digest: batch.prevDigest, digest: "", created_at: batch.createdAt, anchored_seq: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rows = await db
        .insertInto("security_call")
        .values(calls.map((c) => ({ at: c.at, caller: c.caller, fn: c.fn, outcome: c.outcome, micros: c.micros, detail: c.detail, batch_id: b.id })))
        .returningAll()
        .execute();
      const stored = rows.map(toCall).sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : 1));
      const digest = digestOf(stored);
      const r = await db
        .updateTable("security_call_batch")
        .set({ first_call_id: stored[0]!.id, last_call_id: stored[stored.length - 1]!.id, digest })
        .where("id", "=", b.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBatch(r);
    },
    async callsOfBatch(batchId) {
      const rows = await db.selectFrom("security_call").selectAll().where("batch_id", "=", batchId).orderBy("id").execute();
      return rows.map(toCall);
    },
    async batches(afterId, limit) {
      const rows = await db.selectFrom("security_call_batch").selectAll().where("id", ">", afterId).orderBy("id").limit(limit).execute();
      return rows.map(toBatch);
    },
    async unanchoredBatches(limit) {
      const rows = await db.selectFrom("security_call_batch").selectAll().where("anchored_seq", "is", null).orderBy("id").limit(limit).execute();
      return rows.map(toBatch);
    },
    async markAnchored(ids, seq) {
      if (ids.length) await db.updateTable("security_call_batch").set({ anchored_seq: seq }).where("id", "in", ids).execute();
    },
    async stats(since) {
      const rows = await db
        .selectFrom("security_call")
        .select(["fn", "outcome", sql<string>`count(*)`.as("calls"), sql<string>`avg(micros)`.as("avg")])
        .where("at", ">=", since)
        .groupBy(["fn", "outcome"])
        .orderBy("fn")
        .orderBy("outcome")
        .execute();
      return rows.map((r) => ({ fn: r.fn, outcome: r.outcome, calls: Number(r.calls), avgMicros: Math.round(Number(r.avg)) }));
    },
  };
}
