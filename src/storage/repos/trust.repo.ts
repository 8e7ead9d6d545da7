import { sql, type Kysely } from "kysely";
import type { KeyRef } from "../../pki/keys/key-store.js";
import type { ExternalCaInfo, OwnCertStatus, TrustRepo } from "../../pki/trust/trust.ports.js";
import type { Database } from "../schema.js";

const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function trustRepo(db: Kysely<Database>): TrustRepo {
  return {
    async certificateStatus(serial) {
      const r = await db
        .selectFrom("pki_certificate")
        .select(["serial", "ca_id", "status", "revoked_at", "revocation_reason", sql<string | null>`encode(sha256(cert_der), 'hex')`.as("der_sha256")])
        .where("serial", "=", serial)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        serial: r.serial,
        caId: r.ca_id,
        status: r.status as OwnCertStatus["status"],
        revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
        reason: r.revocation_reason,
        derSha256: r.der_sha256,
      };
    },
    async trusted() {
      const rows = await db.selectFrom("pki_ca").selectAll().orderBy("created_at").orderBy("id").execute();
      return rows.map((r) => ({
        ca: {
          id: r.id,
          suite: r.suite,
          kind: r.kind as "root" | "sub" | "external",
          name: r.name,
          parentId: r.parent_id,
          keyRef: (r.key_ref as KeyRef | null) ?? null,
          certDer: bytes(r.cert_der),
          ski: r.ski,
          notBefore: new Date(r.not_before),
          notAfter: new Date(r.not_after),
          crlNumber: Number(r.crl_number),
          createdAt: new Date(r.created_at),
        },
        ext: (r.ext_info as ExternalCaInfo | null) ?? null,
      }));
    },
    async insertExternal(ca, ext) {
      await db
        .insertInto("pki_ca")
        .values({
          id: ca.id,
          suite: ca.suite,
          kind: "external",
          name: ca.name,
          parent_id: ca.parentId,
          key_ref: null,
          cert_der: ca.certDer,
          ski: ca.ski,
          not_before: ca.notBefore,
          not_after: ca.notAfter,
          crl_number: 0,
          created_at: ca.createdAt,
          ext_info: JSON.stringify(ext),
        })
        .execute();
    },
  };
}
