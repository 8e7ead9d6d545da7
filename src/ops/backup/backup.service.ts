/**
 * `backup create`: one consistent snapshot of the whole database (one
 * REPEATABLE READ transaction), the stored documents and the key store's
 * encrypted key files, with a signed manifest, packed into one archive; then
 * the backup is recorded (ops_backup + audit entry) for the dashboard and the
 * upgrade guard.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import type { Clock } from "../../app/clock.js";
import type { KeyStore } from "../../pki/keys/key-store.js";
import { canonicalJson } from "../../shared/canonical-json.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import type { AuditService } from "../audit.service.js";
import { packArchive } from "./archive.js";
import { backupSigningKey } from "./backup-signer.js";
import type { BackupRecord, BackupStorage } from "./backup.ports.js";
import { stageFiles } from "./data-files.js";
import { BACKUP_FORMAT, MANIFEST_FILE, SIGNATURE_FILE, sha256Hex, type Manifest } from "./manifest.js";

export const OPS_SCHEMA_MIGRATION = "010-ops";

export interface BackupServiceDeps {
  storage: BackupStorage;
  store: Store;
  audit: AuditService;
  clock: Clock;
  keys: () => Promise<KeyStore>;
  dataDir: string;
  backupDir: string;
  version: string;
}

export interface BackupCreated {
  id: string;
  file: string;
  bytes: number;
  archiveSha256: string;
  signer: string;
  manifest: Manifest;
  /** False when the database predates the ops schema (no ops_backup table yet). */
  recorded: boolean;
  seconds: number;
}

export const fileSha256 = (file: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(file)
      .on("data", (d) => h.update(d))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });

const stampOf = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");

export class BackupService {
  constructor(private readonly deps: BackupServiceDeps) {}

  async create(opts: { out?: string; actor: string }): Promise<BackupCreated> {
    const t0 = performance.now();
    const { deps } = this;
    const createdAt = deps.clock.now();
    const id = `bk-${stampOf(createdAt)}-${randomBytes(3).toString("hex")}`;
    const out = path.resolve(opts.out ?? path.join(deps.backupDir, `landtrade-${stampOf(createdAt)}-${id.slice(-6)}.ltbk`));
    if (existsSync(out)) throw new AppError("OPS_BACKUP_OUTPUT_EXISTS", { detail: out });
    mkdirSync(path.dirname(out), { recursive: true });
    const staging = path.join(path.dirname(out), `.staging-${id}`);
    mkdirSync(path.join(staging, "db"), { recursive: true });
    try {
      // The signing key first: a new key's (encrypted) file is then part of this backup.
      const keys = await deps.keys();
      const signingKey = await backupSigningKey(keys);

      const db = await deps.storage.snapshot(async (s) => {
        const migrations = await s.migrations();
        const tables: Manifest["tables"] = [];
        for (const t of await s.tables()) {
          const rel = `db/${t.name}.ndjson`;
          const fd = openSync(path.join(staging, rel), "w");
          const hash = createHash("sha256");
          let bytes = 0;
          try {
            const rows = await s.rows(t, async (lines) => {
              const chunk = Buffer.from(`${lines.join("\n")}\n`, "utf8");
              hash.update(chunk);
              bytes += chunk.length;
              writeSync(fd, chunk);
            });
            tables.push({ name: t.name, rows, columns: t.columns, primaryKey: t.primaryKey, path: rel, sha256: hash.digest("hex"), bytes });
          } finally {
            closeSync(fd);
          }
        }
        return { migrations, tables, sequences: await s.sequences(), audit: await s.repos.audit.head() };
      });

      const files = stageFiles(deps.dataDir, staging);
      const keyList = (await keys.list()).map((k) => ({ store: k.store, id: k.id, suite: k.suite, label: k.label, spkiSha256: sha256Hex(k.spki) }));
      const totalRows = db.tables.reduce((s, t) => s + t.rows, 0);
      const manifest: Manifest = {
        format: BACKUP_FORMAT,
        id,
        createdAt: createdAt.toISOString(),
        createdBy: opts.actor,
        app: { version: deps.version },
        source: { database: deps.storage.kind },
        schema: { version: db.migrations.at(-1)?.name ?? "(empty)", migrations: db.migrations },
        audit: db.audit,
        tables: db.tables,
        sequences: db.sequences,
        files: files.map((f) => ({ path: f.archivePath, kind: f.kind, sha256: f.sha256, bytes: f.bytes })),
        keys: keyList,
        totals: { rows: totalRows, bytes: db.tables.reduce((s, t) => s + t.bytes, 0) + files.reduce((s, f) => s + f.bytes, 0) },
      };
      const manifestBytes = Buffer.from(canonicalJson(manifest), "utf8");
      const sig = await signingKey.sign(manifestBytes);
      writeFileSync(path.join(staging, MANIFEST_FILE), manifestBytes);
      writeFileSync(path.join(staging, SIGNATURE_FILE), `${JSON.stringify(sig)}\n`);

      const entries = [MANIFEST_FILE, SIGNATURE_FILE, ...manifest.tables.map((t) => t.path), ...manifest.files.map((f) => f.path)];
      const bytes = await packArchive(staging, entries, out, createdAt);
      const archiveSha256 = await fileSha256(out);

      const record: BackupRecord = {
        id,
        createdAt,
        createdBy: opts.actor,
        origin: "local",
        file: out,
        bytes,
        archiveSha256,
        manifestSha256: sha256Hex(manifestBytes),
        schemaVersion: manifest.schema.version,
        auditSeq: manifest.audit.seq,
        auditHash: manifest.audit.hash,
        totalRows,
        signerSpkiSha256: signingKey.spkiSha256,
        verifiedAt: null,
        verifyOk: null,
        verifyReport: null,
        restoredAt: null,
      };
      const recorded = db.migrations.some((m) => m.name === OPS_SCHEMA_MIGRATION);
      await deps.store.tx(async (r) => {
        if (recorded) await r.backups.insert(record);
        await deps.audit.record(r.audit, {
          actor: opts.actor,
          action: "ops.backup.created",
          subject: `backup:${id}`,
          payload: { file: out, bytes, archiveSha256, auditSeq: manifest.audit.seq, rows: totalRows, schema: manifest.schema.version, signer: signingKey.spkiSha256 },
        });
      });
      return { id, file: out, bytes, archiveSha256, signer: signingKey.spkiSha256, manifest, recorded, seconds: (performance.now() - t0) / 1000 };
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
}
