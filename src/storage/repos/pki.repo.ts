import { sql, type Kysely, type Selectable } from "kysely";
import type { KeyRef } from "../../pki/keys/key-store.js";
import type { CaRecord, CertRecord, CertStatus, CrlRecord, EnrollmentRecord, PkiRepo } from "../../pki/ca/pki.ports.js";
import type { Database } from "../schema.js";
import type { PkiCaTable, PkiCertificateTable } from "../tables/pki.js";

const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function toCa(r: Selectable<PkiCaTable>): CaRecord {
  return {
    id: r.id,
    suite: r.suite,
    kind: r.kind as CaRecord["kind"],
    name: r.name,
    parentId: r.parent_id,
    keyRef: (r.key_ref as KeyRef | null) ?? null,
    certDer: bytes(r.cert_der),
    ski: r.ski,
    notBefore: new Date(r.not_before),
    notAfter: new Date(r.not_after),
    crlNumber: Number(r.crl_number),
    createdAt: new Date(r.created_at),
  };
}

function toCert(r: Selectable<PkiCertificateTable>): CertRecord {
  return {
    serial: r.serial,
    caId: r.ca_id,
    profile: r.profile,
    suite: r.suite,
    subject: r.subject,
    spkiSha256: r.spki_sha256,
    tbsDer: bytes(r.tbs_der),
    certDer: r.cert_der ? bytes(r.cert_der) : null,
    status: r.status as CertStatus,
    notBefore: new Date(r.not_before),
    notAfter: new Date(r.not_after),
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
    revocationReason: r.revocation_reason,
    holder: r.holder,
    requestedBy: r.requested_by,
    createdAt: new Date(r.created_at),
    issuedAt: r.issued_at ? new Date(r.issued_at) : null,
  };
}

export function pkiRepo(db: Kysely<Database>): PkiRepo {
  return {
    async nextTsaSerial() {
      const r = await sql<{ v: string | number }>`select nextval('pki_tsa_serial_seq') as v`.execute(db);
      return Number(r.rows[0]!.v);
    },
    async insertTsaToken(t) {
      await db
        .insertInto("pki_tsa_token")
        .values({
          serial: t.serial,
          suite: t.suite,
          gen_time: t.genTime,
          hash_alg: t.hashAlg,
          imprint: t.imprint,
          policy: t.policy,
          requested_by: t.requestedBy,
          token_der: t.tokenDer,
        } as never)
        .execute();
    },
    async tsaToken(serial) {
      const r = await db.selectFrom("pki_tsa_token").selectAll().where("serial", "=", serial).executeTakeFirst();
      return r
        ? {
            serial: Number(r.serial),
            suite: r.suite,
            genTime: new Date(r.gen_time),
            hashAlg: r.hash_alg,
            imprint: r.imprint,
            policy: r.policy,
            requestedBy: r.requested_by,
            tokenDer: bytes(r.token_der),
          }
        : undefined;
    },
    async insertEnrollment(e) {
      await db
        .insertInto("pki_enrollment")
        .values({
          id: e.id,
          code_hash: e.codeHash,
          suite: e.suite,
          profile: e.profile,
          subject: JSON.stringify(e.subject),
          holder: e.holder,
          expires_at: e.expiresAt,
          used_at: e.usedAt,
          serial: e.serial,
          created_by: e.createdBy,
          created_at: e.createdAt,
        })
        .execute();
    },
    async enrollmentForUpdate(id) {
      const r = await db.selectFrom("pki_enrollment").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!r) return undefined;
      const out: EnrollmentRecord = {
        id: r.id,
        codeHash: r.code_hash,
        suite: r.suite,
        profile: r.profile,
        subject: r.subject as [string, string][],
        holder: r.holder,
        expiresAt: new Date(r.expires_at),
        usedAt: r.used_at ? new Date(r.used_at) : null,
        serial: r.serial,
        createdBy: r.created_by,
        createdAt: new Date(r.created_at),
      };
      return out;
    },
    async markEnrollmentUsed(id, serial, at) {
      await db.updateTable("pki_enrollment").set({ used_at: at, serial }).where("id", "=", id).execute();
    },
    async insertCa(ca) {
      await db
        .insertInto("pki_ca")
        .values({
          id: ca.id,
          suite: ca.suite,
          kind: ca.kind,
          name: ca.name,
          parent_id: ca.parentId,
          key_ref: ca.keyRef ? JSON.stringify(ca.keyRef) : null,
          cert_der: ca.certDer,
          ski: ca.ski,
          not_before: ca.notBefore,
          not_after: ca.notAfter,
          crl_number: ca.crlNumber,
          created_at: ca.createdAt,
        })
        .execute();
    },
    async cas() {
      return (await db.selectFrom("pki_ca").selectAll().orderBy("created_at").orderBy("id").execute()).map(toCa);
    },
    async ca(id) {
      const r = await db.selectFrom("pki_ca").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toCa(r) : undefined;
    },
    async caForUpdate(id) {
      const r = await db.selectFrom("pki_ca").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toCa(r) : undefined;
    },
    async crlNumbers() {
      return (await db.selectFrom("pki_ca").select(["id", "crl_number"]).execute()).map((r) => ({ caId: r.id, crlNumber: Number(r.crl_number) }));
    },
    async certificateCounts() {
      const rows = await db.selectFrom("pki_certificate").select(["ca_id", "status", (eb) => eb.fn.countAll<string | number>().as("n")]).groupBy(["ca_id", "status"]).execute();
      return rows.map((r) => ({ caId: r.ca_id, status: r.status as CertStatus, count: Number(r.n) }));
    },
    async nextCrlNumber(caId) {
      const r = await db.updateTable("pki_ca").set({ crl_number: sql`crl_number + 1` }).where("id", "=", caId).returning("crl_number").executeTakeFirstOrThrow();
      return Number(r.crl_number);
    },
    async insertCertificates(certs) {
      if (!certs.length) return;
      await db
        .insertInto("pki_certificate")
        .values(
          certs.map((c) => ({
            serial: c.serial,
            ca_id: c.caId,
            profile: c.profile,
            suite: c.suite,
            subject: c.subject,
            spki_sha256: c.spkiSha256,
            tbs_der: c.tbsDer,
            cert_der: c.certDer,
            status: c.status,
            not_before: c.notBefore,
            not_after: c.notAfter,
            revoked_at: c.revokedAt,
            revocation_reason: c.revocationReason,
            holder: c.holder,
            requested_by: c.requestedBy,
            created_at: c.createdAt,
            issued_at: c.issuedAt,
          })),
        )
        .execute();
    },
    async markIssued(items) {
      // One statement per batch: issuance throughput is bounded by statements, not by signing.
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items.slice(i, i + 500);
        const values = sql.join(chunk.map((it) => sql`(${it.serial}::text, ${it.certDer}::bytea, ${it.issuedAt}::timestamptz)`));
        await sql`update pki_certificate c set cert_der = v.der, status = 'issued', issued_at = v.at
                  from (values ${values}) as v(serial, der, at)
                  where c.serial = v.serial and c.status = 'pending'`.execute(db);
      }
    },
    async certificate(serial) {
      const r = await db.selectFrom("pki_certificate").selectAll().where("serial", "=", serial).executeTakeFirst();
      return r ? toCert(r) : undefined;
    },
    async certificateForUpdate(serial) {
      const r = await db.selectFrom("pki_certificate").selectAll().where("serial", "=", serial).forUpdate().executeTakeFirst();
      return r ? toCert(r) : undefined;
    },
    async setStatus(serial, status, revokedAt, reason) {
      await db.updateTable("pki_certificate").set({ status, revoked_at: revokedAt, revocation_reason: reason }).where("serial", "=", serial).execute();
    },
    async findCertificates(q) {
      let query = db.selectFrom("pki_certificate").selectAll();
      if (q.serial) query = query.where("serial", "like", `${q.serial.toLowerCase().replace(/[^0-9a-f]/g, "")}%`);
      if (q.subject) query = query.where("subject", "ilike", `%${q.subject.replace(/[%_\\]/g, "\\$&")}%`);
      if (q.status) query = query.where("status", "=", q.status);
      if (q.caId) query = query.where("ca_id", "=", q.caId);
      if (q.holder) query = query.where("holder", "=", q.holder);
      return (await query.orderBy("created_at", "desc").orderBy("serial").limit(q.limit).execute()).map(toCert);
    },
    async holdersOfKey(spkiSha256) {
      return db.selectFrom("pki_certificate").select(["serial", "subject", "status"]).where("spki_sha256", "=", spkiSha256).execute() as Promise<
        { serial: string; subject: string; status: CertStatus }[]
      >;
    },
    async holdersOfKeys(hashes) {
      if (!hashes.length) return [];
      const rows = await db.selectFrom("pki_certificate").select(["serial", "subject", "status", "spki_sha256"]).where("spki_sha256", "in", hashes).execute();
      return rows.map((r) => ({ serial: r.serial, subject: r.subject, status: r.status as CertStatus, spkiSha256: r.spki_sha256 }));
    },
    async revokedOf(caId) {
      const rows = await db
        .selectFrom("pki_certificate")
        .select(["serial", "revoked_at", "revocation_reason"])
        .where("ca_id", "=", caId)
        .where("status", "in", ["revoked", "hold"])
        .orderBy("serial")
        .execute();
      return rows.map((r) => ({ serial: r.serial, revokedAt: new Date(r.revoked_at!), reason: r.revocation_reason ?? 0 }));
    },
    async pendingCertificates() {
      return (await db.selectFrom("pki_certificate").selectAll().where("status", "=", "pending").execute()).map(toCert);
    },
    async insertCrl(crl: CrlRecord) {
      await db
        .insertInto("pki_crl")
        .values({ ca_id: crl.caId, crl_number: crl.crlNumber, this_update: crl.thisUpdate, next_update: crl.nextUpdate, der: crl.der, entries: crl.entries })
        .execute();
    },
    async latestCrl(caId) {
      const r = await db.selectFrom("pki_crl").selectAll().where("ca_id", "=", caId).orderBy("crl_number", "desc").limit(1).executeTakeFirst();
      return r
        ? { caId: r.ca_id, crlNumber: Number(r.crl_number), thisUpdate: new Date(r.this_update), nextUpdate: new Date(r.next_update), der: bytes(r.der), entries: r.entries }
        : undefined;
    },
    async setServiceKey(purpose, suite, serial, keyRef, at) {
      await db
        .insertInto("pki_service_key")
        .values({ purpose, suite, serial, key_ref: JSON.stringify(keyRef), created_at: at })
        .onConflict((oc) => oc.columns(["purpose", "suite"]).doUpdateSet({ serial, key_ref: JSON.stringify(keyRef), created_at: at }))
        .execute();
    },
    async serviceKey(purpose, suite) {
      const r = await db.selectFrom("pki_service_key").select(["serial", "key_ref"]).where("purpose", "=", purpose).where("suite", "=", suite).executeTakeFirst();
      return r ? { serial: r.serial, keyRef: r.key_ref as KeyRef } : undefined;
    },
  };
}
