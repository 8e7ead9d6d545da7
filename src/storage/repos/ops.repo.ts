import type { Kysely, Selectable } from "kysely";
import type { BackupRecord, BackupRepo, VerifyReport } from "../../ops/backup/backup.ports.js";
import type { Database } from "../schema.js";
import type { OpsBackupTable } from "../tables/ops.js";

function toBackup(r: Selectable<OpsBackupTable>): BackupRecord {
  return {
    id: r.id,
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
    origin: r.origin as BackupRecord["origin"],
    file: r.file,
    bytes: Number(r.bytes),
    archiveSha256: r.archive_sha256,
    manifestSha256: r.manifest_sha256,
    schemaVersion: r.schema_version,
    auditSeq: Number(r.audit_seq),
    auditHash: r.audit_hash,
    totalRows: Number(r.total_rows),
    signerSpkiSha256: r.signer_spki_sha256,
    verifiedAt: r.verified_at ? new Date(r.verified_at) : null,
    verifyOk: r.verify_ok,
    verifyReport: (r.verify_report as VerifyReport | null) ?? null,
    restoredAt: r.restored_at ? new Date(r.restored_at) : null,
  };
}

export function backupRepo(db: Kysely<Database>): BackupRepo {
  return {
    async insert(r) {
      await db
        .insertInto("ops_backup")
        .values({
          id: r.id,
          created_at: r.createdAt,
          created_by: r.createdBy,
          origin: r.origin,
          file: r.file,
          bytes: r.bytes,
          archive_sha256: r.archiveSha256,
          manifest_sha256: r.manifestSha256,
          schema_version: r.schemaVersion,
          audit_seq: r.auditSeq,
          audit_hash: r.auditHash,
          total_rows: r.totalRows,
          signer_spki_sha256: r.signerSpkiSha256,
          verified_at: r.verifiedAt,
          verify_ok: r.verifyOk,
          verify_report: r.verifyReport ? JSON.stringify(r.verifyReport) : null,
          restored_at: r.restoredAt,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom("ops_backup").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toBackup(r) : undefined;
    },
    async setVerified(id, at, ok, report) {
      await db.updateTable("ops_backup").set({ verified_at: at, verify_ok: ok, verify_report: JSON.stringify(report) }).where("id", "=", id).execute();
    },
    async setRestored(id, at) {
      await db.updateTable("ops_backup").set({ restored_at: at }).where("id", "=", id).execute();
    },
    async list(limit) {
      const rows = await db.selectFrom("ops_backup").selectAll().orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
      return rows.map(toBackup);
    },
    async latestVerifiedLocal() {
      const r = await db
        .selectFrom("ops_backup")
        .selectAll()
        .where("origin", "=", "local")
        .where("verify_ok", "=", true)
        .orderBy("created_at", "desc")
        .limit(1)
        .executeTakeFirst();
      return r ? toBackup(r) : undefined;
    },
  };
}
