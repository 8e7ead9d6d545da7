/**
 * Wiring: opens storage, builds services, hands them to whoever asks (HTTP
 * server, CLI, tests). The only place that knows every concrete class.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino, { type Logger } from "pino";
import { LoginService } from "../auth/login.service.js";
import { StaffService } from "../auth/staff.service.js";
import type { HttpDeps } from "../http/deps.js";
import { AuditService } from "../ops/audit.service.js";
import { BackupService } from "../ops/backup/backup.service.js";
import { defaultRestoreChecks, type RestoreCheckRegistry } from "../ops/backup/restore-checks.js";
import { RestoreService } from "../ops/backup/restore.service.js";
import { upgradeSchema, type UpgradeOptions, type UpgradeResult } from "../ops/backup/upgrade-guard.js";
import { FileKeyStore } from "../pki/keys/file-key-store.js";
import type { KeyStore } from "../pki/keys/key-store.js";
import { AppError } from "../shared/errors.js";
import { openDatabase, ping, type DbHandle } from "../storage/db.js";
import { backupStorage } from "../storage/logical-backup.js";
import { migrateToLatest, migrationStatus } from "../storage/migrate.js";
import { createStore, type Store } from "../storage/store.js";
import { SystemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const VERSION: string = (JSON.parse(readFileSync(path.join(ROOT_DIR, "package.json"), "utf8")) as { version: string }).version;

export interface Container extends HttpDeps {
  dbh: DbHandle;
  log: Logger;
  store: Store;
  /** The configured key store, opened on first use. */
  keyStore(): Promise<KeyStore>;
  backups: BackupService;
  restores: RestoreService;
  /** Each area adds what must hold after a restore (see ops/backup/restore-checks.ts). */
  restoreChecks: RestoreCheckRegistry;
  /** Applies pending migrations behind the upgrade guard and records the upgrade. */
  upgrade(o: UpgradeOptions): Promise<UpgradeResult>;
  close(): Promise<void>;
}

export interface ContainerOptions {
  clock?: Clock;
  log?: Logger;
  /** Use this database instead of opening one from config (tests share one per file). */
  dbh?: DbHandle;
  /** Run migrations on open (default true), behind the upgrade guard (ops/backup/upgrade-guard.ts). */
  migrate?: boolean;
  /** How a schema upgrade on open may proceed (default: only with a recent verified backup). */
  upgrade?: Omit<UpgradeOptions, "actor">;
}

export function pgliteDirOf(config: Config): string {
  return path.resolve(config.dataDir, "pglite");
}

export async function createContainer(config: Config, opts: ContainerOptions = {}): Promise<Container> {
  const clock = opts.clock ?? new SystemClock();
  const log = opts.log ?? pino({ level: config.logLevel, redact: ["req.headers.cookie", "password", "*.password"] });
  let dbh: DbHandle;
  try {
    dbh = opts.dbh ?? (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config), pgliteFsync: config.pgliteFsync }));
    await ping(dbh.db);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("DB_UNAVAILABLE", { detail: (e as Error).message, cause: e });
  }

  const store = createStore(dbh.db);
  const audit = new AuditService(clock);
  const staff = new StaffService(store, audit, clock);
  const login = new LoginService(store, audit, clock, {
    sessionTtlMinutes: config.sessionTtlMinutes,
    maxFailures: config.loginMaxFailures,
    lockMinutes: config.loginLockMinutes,
  });

  const dataDir = path.resolve(config.dataDir);
  let keys: Promise<KeyStore> | undefined;
  const keyStore = (): Promise<KeyStore> => {
    keys ??= (async () => {
      if (config.keyStore === "pkcs11") throw new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: "the PKCS#11 key store is not wired into this build yet" });
      const dir = path.join(dataDir, "keys");
      return new FileKeyStore(dir, FileKeyStore.passphraseFor(dir, config.keyPassphrase).passphrase, config.sm2UserId);
    })();
    return keys;
  };
  const storage = backupStorage(dbh.db, dbh.kind);
  const restoreChecks = defaultRestoreChecks();
  const backups = new BackupService({
    storage,
    store,
    audit,
    clock,
    keys: keyStore,
    dataDir,
    backupDir: path.resolve(config.backupDir ?? path.join(dataDir, "backups")),
    version: VERSION,
  });
  const restores = new RestoreService({
    storage,
    store,
    audit,
    clock,
    keys: keyStore,
    keyStoreKind: config.keyStore,
    checks: restoreChecks,
    dataDir,
    configuredPassphrase: config.keyPassphrase,
    sm2UserId: config.sm2UserId,
    openScratch: async () => {
      const scratch = await openDatabase({ pgliteDir: "memory" });
      return { storage: backupStorage(scratch.db, "pglite"), close: () => scratch.close() };
    },
  });

  const upgrade = (o: UpgradeOptions): Promise<UpgradeResult> =>
    upgradeSchema({ storage, store, clock, restores, backups, audit, maxAgeHours: config.backupMaxAgeHours, migrate: () => migrateToLatest(dbh.db) }, o);
  if (opts.migrate !== false) {
    try {
      await upgrade({ ...opts.upgrade, actor: "system:startup" });
    } catch (e) {
      if (!opts.dbh) await dbh.close();
      throw e;
    }
  }

  const readiness = async () => {
    const t0 = performance.now();
    try {
      await ping(dbh.db);
    } catch (e) {
      throw new AppError("DB_UNAVAILABLE", { detail: (e as Error).message });
    }
    const latencyMs = Math.round((performance.now() - t0) * 100) / 100;
    const st = await migrationStatus(dbh.db);
    if (st.pending.length) throw new AppError("MIGRATIONS_PENDING", { detail: st.pending.join(", ") });
    return { database: dbh.kind, latencyMs, migrations: st.applied.length };
  };

  return {
    config,
    clock,
    log,
    dbh,
    store,
    audit,
    staff,
    login,
    version: VERSION,
    readiness,
    webDir: path.join(ROOT_DIR, "dist/web"),
    keyStore,
    backups,
    restores,
    restoreChecks,
    upgrade,
    close: async () => {
      if (keys) await (await keys.catch(() => null))?.close();
      if (!opts.dbh) await dbh.close();
    },
  };
}
