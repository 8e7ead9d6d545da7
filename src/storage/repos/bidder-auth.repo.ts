import type { Kysely, Selectable } from "kysely";
import type { BidderAuthRepo, BidderSessionRecord, CertBindingRecord, ChallengeRecord } from "../../ra/login/bidder.ports.js";
import type { Database } from "../schema.js";
import type { BidderChallengeTable, BidderSessionTable, RaCertBindingTable } from "../tables/ra.js";

const toChallenge = (r: Selectable<BidderChallengeTable>): ChallengeRecord => ({
  id: r.id,
  nonce: r.nonce,
  attemptHash: r.attempt_hash,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  usedAt: r.used_at ? new Date(r.used_at) : null,
});

const toSession = (r: Selectable<BidderSessionTable>): BidderSessionRecord => ({
  id: r.id,
  applicantId: r.applicant_id,
  certSerial: r.cert_serial,
  certSha256: r.cert_sha256,
  issuerCa: r.issuer_ca,
  suite: r.suite,
  csrfToken: r.csrf_token,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  lastSeenAt: new Date(r.last_seen_at),
});

const toBinding = (r: Selectable<RaCertBindingTable>): CertBindingRecord => ({
  certSha256: r.cert_sha256,
  applicantId: r.applicant_id,
  serial: r.serial,
  issuer: r.issuer,
  source: r.source as CertBindingRecord["source"],
  boundAt: new Date(r.bound_at),
});

export function bidderAuthRepo(db: Kysely<Database>): BidderAuthRepo {
  return {
    async insertChallenge(c) {
      await db
        .insertInto("bidder_challenge")
        .values({ id: c.id, nonce: c.nonce, attempt_hash: c.attemptHash, created_at: c.createdAt, expires_at: c.expiresAt, used_at: c.usedAt })
        .execute();
    },
    async challengeForUpdate(id) {
      const r = await db.selectFrom("bidder_challenge").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toChallenge(r) : undefined;
    },
    async markChallengeUsed(id, at) {
      await db.updateTable("bidder_challenge").set({ used_at: at }).where("id", "=", id).execute();
    },
    async deleteChallengesBefore(at) {
      const r = await db.deleteFrom("bidder_challenge").where("expires_at", "<", at).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async insertSession(s) {
      await db
        .insertInto("bidder_session")
        .values({
          id: s.id,
          applicant_id: s.applicantId,
          cert_serial: s.certSerial,
          cert_sha256: s.certSha256,
          issuer_ca: s.issuerCa,
          suite: s.suite,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          last_seen_at: s.lastSeenAt,
          ip: s.ip,
          user_agent: s.userAgent,
        })
        .execute();
    },
    async session(id) {
      const r = await db.selectFrom("bidder_session").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toSession(r) : undefined;
    },
    async touchSession(id, at, expiresAt) {
      await db.updateTable("bidder_session").set({ last_seen_at: at, expires_at: expiresAt }).where("id", "=", id).execute();
    },
    async deleteSession(id) {
      await db.deleteFrom("bidder_session").where("id", "=", id).execute();
    },
    async deleteSessionsOfCert(serial) {
      const r = await db.deleteFrom("bidder_session").where("cert_serial", "=", serial).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async binding(h) {
      const r = await db.selectFrom("ra_cert_binding").selectAll().where("cert_sha256", "=", h).executeTakeFirst();
      return r ? toBinding(r) : undefined;
    },
    async insertBinding(b) {
      await db
        .insertInto("ra_cert_binding")
        .values({ cert_sha256: b.certSha256, applicant_id: b.applicantId, serial: b.serial, issuer: b.issuer, source: b.source, bound_at: b.boundAt })
        .execute();
    },
    async bindingsOf(applicantId) {
      const rows = await db.selectFrom("ra_cert_binding").selectAll().where("applicant_id", "=", applicantId).orderBy("bound_at").execute();
      return rows.map(toBinding);
    },
  };
}
