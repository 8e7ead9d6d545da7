/**
 * Operations wiring: backup and restore, the upgrade guard, health probes
 * (as scheduler jobs), in one place so the container stays a list.
 */
import path from "node:path";
import type { Logger } from "pino";
import type { Clock } from "../app/clock.js";
import type { Config } from "../app/config.js";
import type { KeyStore } from "../pki/keys/key-store.js";
import type { PkiServices } from "../pki/pki-services.js";
import type { Repos, Store } from "../storage/store.js";
import type { AuditAnchorService } from "./audit-anchor.service.js";
import type { AuditService } from "./audit.service.js";
import type { BackupStorage } from "./backup/backup.ports.js";
import { BackupService } from "./backup/backup.service.js";
import { defaultRestoreChecks, type RestoreCheckRegistry } from "./backup/restore-checks.js";
import { RestoreService } from "./backup/restore.service.js";
import { upgradeSchema, type UpgradeOptions, type UpgradeResult } from "./backup/upgrade-guard.js";
import { HealthService, loggingSink, PROBE_JOB } from "./health/health.service.js";
import { runProbe } from "./health/probe.js";
import { buildProbes } from "./health/probes.js";
import type { Scheduler } from "./scheduler/scheduler.js";

export const PROBE_PRUNE_JOB = "ops.probe-prune";
/** Singleton duties of the primary (the scheduler ticks on the leader only when failover is on). */
export const CRL_REFRESH_JOB = "ops.crl-refresh";
export const AUDIT_ANCHOR_JOB = "ops.audit-anchor";
const HOUR = 3_600_000;

export interface OpsModuleDeps {
  config: Config;
  store: Store;
  audit: AuditService;
  clock: Clock;
  log: Logger;
  pki: PkiServices;
  scheduler: Scheduler;
  version: string;
  storage: BackupStorage;
  /** A throw-away database to verify backups into. */
  openScratch: () => Promise<{ storage: BackupStorage; close(): Promise<void> }>;
  migrate: () => Promise<string[]>;
  ping: () => Promise<void>;
  nodeId: string;
  anchors: AuditAnchorService;
}

export interface OpsModule {
  backups: BackupService;
  restores: RestoreService;
  restoreChecks: RestoreCheckRegistry;
  health: HealthService;
  upgrade(o: UpgradeOptions): Promise<UpgradeResult>;
  /** Puts the recurring ops jobs (probes, history pruning) on the scheduler; idempotent. Run at serve start. */
  armJobs(repos: Repos): Promise<void>;
}

export function createOpsModule(d: OpsModuleDeps): OpsModule {
  const { config, store, audit, clock } = d;
  const dataDir = path.resolve(config.dataDir);
  const keys = (): Promise<KeyStore> => Promise.resolve(d.pki.keys);
  const restoreChecks = defaultRestoreChecks();
  const backups = new BackupService({
    storage: d.storage,
    store,
    audit,
    clock,
    keys,
    dataDir,
    backupDir: path.resolve(config.backupDir ?? path.join(dataDir, "backups")),
    version: d.version,
  });
  const restores = new RestoreService({
    storage: d.storage,
    store,
    audit,
    clock,
    keys,
    keyStoreKind: config.keyStore,
    checks: restoreChecks,
    dataDir,
    configuredPassphrase: config.keyPassphrase,
    sm2UserId: config.sm2UserId,
    openScratch: d.openScratch,
  });

  const probes = buildProbes(
    { config, store, pki: d.pki, ping: d.ping },
    { defaultMs: config.probeIntervalSeconds * 1000, recordingMs: config.probeRecordingIntervalMinutes * 60_000 },
  );
  const health = new HealthService(store, audit, clock, probes, loggingSink(d.log), { failuresBeforeIncident: config.probeFailuresBeforeIncident, historyDays: config.probeHistoryDays, nodeId: d.nodeId }, d.log);

  // Each probe is one job that reschedules itself; it runs outside any transaction (probes open their own).
  d.scheduler.registerExternal<unknown>(PROBE_JOB, async (job, ctx) => {
    const spec = health.probes.find((p) => p.id === job.key);
    if (!spec) return undefined; // a probe this version no longer has: the job completes
    try {
      await health.record(spec, await runProbe(spec, ctx.now), ctx.now);
    } catch (e) {
      d.log.error({ err: e, probe: spec.id }, "health probe: could not record the result");
    }
    return async () => ({ rescheduleAt: new Date(ctx.now.getTime() + spec.intervalMs) });
  });
  d.scheduler.registerExternal<unknown>(PROBE_PRUNE_JOB, async (_job, ctx) => {
    await health.prune(ctx.now);
    return async () => ({ rescheduleAt: new Date(ctx.now.getTime() + 6 * HOUR) });
  });

  // CRLs: re-issued before their nextUpdate (idempotent under the CA row lock).
  d.scheduler.registerExternal<unknown>(CRL_REFRESH_JOB, async (_job, ctx) => {
    try {
      await d.pki.crl.refreshDue(ctx.now, "system:crl-refresh");
    } catch (e) {
      d.log.warn({ err: e }, "CRL refresh failed");
    }
    return async () => ({ rescheduleAt: new Date(ctx.now.getTime() + 60_000) });
  });
  // The audit chain head, timestamped by our TSA: tampering after an anchor is detectable.
  d.scheduler.registerExternal<unknown>(AUDIT_ANCHOR_JOB, async (_job, ctx) => {
    try {
      const head = await store.read.audit.head();
      const last = (await store.read.anchors.list()).at(-1);
      if (head.seq > 0 && (!last || last.auditSeq < head.seq)) await d.anchors.anchor("system:audit-anchor");
    } catch (e) {
      d.log.warn({ err: e }, "audit anchoring failed");
    }
    return async () => ({ rescheduleAt: new Date(ctx.now.getTime() + config.auditAnchorMinutes * 60_000) });
  });

  return {
    backups,
    restores,
    restoreChecks,
    health,
    upgrade: (o) => upgradeSchema({ storage: d.storage, store, clock, restores, backups, audit, maxAgeHours: config.backupMaxAgeHours, migrate: d.migrate }, o),
    async armJobs(repos) {
      const now = clock.now();
      // Only where missing: a restart must not push an hourly duty back by an hour each time.
      const ensure = async (kind: string, key: string, dueAt: Date) => {
        const j = await repos.scheduler.get(kind, key);
        if (j && !j.doneAt && !j.failedAt) return;
        if (j?.failedAt) d.log.error({ kind, key, error: j.lastError }, "a recurring ops job had given up; it is not re-armed automatically");
        else await d.scheduler.schedule(repos, { kind, key, dueAt });
      };
      for (const p of probes) await ensure(PROBE_JOB, p.id, now);
      await ensure(PROBE_PRUNE_JOB, "history", new Date(now.getTime() + HOUR));
      await ensure(CRL_REFRESH_JOB, "all", now);
      await ensure(AUDIT_ANCHOR_JOB, "head", new Date(now.getTime() + config.auditAnchorMinutes * 60_000));
    },
  };
}
