import type { Kysely } from "kysely";
import type { AuditAnchorRepo } from "../../ops/audit-anchor.ports.js";
import type { Database } from "../schema.js";

export function auditAnchorRepo(db: Kysely<Database>): AuditAnchorRepo {
  return {
    async insert(a) {
      const r = await db
        .insertInto("audit_anchor")
        .values({ audit_seq: a.auditSeq, head_hash: a.headHash, tsa_serial: a.tsaSerial, anchored_at: a.anchoredAt, anchored_by: a.anchoredBy })
        .returning("id")
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async list() {
      const rows = await db
        .selectFrom("audit_anchor as a")
        .innerJoin("pki_tsa_token as t", "t.serial", "a.tsa_serial")
        .select(["a.id", "a.audit_seq", "a.head_hash", "a.tsa_serial", "a.anchored_at", "a.anchored_by", "t.token_der"])
        .orderBy("a.id")
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        auditSeq: Number(r.audit_seq),
        headHash: r.head_hash,
        tsaSerial: Number(r.tsa_serial),
        tokenDer: new Uint8Array(r.token_der.buffer, r.token_der.byteOffset, r.token_der.byteLength),
        anchoredAt: new Date(r.anchored_at),
        anchoredBy: r.anchored_by,
      }));
    },
  };
}
