/**
 * Wiring: opens storage, builds services, hands them to whoever asks (HTTP
 * server, CLI, tests). The only place that knows every concrete class.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino, { type Logger } from "pino";
import { LoginService } from "../auth/login.service.js";
import { SessionCache } from "../auth/session-cache.js";
import { StaffService } from "../auth/staff.service.js";
import type { HttpDeps } from "../http/deps.js";
import { AuditAnchorService } from "../ops/audit-anchor.service.js";
import { AuditService } from "../ops/audit.service.js";
import type { BackupService } from "../ops/backup/backup.service.js";
import type { RestoreCheckRegistry } from "../ops/backup/restore-checks.js";
import type { RestoreService } from "../ops/backup/restore.service.js";
import type { UpgradeOptions, UpgradeResult } from "../ops/backup/upgrade-guard.js";
import type { HealthService } from "../ops/health/health.service.js";
import { createCluster } from "../ops/cluster/cluster-module.js";
import type { LeaderController } from "../ops/cluster/leader-controller.js";
import { PgBoardBus } from "../ops/cluster/pg-board-bus.js";
import { gatedKeyStore } from "../ops/cluster/signing-gate.js";
import { connectHealthToDesk } from "../ops/health/desk-sink.js";
import { runProbe } from "../ops/health/probe.js";
import { createOpsModule, type OpsModule } from "../ops/ops-module.js";
import { SchedulerLoop } from "../ops/scheduler/scheduler-loop.js";
import { Scheduler } from "../ops/scheduler/scheduler.js";
import { CaService } from "../pki/ca/ca.service.js";
import { CrlService } from "../pki/ca/crl.service.js";
import { PkiEvents } from "../pki/ca/pki-events.js";
import { RevocationService } from "../pki/ca/revocation.service.js";
import { openKeyStore } from "../pki/keys/open-key-store.js";
import { OcspService } from "../pki/ocsp/ocsp.service.js";
import type { PkiServices } from "../pki/pki-services.js";
import { TsaService } from "../pki/tsa/tsa.service.js";
import { AppError } from "../shared/errors.js";
import { createHash } from "node:crypto";
import type { Decrypter } from "../pki/algs/decrypter.js";
import { nodeGm } from "../pki/algs/gm-node.js";
import type { KeyStore } from "../pki/keys/key-store.js";
import { CallLog } from "../signing/call-log.js";
import { createSecurityModule } from "../signing/security-module.js";
import { openDatabase, ping, type DbHandle } from "../storage/db.js";
import { backupStorage } from "../storage/logical-backup.js";
import { migrateToLatest, migrationStatus } from "../storage/migrate.js";
import { createStore, type Store } from "../storage/store.js";
import { createTrading } from "../trading/trading.module.js";
import { PkiBidSecurity } from "../trading/bidder/bid-security.js";
import { EstGrants } from "../ra/adapters/est-grants.js";
import { cmsEnvelope } from "../ra/adapters/cms-envelope.js";
import { SecurityValidatorAdapter } from "../ra/adapters/security-validator.js";
import { createRa } from "../ra/ra.module.js";
import { registerExpiryJob } from "../ra/notify/expiry-job.js";
import { SupportDesk } from "../support/support-desk.js";
import { ERROR_CATALOGUE } from "../shared/error-catalogue.js";
import { createKnowledgeBase } from "../support/kb/knowledge-base.js";
import { EnrollmentService } from "../pki/est/enrollment.service.js";
import { ExternalCaService } from "../pki/trust/external-ca.service.js";
import { CertValidator } from "../pki/validate/cert-validator.js";
import { PathValidatorPort } from "../pki/validate/security-port.js";
import { RevocationChecker } from "../pki/validate/revocation.js";
import { TrustStore } from "../pki/validate/trust-store.js";
import { tickBatcher } from "../pki/validate/tick-batcher.js";
import { SystemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";

export const SECURITY_ANCHOR_JOB = "security.calls.anchor";

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const VERSION: string = (JSON.parse(readFileSync(path.join(ROOT_DIR, "package.json"), "utf8")) as { version: string }).version;

export interface Container extends HttpDeps {
  dbh: DbHandle;
  log: Logger;
  store: Store;
  /** Revocation status for the path validator (our database; OCSP/CRL of external CAs) with its caches. */
  revocationChecker: RevocationChecker;
  /** The generic scheduler: areas register their job kinds on it here, in the container. */
  scheduler: Scheduler;
  /** Ticks the scheduler every second under the "scheduler" leader lease; `serve` starts it. */
  schedulerLoop: SchedulerLoop;
  /** The configured key store, opened on first use. */
  keyStore(): Promise<KeyStore>;
  backups: BackupService;
  restores: RestoreService;
  /** Each area adds what must hold after a restore (see ops/backup/restore-checks.ts). */
  restoreChecks: RestoreCheckRegistry;
  /** Applies pending migrations behind the upgrade guard and records the upgrade. */
  upgrade(o: UpgradeOptions): Promise<UpgradeResult>;
  /** Operations: backups, health probes and their scheduler jobs. */
  ops: OpsModule;
  health: HealthService;
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

/** The base URL certificates point at (CRL, OCSP, caIssuers): config.publicUrl, else http://host:port. */
export function publicUrlOf(config: Config): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, "");
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}

/**
 * The PKI services. `gate`: with issuance failover on, CA/OCSP/TSA keys sign only on the
 * primary and every PKI transaction is fenced by the leader lease (ops/cluster).
 */
function pkiServices(config: Config, plainStore: Store, audit: AuditService, clock: Clock, gate: LeaderController): PkiServices {
  const keys = openKeyStore(config);
  const store = gate.fenced();
  const events = new PkiEvents();
  const ca = new CaService(store, audit, clock, gatedKeyStore(keys, gate), { publicUrl: publicUrlOf(config), sm2UserId: config.sm2UserId, certValidityDays: config.certValidityDays });
  const crl = new CrlService(store, audit, clock, ca, events, { validityHours: config.crlValidityHours });
  const revocation = new RevocationService(store, audit, clock, crl, events);
  const ocsp = new OcspService(store, clock, ca, events);
  const tsa = new TsaService(store, clock, ca);
  return { keys, events, ca, crl, revocation, ocsp, tsa };
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
  // Resolved staff sessions cached for a few seconds (see session-cache.ts); staff changes drop them at once.
  const sessionCache = new SessionCache();
  const staff = new StaffService(store, audit, clock, sessionCache);
  const login = new LoginService(
    store,
    audit,
    clock,
    {
      sessionTtlMinutes: config.sessionTtlMinutes,
      maxFailures: config.loginMaxFailures,
      lockMinutes: config.loginLockMinutes,
    },
    sessionCache,
  );

  // This node in the cluster: the leader lease decides who signs and runs singleton duties.
  // Assigned below; the cluster's hooks run only after the container is built.
  const late: { ops?: OpsModule; pki?: PkiServices } = {};
  const cluster = createCluster({
    config,
    store,
    audit,
    clock,
    log,
    url: publicUrlOf(config),
    version: VERSION,
    hooks: {
      selfCheck: async (now) => (late.ops ? runProbe(late.ops.health.spec("keystore.sign"), now) : { ok: true, detail: "starting" }),
      onPromoted: async () => {
        const pki = late.pki;
        if (!pki) return;
        // Stepped down over a CA round trip and leading again: test it now rather than at its next run.
        if (late.ops && cluster.controller.fitnessStatus.probation.includes("ca.issue")) await late.ops.health.runNow("ca.issue");
        pki.ocsp.flush();
        const resumed = await pki.ca.resumePending("system:failover");
        if (resumed.length) log.info({ serials: resumed }, "signed certificates the previous primary left pending");
        await pki.crl.refreshDue(undefined, "system:failover");
      },
    },
  });
  const scheduler = new Scheduler(store, clock, { log, workerId: cluster.nodeId });
  const schedulerLoop = new SchedulerLoop(scheduler, { lease: cluster.schedulerLease, log });
  const pki = pkiServices(config, store, audit, clock, cluster.controller);
  late.pki = pki;
  const anchors = new AuditAnchorService(store, audit, clock, pki.tsa);


  // EST enrollment, external trust and certificate path validation.
  const enrollment = new EnrollmentService(store, audit, clock, pki.ca, {
    sm2UserId: config.sm2UserId,
    defaultTtlMinutes: config.enrollmentCodeTtlHours * 60,
    maxFailures: config.enrollmentMaxFailures,
  });
  const trust = new TrustStore(() => store.read.trust.trusted(), clock);
  pki.ca.onHierarchyChange(() => trust.invalidate());
  const revocationChecker = new RevocationChecker(
    // The leaf's and the sub-CA's status in one query (the validator asks for both in the same tick).
    tickBatcher(async (serials) => new Map((await store.read.trust.certificateStatuses(serials)).map((r) => [r.serial, r]))),
    clock,
    { failMode: config.revocationFailMode, cacheSeconds: config.revocationCacheSeconds, maxAgeSeconds: config.revocationMaxAgeSeconds, timeoutMs: config.revocationTimeoutMs },
    config.sm2UserId,
  );
  const validator = new CertValidator(trust, revocationChecker, clock, { sm2UserId: config.sm2UserId, failMode: config.revocationFailMode });
  const externalCas = new ExternalCaService(store, audit, clock, trust, { sm2UserId: config.sm2UserId });
  // The bidder login validates with the same path validator as the security service.
  const ra = createRa(
    { store, audit, clock, ca: pki.ca, keys: pki.keys },
    {
      revocation: pki.revocation,
      validator: new SecurityValidatorAdapter(validator),
      // RA codes are EST grants under the application id; EST simpleenroll hands RA application ids to the RA (est.routes.ts).
      grants: new EstGrants(enrollment, store, clock),
      envelope: cmsEnvelope,
    },
    { publicUrl: publicUrlOf(config), sm2UserId: config.sm2UserId, sessionTtlMinutes: config.sessionTtlMinutes, codeTtlHours: config.raCodeTtlHours },
  );
  const security = createSecurityModule(config, store, audit, clock, {
    // Certificate login, verify and validate use the path validator (chain, validity, revocation DB/OCSP/CRL).
    validator: new PathValidatorPort(validator),
    // Escrowed encryption keys, usable inside the service under an approved judicial recovery.
    escrow: { holdersFor: (id, actor) => ra.km.escrowHolders(id, actor) },
    // The CA's key store holds the service's keys too; file keys can also decrypt (PKCS#11: not yet).
    keys: {
      signer: (ref) => pki.keys.signer(ref),
      decrypter: async (ref) => {
        const ks = pki.keys as KeyStore & { decrypter?: (r: typeof ref) => Promise<Decrypter> };
        if (!ks.decrypter) throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `the ${ks.kind} key store cannot decrypt yet` });
        return ks.decrypter(ref);
      },
    },
    // RFC 3161 token over the signature value, from our TSA (SM3 imprint for SM2 signatures).
    timestamper: {
      stamp: async (sig, suite) => (await pki.tsa.stamp(suite === "sm2" ? nodeGm.sm3(sig) : new Uint8Array(createHash("sha256").update(sig).digest()), suite === "sm2" ? "sm3" : "sha256", { requestedBy: "system:security" })).token,
    },
    onCallLogError: (e) => log.error({ err: e }, "security call log: batch not written"),
  });
  // A revocation by our own CA is seen at once on this node (other nodes: within the freshness window).
  pki.events.onStatusChange(() => security.validation.clear());
  // Several nodes on one PostgreSQL: live-board messages reach every node's watchers (LISTEN/NOTIFY).
  const notifications = dbh.notifications;
  const boardBus = notifications
    ? new PgBoardBus({ channel: notifications, nodeId: cluster.nodeId, fetch: async (parcelId, seq) => (await trading.board.after(parcelId, seq - 1, 1)).messages[0], log })
    : undefined;
  // Signed bids: verified and validated through the security service, timestamped by our TSA, receipts under its signing key.
  const trading = createTrading({
    ...(boardBus ? { bus: boardBus } : {}),
    store,
    audit,
    clock,
    scheduler,
    dataDir: config.dataDir,
    bankCallbackSecret: config.bankCallbackSecret,
    bidSecurity: new PkiBidSecurity(store, security.validation, security.service, pki.tsa, pki.ca, pki.keys),
  });
  // Anchor the call log's digest chain in the audit chain every minute (the job reschedules itself).
  scheduler.register(SECURITY_ANCHOR_JOB, async (_job, repos, ctx) => {
    await CallLog.anchor(repos, audit);
    return { rescheduleAt: new Date(ctx.now.getTime() + 60_000) };
  });
  const kb = createKnowledgeBase({ store, audit, clock, dataDir: config.dataDir, maxFileBytes: config.kbMaxFileBytes });

  const support = new SupportDesk({ store, clock, audit, scheduler, config, log });
  // RA: daily e-mail to holders (and the RA) of certificates expiring within 30 days, queued in the
  // support desk's mail outbox in the job's transaction (sent by the desk's mail job when a relay is set).
  registerExpiryJob(scheduler, audit, { enqueue: async (r, m) => void (await support.ctx.notifier.mail(r, m)) }, { raEmail: config.raNotifyEmail, portalUrl: `${publicUrlOf(config)}/portal` }, log);


  const keyStore = (): Promise<KeyStore> => Promise.resolve(pki.keys);
  const ops = createOpsModule({
    config,
    store,
    audit,
    clock,
    log,
    pki,
    scheduler,
    version: VERSION,
    storage: backupStorage(dbh.db, dbh.kind),
    openScratch: async () => {
      const scratch = await openDatabase({ pgliteDir: "memory" });
      return { storage: backupStorage(scratch.db, "pglite"), close: () => scratch.close() };
    },
    migrate: () => migrateToLatest(dbh.db),
    ping: async () => void (await ping(dbh.db)),
    nodeId: cluster.nodeId,
    anchors,
  });
  late.ops = ops;
  // Failing probes open (deduplicated) support-desk incidents and feed the status page.
  connectHealthToDesk(ops.health, support);
  // The signing-path probes on this node decide whether it may stay primary (step-down on failure).
  ops.health.onOutcome((probe, outcome, at) => cluster.controller.observe(probe, outcome, at));
  if (opts.migrate !== false) {
    try {
      await ops.upgrade({ ...opts.upgrade, actor: "system:startup" });
    } catch (e) {
      if (!opts.dbh) await dbh.close();
      throw e;
    }
  }
  // One runbook per error code, in step with the catalogue this build ships (idempotent; writes nothing
  // when unchanged). After the upgrade: the knowledge-base tables may be what it just created.
  if (opts.migrate !== false) await kb.runbooks.sync(ERROR_CATALOGUE);

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
    pki,
    anchors,
    trading,
    ra,
    bidderLogin: ra.bidderLogin,
    kb,
    enrollment,
    revocationChecker,
    validator,
    externalCas,
    version: VERSION,
    readiness,
    scheduler,
    schedulerLoop,
    support,
    security,
    webDir: path.join(ROOT_DIR, "dist/web"),
    keyStore,
    ops,
    cluster: cluster.controller,
    databaseKind: dbh.kind,
    databaseFsync: dbh.durability.fsync,
    backups: ops.backups,
    restores: ops.restores,
    restoreChecks: ops.restoreChecks,
    health: ops.health,
    upgrade: ops.upgrade,
    close: async () => {
      await schedulerLoop.stop();
      await cluster.controller.stop();
      await support.close();
      await pki.keys.close();
      await security.calls.close();
      if (!opts.dbh) await dbh.close();
    },
  };
}
