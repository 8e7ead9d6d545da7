import type { Kysely, Selectable } from "kysely";
import type { KeyRef } from "../../pki/keys/key-store.js";
import type { EscrowRecord, KmRepo, RecoveryKind, RecoveryRecord, RecoveryState } from "../../ra/km/km.ports.js";
import type { Database } from "../schema.js";
import type { RaEscrowTable, RaRecoveryTable } from "../tables/ra.js";

const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

const toEscrow = (r: Selectable<RaEscrowTable>): EscrowRecord => ({
  id: r.id,
  serial: r.serial,
  signSerial: r.sign_serial,
  applicantId: r.applicant_id,
  suite: r.suite,
  escrowKey: r.escrow_key,
  wrappedKey: bytes(r.wrapped_key),
  iv: bytes(r.iv),
  createdAt: new Date(r.created_at),
});

const toRecovery = (r: Selectable<RaRecoveryTable>): RecoveryRecord => ({
  id: r.id,
  escrowId: r.escrow_id,
  kind: r.kind as RecoveryKind,
  state: r.state as RecoveryState,
  reason: r.reason,
  caseRef: r.case_ref,
  requestedBy: r.requested_by,
  approvals: r.approvals as RecoveryRecord["approvals"],
  releasedBy: r.released_by,
  releasedAt: r.released_at ? new Date(r.released_at) : null,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export function kmRepo(db: Kysely<Database>): KmRepo {
  return {
    async kmKey(purpose) {
      const r = await db.selectFrom("ra_km_key").selectAll().where("purpose", "=", purpose).executeTakeFirst();
      return r ? { keyRef: r.key_ref as KeyRef, spki: bytes(r.spki) } : undefined;
    },
    async insertKmKey(purpose, keyRef, spki, at) {
      await db.insertInto("ra_km_key").values({ purpose, key_ref: JSON.stringify(keyRef), spki, created_at: at }).execute();
    },
    async insertEscrow(e) {
      await db
        .insertInto("ra_escrow")
        .values({
          id: e.id,
          serial: e.serial,
          sign_serial: e.signSerial,
          applicant_id: e.applicantId,
          suite: e.suite,
          escrow_key: e.escrowKey,
          wrapped_key: e.wrappedKey,
          iv: e.iv,
          created_at: e.createdAt,
        })
        .execute();
    },
    async escrowBySerial(serial) {
      const r = await db.selectFrom("ra_escrow").selectAll().where("serial", "=", serial).executeTakeFirst();
      return r ? toEscrow(r) : undefined;
    },
    async escrow(id) {
      const r = await db.selectFrom("ra_escrow").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toEscrow(r) : undefined;
    },
    async escrowsOf(applicantId) {
      return (await db.selectFrom("ra_escrow").selectAll().where("applicant_id", "=", applicantId).orderBy("created_at").execute()).map(toEscrow);
    },
    async insertRecovery(r) {
      await db
        .insertInto("ra_recovery")
        .values({
          id: r.id,
          escrow_id: r.escrowId,
          kind: r.kind,
          state: r.state,
          reason: r.reason,
          case_ref: r.caseRef,
          requested_by: r.requestedBy,
          approvals: JSON.stringify(r.approvals),
          released_by: r.releasedBy,
          released_at: r.releasedAt,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
        })
        .execute();
    },
    async recoveryForUpdate(id) {
      const r = await db.selectFrom("ra_recovery").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toRecovery(r) : undefined;
    },
    async updateRecovery(id, p) {
      await db
        .updateTable("ra_recovery")
        .set({
          state: p.state,
          approvals: JSON.stringify(p.approvals),
          updated_at: p.updatedAt,
          ...(p.releasedBy !== undefined ? { released_by: p.releasedBy } : {}),
          ...(p.releasedAt !== undefined ? { released_at: p.releasedAt } : {}),
        })
        .where("id", "=", id)
        .execute();
    },
    async listRecoveries(limit) {
      return (await db.selectFrom("ra_recovery").selectAll().orderBy("created_at", "desc").limit(limit).execute()).map(toRecovery);
    },
  };
}
