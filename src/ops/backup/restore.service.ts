/**
 * `backup verify` and `backup restore`. Both first open the archive in a
 * scratch folder and check everything that can be checked without touching a
 * database: the archive structure, the manifest and its signature, the hash
 * of every part, the schema version, and that the key passphrase opens the
 * encrypted key files. Then:
 *  - verify loads it into a scratch in-memory PGlite and runs the restore checks;
 *  - restore loads it into the configured database in ONE transaction that
 *    also runs the restore checks and rolls back on any failure, and only
 *    after the commit swaps in the restored files (the old ones are kept).
 */
import { createPrivateKey, randomBytes } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Clock } from "../../app/clock.js";
import { FileKeyStore } from "../../pki/keys/file-key-store.js";
import type { KeyStore } from "../../pki/keys/key-store.js";
import { AppError, isAppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import type { AuditService } from "../audit.service.js";
import { unpackArchive } from "./archive.js";
import { trustedSigners, verifyManifestSignature } from "./backup-signer.js";
import type { BackupRecord, BackupStorage, CheckResult, RestoreWriter, VerifyReport } from "./backup.ports.js";
import { fileSha256, OPS_SCHEMA_MIGRATION } from "./backup.service.js";
import { KEYS_DIR, swapInRestoredFiles } from "./data-files.js";
import { checkSchema, MANIFEST_FILE, parseManifest, sha256Hex, SIGNATURE_FILE, signatureSchema, type Manifest } from "./manifest.js";
import type { RestoreCheckRegistry } from "./restore-checks.js";

export interface RestoreServiceDeps {
  storage: BackupStorage;
  store: Store;
  audit: AuditService;
  clock: Clock;
  /** The configured key store (trusted backup signers; the HSM for PKCS#11 installations). */
  keys: () => Promise<KeyStore>;
  keyStoreKind: "file" | "pkcs11";
  checks: RestoreCheckRegistry;
  dataDir: string;
  configuredPassphrase: string | undefined;
  sm2UserId: string;
  /** A throw-away database to verify into (in-memory PGlite). */
  openScratch: () => Promise<{ storage: BackupStorage; close(): Promise<void> }>;
}

export interface OpenOptions {
  /** Extra trusted signer fingerprints (SHA-256 of the SPKI), e.g. on a fresh machine. */
  signers?: string[];
  /** The key passphrase of the installation that made the backup. */
  passphrase?: string;
}

export interface OpenedBackup {
  file: string;
  dir: string;
  manifest: Manifest;
  manifestSha256: string;
  archiveSha256: string;
  bytes: number;
  signer: string;
  passphrase: string | undefined;
}

export interface VerifyOutcome {
  report: VerifyReport;
  backup: Omit<OpenedBackup, "dir" | "passphrase">;
  /** False when the configured database could not record it (older schema). */
  recorded: boolean;
}

export interface RestoreOutcome {
  report: VerifyReport;
  backup: Omit<OpenedBackup, "dir" | "passphrase">;
  /** Where the replaced documents and key files were moved. */
  setAside: string;
}

const LOAD_LINES = 2000;

async function streamLines(file: string, onBatch: (lines: string[]) => Promise<void>): Promise<number> {
  const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let batch: string[] = [];
  let n = 0;
  for await (const line of rl) {
    if (!line) continue;
    batch.push(line);
    n += 1;
    if (batch.length >= LOAD_LINES) {
      await onBatch(batch);
      batch = [];
    }
  }
  if (batch.length) await onBatch(batch);
  return n;
}

const summary = (o: OpenedBackup): VerifyOutcome["backup"] => {
  const { dir: _d, passphrase: _p, ...rest } = o;
  return rest;
};

export class RestoreService {
  constructor(private readonly deps: RestoreServiceDeps) {}

  private existingPassphrase(): string | undefined {
    if (this.deps.configuredPassphrase) return this.deps.configuredPassphrase;
    const f = path.join(this.deps.dataDir, KEYS_DIR, ".passphrase");
    return existsSync(f) ? readFileSync(f, "utf8").trim() : undefined;
  }

  /** Unpacks and checks the archive without touching any database. The caller removes `dir`. */
  async open(file: string, opts: OpenOptions = {}, scratchParent = tmpdir()): Promise<OpenedBackup> {
    const abs = path.resolve(file);
    if (!existsSync(abs) || !statSync(abs).isFile()) throw new AppError("OPS_BACKUP_FILE_NOT_FOUND", { detail: abs });
    mkdirSync(scratchParent, { recursive: true });
    const dir = mkdtempSync(path.join(scratchParent, ".restore-"));
    try {
      const files = await unpackArchive(abs, dir);
      const manifestBytes = readFileSync(path.join(dir, MANIFEST_FILE));
      const manifest = parseManifest(manifestBytes);
      let sigRaw: unknown;
      try {
        sigRaw = JSON.parse(readFileSync(path.join(dir, SIGNATURE_FILE), "utf8"));
      } catch (e) {
        throw new AppError("OPS_BACKUP_CORRUPT", { detail: `${SIGNATURE_FILE}: ${(e as Error).message}` });
      }
      const sig = signatureSchema.safeParse(sigRaw);
      if (!sig.success) throw new AppError("OPS_BACKUP_CORRUPT", { detail: `${SIGNATURE_FILE} is malformed` });
      const trusted = [...(await trustedSigners(await this.deps.keys().catch(() => null))), ...(opts.signers ?? []).map((s) => s.toLowerCase())];
      const signer = verifyManifestSignature(sig.data, manifestBytes, trusted);
      checkSchema(manifest, this.deps.storage.knownMigrations());

      // Every part listed, with its hash; nothing unlisted.
      const listed = new Map<string, { sha256: string; bytes: number }>();
      for (const t of manifest.tables) listed.set(t.path, t);
      for (const f of manifest.files) listed.set(f.path, f);
      for (const f of files) if (f !== MANIFEST_FILE && f !== SIGNATURE_FILE && !listed.has(f)) throw new AppError("OPS_BACKUP_CORRUPT", { detail: `${f} is not in the manifest` });
      for (const [p, want] of listed) {
        const full = path.join(dir, p);
        if (!existsSync(full)) throw new AppError("OPS_BACKUP_CORRUPT", { detail: `${p} is missing from the archive` });
        const got = await fileSha256(full);
        if (got !== want.sha256 || statSync(full).size !== want.bytes) throw new AppError("OPS_BACKUP_CORRUPT", { detail: `${p}: SHA-256 ${got.slice(0, 16)}… does not match the manifest` });
      }

      const passphrase = opts.passphrase ?? this.existingPassphrase();
      const keyFiles = manifest.files.filter((f) => f.kind === "key" && f.path.endsWith(".key.pem"));
      if (keyFiles.length && !passphrase) throw new AppError("OPS_BACKUP_KEY_PASSPHRASE", { detail: "no key passphrase is configured here; give the one of the installation that made the backup" });
      for (const f of keyFiles) {
        try {
          createPrivateKey({ key: readFileSync(path.join(dir, f.path)), format: "pem", passphrase: passphrase! });
        } catch {
          throw new AppError("OPS_BACKUP_KEY_PASSPHRASE", { detail: `cannot decrypt ${f.path}` });
        }
      }
      return { file: abs, dir, manifest, manifestSha256: sha256Hex(manifestBytes), archiveSha256: await fileSha256(abs), bytes: statSync(abs).size, signer, passphrase };
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** Key store over the restored key files (file store), or the configured HSM. */
  private async checkKeys(o: OpenedBackup): Promise<KeyStore | null> {
    if (this.deps.keyStoreKind === "pkcs11") return this.deps.keys().catch(() => null);
    if (!o.passphrase) return null;
    return new FileKeyStore(path.join(o.dir, "keys"), o.passphrase, this.deps.sm2UserId);
  }

  /** Loads the opened backup through `w` and runs the restore checks. */
  private async load(w: RestoreWriter, o: OpenedBackup, mode: "verify" | "restore"): Promise<CheckResult[]> {
    const m = o.manifest;
    const t0 = performance.now();
    await w.recreateSchema(m.schema.migrations);
    const have = new Map((await w.tables()).map((t) => [t.name, t]));
    for (const t of m.tables) {
      const h = have.get(t.name);
      const a = JSON.stringify(t.columns.map((c) => c.name));
      const b = JSON.stringify(h?.columns.map((c) => c.name));
      if (a !== b) throw new AppError("OPS_BACKUP_SCHEMA_MISMATCH", { detail: `${t.name}: backup columns ${a}, schema ${m.schema.version} has ${b}` });
    }
    await w.beginLoad();
    for (const t of m.tables) await streamLines(path.join(o.dir, t.path), (lines) => w.load(t.name, lines));
    await w.endLoad();
    await w.setSequences(m.sequences);
    const loaded: CheckResult = { id: "ops.load", title: "every table loads and every foreign key holds", ok: true, skipped: false, detail: `${m.totals.rows} rows`, ms: Math.round(performance.now() - t0) };
    const keys = await this.checkKeys(o);
    try {
      const checks = await this.deps.checks.runAll({ mode, manifest: m, store: w.store, writer: w, keys, clock: this.deps.clock, audit: this.deps.audit, sm2UserId: this.deps.sm2UserId });
      return [loaded, ...checks];
    } finally {
      if (keys && this.deps.keyStoreKind === "file") await keys.close();
    }
  }

  private report(checks: CheckResult[], into: VerifyReport["into"], t0: number): VerifyReport {
    return { ok: checks.every((c) => c.ok), at: this.deps.clock.now().toISOString(), into, checks, seconds: Math.round((performance.now() - t0) / 10) / 100 };
  }

  private record(o: OpenedBackup, report: VerifyReport | null, restoredAt: Date | null): BackupRecord {
    const m = o.manifest;
    return {
      id: m.id,
      createdAt: new Date(m.createdAt),
      createdBy: m.createdBy,
      origin: "foreign",
      file: o.file,
      bytes: o.bytes,
      archiveSha256: o.archiveSha256,
      manifestSha256: o.manifestSha256,
      schemaVersion: m.schema.version,
      auditSeq: m.audit.seq,
      auditHash: m.audit.hash,
      totalRows: m.totals.rows,
      signerSpkiSha256: o.signer,
      verifiedAt: report ? new Date(report.at) : null,
      verifyOk: report ? report.ok : null,
      verifyReport: report,
      restoredAt,
    };
  }

  /** Restores into a scratch in-memory database and checks it; records the result here when it can. */
  async verify(file: string, opts: OpenOptions & { actor: string; record?: boolean }): Promise<VerifyOutcome> {
    const t0 = performance.now();
    const o = await this.open(file, opts);
    let report: VerifyReport;
    try {
      const scratch = await this.deps.openScratch();
      try {
        const checks = await scratch.storage.restore((w) => this.load(w, o, "verify")).catch((e: unknown): CheckResult[] => {
          if (isAppError(e) && e.code === "OPS_BACKUP_SCHEMA_MISMATCH") throw e;
          return [{ id: "ops.load", title: "every table loads and every foreign key holds", ok: false, skipped: false, detail: (e as Error).message, ms: 0 }];
        });
        report = this.report(checks, "scratch", t0);
      } finally {
        await scratch.close();
      }
    } finally {
      rmSync(o.dir, { recursive: true, force: true });
    }
    let recorded = false;
    if (opts.record !== false && (await this.deps.storage.appliedMigrations()).includes(OPS_SCHEMA_MIGRATION)) {
      await this.deps.store.tx(async (r) => {
        const existing = await r.backups.get(o.manifest.id);
        if (existing) await r.backups.setVerified(existing.id, new Date(report.at), report.ok, report);
        else await r.backups.insert(this.record(o, report, null));
        await this.deps.audit.record(r.audit, {
          actor: opts.actor,
          action: "ops.backup.verified",
          subject: `backup:${o.manifest.id}`,
          payload: { ok: report.ok, archiveSha256: o.archiveSha256, failed: report.checks.filter((c) => !c.ok).map((c) => c.id) },
        });
      });
      recorded = true;
    }
    return { report, backup: summary(o), recorded };
  }

  /** Replaces the configured database (and documents, key files) with the backup. */
  async restore(file: string, opts: OpenOptions & { actor: string; force?: boolean }): Promise<RestoreOutcome> {
    const t0 = performance.now();
    const o = await this.open(file, opts, this.deps.dataDir);
    try {
      if (!opts.force && !(await this.deps.storage.isEmpty())) {
        throw new AppError("OPS_RESTORE_TARGET_NOT_EMPTY", { detail: `${this.deps.storage.kind} database has audit entries` });
      }
      let report!: VerifyReport;
      try {
        await this.deps.storage.restore(async (w) => {
          const checks = await this.load(w, o, "restore");
          report = this.report(checks, "target", t0);
          const failed = checks.filter((c) => !c.ok);
          if (failed.length) throw new AppError("OPS_BACKUP_VERIFY_FAILED", { detail: failed.map((c) => `${c.id}: ${c.detail}`).join("; "), extra: { report } });
          await w.store.tx(async (r) => {
            const now = this.deps.clock.now();
            if (o.manifest.schema.migrations.some((x) => x.name === OPS_SCHEMA_MIGRATION)) await r.backups.insert({ ...this.record(o, report, now), origin: "local" });
            await this.deps.audit.record(r.audit, {
              actor: opts.actor,
              action: "ops.backup.restored",
              subject: `backup:${o.manifest.id}`,
              payload: { file: o.file, archiveSha256: o.archiveSha256, auditSeq: o.manifest.audit.seq, rows: o.manifest.totals.rows, forced: Boolean(opts.force) },
            });
          });
        });
      } catch (e) {
        if (isAppError(e)) throw e;
        throw new AppError("OPS_RESTORE_FAILED", { detail: (e as Error).message, cause: e });
      }
      const setAside = swapInRestoredFiles(this.deps.dataDir, o.dir, `${o.manifest.id}-${randomBytes(3).toString("hex")}`);
      // A passphrase given for this restore becomes this installation's, unless config names one.
      if (opts.passphrase && !this.deps.configuredPassphrase) {
        const f = path.join(this.deps.dataDir, KEYS_DIR, ".passphrase");
        const old = existsSync(f) ? readFileSync(f, "utf8").trim() : undefined;
        if (old !== opts.passphrase) {
          // The set-aside key files were encrypted under the old passphrase: keep it beside them.
          if (old && existsSync(path.join(setAside, "keys"))) writeFileSync(path.join(setAside, "keys", ".passphrase"), `${old}\n`, { mode: 0o600 });
          writeFileSync(f, `${opts.passphrase}\n`, { mode: 0o600 });
        }
      }
      return { report, backup: summary(o), setAside };
    } finally {
      rmSync(o.dir, { recursive: true, force: true });
    }
  }
}
