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
import { AppError } from "../shared/errors.js";
import { openDatabase, ping, type DbHandle } from "../storage/db.js";
import { migrateToLatest, migrationStatus } from "../storage/migrate.js";
import { createStore, type Store } from "../storage/store.js";
import { CaService } from "../pki/ca/ca.service.js";
import { EnrollmentService } from "../pki/est/enrollment.service.js";
import type { KeyStore } from "../pki/keys/key-store.js";
import { FileKeyStore } from "../pki/keys/file-key-store.js";
import { LazyKeyStore } from "../pki/keys/lazy-key-store.js";
import { openPkcs11KeyStore } from "../pki/keys/open-pkcs11-key-store.js";
import { ExternalCaService } from "../pki/trust/external-ca.service.js";
import { CertValidator } from "../pki/validate/cert-validator.js";
import { RevocationChecker } from "../pki/validate/revocation.js";
import { TrustStore } from "../pki/validate/trust-store.js";
import { SystemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const VERSION: string = (JSON.parse(readFileSync(path.join(ROOT_DIR, "package.json"), "utf8")) as { version: string }).version;

export interface Container extends HttpDeps {
  dbh: DbHandle;
  log: Logger;
  store: Store;
  keys: KeyStore;
  revocation: RevocationChecker;
  close(): Promise<void>;
}

export interface ContainerOptions {
  clock?: Clock;
  log?: Logger;
  /** Use this database instead of opening one from config (tests share one per file). */
  dbh?: DbHandle;
  /** Run migrations on open (default true). */
  migrate?: boolean;
}

export function pgliteDirOf(config: Config): string {
  return path.resolve(config.dataDir, "pglite");
}

/** The URL certificates point at (CRL, OCSP, caIssuers) and clients use. */
export function publicUrlOf(config: Config): string {
  return config.publicUrl ?? `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.port}`;
}

/** Encrypted key files in <dataDir>/keys, or the PKCS#11 HSM; opened on first use. */
export function keyStoreOf(config: Config): KeyStore {
  if (config.keyStore === "pkcs11") return new LazyKeyStore("pkcs11", () => openPkcs11KeyStore(config));
  return new LazyKeyStore("file", () => {
    const dir = path.resolve(config.dataDir, "keys");
    return new FileKeyStore(dir, FileKeyStore.passphraseFor(dir, config.keyPassphrase).passphrase, config.sm2UserId);
  });
}

export async function createContainer(config: Config, opts: ContainerOptions = {}): Promise<Container> {
  const clock = opts.clock ?? new SystemClock();
  const log = opts.log ?? pino({ level: config.logLevel, redact: ["req.headers.cookie", "password", "*.password"] });
  let dbh: DbHandle;
  try {
    dbh = opts.dbh ?? (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config) }));
    await ping(dbh.db);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("DB_UNAVAILABLE", { detail: (e as Error).message, cause: e });
  }
  if (opts.migrate !== false) await migrateToLatest(dbh.db);

  const store = createStore(dbh.db);
  const audit = new AuditService(clock);
  const staff = new StaffService(store, audit, clock);
  const login = new LoginService(store, audit, clock, {
    sessionTtlMinutes: config.sessionTtlMinutes,
    maxFailures: config.loginMaxFailures,
    lockMinutes: config.loginLockMinutes,
  });

  const keys = keyStoreOf(config);
  const ca = new CaService(store, audit, clock, keys, { publicUrl: publicUrlOf(config), sm2UserId: config.sm2UserId, certValidityDays: config.certValidityDays });
  const enrollment = new EnrollmentService(store, audit, clock, ca, {
    sm2UserId: config.sm2UserId,
    defaultTtlMinutes: config.enrollmentCodeTtlHours * 60,
    maxFailures: config.enrollmentMaxFailures,
  });

  const trust = new TrustStore(() => store.read.trust.trusted(), clock);
  const revocation = new RevocationChecker((serial) => store.read.trust.certificateStatus(serial), clock, {
    failMode: config.revocationFailMode,
    cacheSeconds: config.revocationCacheSeconds,
    maxAgeSeconds: config.revocationMaxAgeSeconds,
    timeoutMs: config.revocationTimeoutMs,
  }, config.sm2UserId);
  const validator = new CertValidator(trust, revocation, clock, { sm2UserId: config.sm2UserId, failMode: config.revocationFailMode });
  const externalCas = new ExternalCaService(store, audit, clock, trust, { sm2UserId: config.sm2UserId });

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
    keys,
    ca,
    enrollment,
    revocation,
    validator,
    externalCas,
    version: VERSION,
    readiness,
    webDir: path.join(ROOT_DIR, "dist/web"),
    close: async () => {
      await keys.close();
      if (!opts.dbh) await dbh.close();
    },
  };
}
