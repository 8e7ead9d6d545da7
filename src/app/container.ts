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
import { createTrading } from "../trading/trading.module.js";
import { SystemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const VERSION: string = (JSON.parse(readFileSync(path.join(ROOT_DIR, "package.json"), "utf8")) as { version: string }).version;

export interface Container extends HttpDeps {
  dbh: DbHandle;
  log: Logger;
  store: Store;
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

  const trading = createTrading({ store, audit, clock, log, dataDir: config.dataDir, bankCallbackSecret: config.bankCallbackSecret });

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
    trading,
    version: VERSION,
    readiness,
    webDir: path.join(ROOT_DIR, "dist/web"),
    close: () => (opts.dbh ? Promise.resolve() : dbh.close()),
  };
}
