import { sql, type Kysely, type Selectable } from "kysely";
import { buildEntry, type AuditEntry, type AuditEvent } from "../../ops/audit-chain.js";
import type { AuditRepo } from "../../ops/audit.ports.js";
import { canonicalJson, normaliseJson } from "../../shared/canonical-json.js";
import type { AuditLogTable, Database } from "../schema.js";

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(r.seq),
    at: new Date(r.at),
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    payload: r.payload,
    payloadDigest: r.payload_digest,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const row = (entry: AuditEntry) => ({
  seq: entry.seq,
  at: entry.at,
  actor: entry.actor,
  action: entry.action,
  subject: entry.subject,
  payload: canonicalJson(entry.payload),
  payload_digest: entry.payloadDigest,
  prev_hash: entry.prevHash,
  hash: entry.hash,
});

export function auditRepo(db: Kysely<Database>): AuditRepo {
  const appendMany = async (events: AuditEvent[], at: Date): Promise<AuditEntry[]> => {
    if (!events.length) return [];
    // Lock the head row: appenders queue here, so sequence and links are gap-free
    // across connections and nodes. The caller's transaction holds the lock until commit.
    const head = await db.selectFrom("audit_head").select(["seq", "hash"]).where("id", "=", 1).forUpdate().executeTakeFirstOrThrow();
    let prev = { seq: Number(head.seq), hash: head.hash };
    const entries = events.map((ev) => {
      const e = buildEntry(prev, at, { ...ev, payload: normaliseJson(ev.payload ?? {}) as Record<string, unknown> });
      prev = { seq: e.seq, hash: e.hash };
      return e;
    });
    for (let i = 0; i < entries.length; i += 500) await db.insertInto("audit_log").values(entries.slice(i, i + 500).map(row)).execute();
    await db.updateTable("audit_head").set(prev).where("id", "=", 1).execute();
    return entries;
  };
  return {
    async append(ev: AuditEvent, at: Date) {
      return (await appendMany([ev], at))[0]!;
    },
    appendMany,
    async head() {
      const h = await db.selectFrom("audit_head").select(["seq", "hash"]).where("id", "=", 1).executeTakeFirstOrThrow();
      return { seq: Number(h.seq), hash: h.hash };
    },
    async page(afterSeq, limit) {
      const rows = await db.selectFrom("audit_log").selectAll().where("seq", ">", afterSeq).orderBy("seq").limit(limit).execute();
      return rows.map(toEntry);
    },
    async list(q) {
      let query = db.selectFrom("audit_log").selectAll();
      if (q.subject) query = query.where("subject", "=", q.subject);
      if (q.action) query = query.where("action", "like", `${q.action.replace(/[%_\\]/g, "\\$&")}%`);
      if (q.beforeSeq) query = query.where("seq", "<", q.beforeSeq);
      const rows = await query.orderBy(sql`seq`, "desc").limit(q.limit).execute();
      return rows.map(toEntry);
    },
  };
}
