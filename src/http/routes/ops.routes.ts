/**
 * Operations API for the ops dashboard (role ops): component health, probe
 * states and history, backups (create and verify from the running server —
 * with the embedded database the CLI cannot while the server holds it),
 * audit-chain and anchor status, security-service error counts.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { anchorState } from "../../ops/audit-anchor-status.js";
import type { BackupRecord } from "../../ops/backup/backup.ports.js";
import { clusterView } from "../../ops/cluster/cluster-view.js";
import { LEADER_LEASE } from "../../ops/cluster/cluster-module.js";
import { summariseCalls } from "../../signing/call-stats.js";
import { AppError } from "../../shared/errors.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import { backupView, clusterSchema, iso, overviewSchema, resultView, toBackupView, toClusterView } from "./ops.schemas.js";

const ACCESS = ["ops"] as const;
const HOUR = 3_600_000;
/** The window of the security-service statistics on the dashboard. */
const SECURITY_WINDOW_HOURS = 24;

export const opsRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const { ops } = deps;
  const access = ACCESS;

  /** Who verified a backup last: the audit entry is the record of it. */
  const verifiedBy = async (b: BackupRecord | undefined) => {
    if (!b?.verifiedAt) return null;
    return (await deps.store.read.audit.list({ subject: `backup:${b.id}`, action: "ops.backup.verified", limit: 1 }))[0]?.actor ?? null;
  };
  const backupOut = async (b: BackupRecord | undefined) => (b ? toBackupView(b, await verifiedBy(b)) : null);

  const cluster = async (now: Date) => {
    const c = deps.cluster;
    const ttlMs = deps.config.leaderLeaseSeconds * 1000;
    return clusterView({
      now,
      failover: c.enabled,
      nodes: await deps.store.read.nodes.list(),
      lease: c.enabled ? await deps.store.read.leases.get(LEADER_LEASE) : undefined,
      self: { id: c.opts.nodeId, hostname: c.opts.hostname, pid: c.opts.pid, url: c.opts.url, version: c.opts.version, role: c.role(), epoch: c.epoch, startedAt: c.startedAt },
      silentAfterMs: Math.max(3 * c.opts.beatMs, 2 * ttlMs),
    });
  };

  app.get(
    "/api/ops/overview",
    {
      config: { access },
      schema: {
        tags: ["ops"],
        summary: "Everything the ops dashboard shows: components, probes, nodes and the leader lease, backups, audit chain and anchors, security-service statistics",
        response: { 200: overviewSchema },
      },
    },
    async () => {
      const now = deps.clock.now();
      const states = new Map((await ops.health.states()).map((s) => [s.probe, s]));
      // The latency of each probe's last recorded run (index scans; a run older than the kept history has none).
      const lastRuns = new Map((await deps.store.read.probes.recent(1, new Date(now.getTime() - deps.config.probeHistoryDays * 24 * HOUR))).map((r) => [r.probe, r]));
      const backups = await deps.store.read.backups.list(1);
      const verified = await deps.store.read.backups.latestVerifiedLocal();
      const head = await deps.store.read.audit.head();
      const anchors = await deps.store.read.anchors.list();
      const lastAnchor = anchors.at(-1) ?? null;
      // Buffered calls first, so a call made a moment ago is counted.
      await deps.security.calls.flush();
      const since = new Date(now.getTime() - SECURITY_WINDOW_HOURS * HOUR);
      const summary = summariseCalls(await deps.store.read.security.stats(since));
      return {
        generatedAt: now.toISOString(),
        node: deps.cluster.opts.nodeId,
        components: (await ops.health.components()).map((c) => ({ ...c, checkedAt: iso(c.checkedAt), failing: c.failing.map((f) => ({ ...f, since: f.since.toISOString() })) })),
        probes: ops.health.probes.map((p) => {
          const s = states.get(p.id);
          return {
            id: p.id,
            component: p.component,
            severity: p.severity,
            zh: p.zh,
            en: p.en,
            remedy: p.remedy,
            intervalSeconds: Math.round(p.intervalMs / 1000),
            status: s?.status ?? "pending",
            since: iso(s?.since),
            lastAt: iso(s?.lastAt),
            lastLatencyMs: lastRuns.get(p.id)?.latencyMs ?? null,
            consecutiveFailures: s?.consecutiveFailures ?? 0,
            lastDetail: s?.lastDetail ?? "",
            incidentOpen: s?.incidentOpen ?? false,
          };
        }),
        backups: { latest: await backupOut(backups[0]), latestVerified: await backupOut(verified), maxAgeHours: deps.config.backupMaxAgeHours },
        audit: {
          headSeq: head.seq,
          headHash: head.hash,
          anchors: anchors.length,
          lastAnchoredSeq: lastAnchor?.auditSeq ?? null,
          lastAnchoredAt: iso(lastAnchor?.anchoredAt),
          lastAnchor: lastAnchor ? { seq: lastAnchor.auditSeq, at: lastAnchor.anchoredAt.toISOString(), by: lastAnchor.anchoredBy, tsaSerial: lastAnchor.tsaSerial, headHash: lastAnchor.headHash } : null,
          anchorIntervalMinutes: deps.config.auditAnchorMinutes,
          anchorState: anchorState({ now, headSeq: head.seq, lastAnchoredSeq: lastAnchor?.auditSeq ?? null, lastAnchoredAt: lastAnchor?.anchoredAt ?? null, intervalMinutes: deps.config.auditAnchorMinutes }),
        },
        security: {
          since: since.toISOString(),
          windowHours: SECURITY_WINDOW_HOURS,
          calls: summary.calls,
          errors: summary.errors,
          errorRate: summary.errorRate,
          byOutcome: summary.byCode.map((c) => ({ outcome: c.code, calls: c.calls })),
          byFunction: summary.byFunction,
          byCode: summary.byCode,
          unwritten: deps.security.calls.unwritten,
        },
        cluster: toClusterView(await cluster(now)),
        database: { kind: deps.databaseKind, fsync: deps.databaseFsync },
      };
    },
  );

  app.get(
    "/api/ops/cluster",
    {
      config: { access },
      schema: { tags: ["ops"], summary: "The nodes sharing this database, their roles (leader/standby), and the leader lease with its fencing epoch", response: { 200: clusterSchema } },
    },
    async () => toClusterView(await cluster(deps.clock.now())),
  );

  app.get(
    "/api/ops/probes/recent",
    {
      config: { access },
      schema: {
        tags: ["ops"],
        summary: "The last results of every probe (oldest first per probe), for the dashboard's history charts",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(40), hours: z.coerce.number().int().min(1).max(24 * 31).default(24) }),
        response: { 200: z.object({ items: z.array(z.object({ probe: z.string(), results: z.array(resultView) })) }) },
      },
    },
    async (req) => {
      const since = new Date(deps.clock.now().getTime() - req.query.hours * HOUR);
      const items = await ops.health.recent(req.query.limit, since);
      return { items: items.map((i) => ({ probe: i.probe, results: i.results.map((r) => ({ at: r.at.toISOString(), ok: r.ok, latencyMs: r.latencyMs, detail: r.detail, nodeId: r.nodeId })) })) };
    },
  );

  app.get(
    "/api/ops/probes/:id/history",
    {
      config: { access },
      schema: {
        tags: ["ops"],
        summary: "One probe's results over the last hours (oldest first), for the history chart",
        params: z.object({ id: z.string().max(100) }),
        querystring: z.object({ hours: z.coerce.number().int().min(1).max(24 * 31).default(24) }),
        response: { 200: z.object({ probe: z.string(), items: z.array(resultView) }) },
      },
    },
    async (req) => {
      const since = new Date(deps.clock.now().getTime() - req.query.hours * HOUR);
      const items = await ops.health.history(req.params.id, since);
      return { probe: req.params.id, items: items.map((r) => ({ at: r.at.toISOString(), ok: r.ok, latencyMs: r.latencyMs, detail: r.detail, nodeId: r.nodeId })) };
    },
  );

  app.post(
    "/api/ops/probes/:id/run",
    {
      config: { access },
      schema: {
        tags: ["ops"],
        summary: "Run one probe now (recorded like a scheduled run; may open or resolve its incident)",
        params: z.object({ id: z.string().max(100) }),
        body: z.object({}).strict().optional(),
        response: { 200: z.object({ result: resultView, status: z.string(), incident: z.object({ action: z.string(), incidentNo: z.string().nullable() }).nullable() }) },
      },
    },
    async (req) => {
      const r = await ops.health.runNow(req.params.id);
      return { result: { ...r.result, at: r.result.at.toISOString() }, status: r.state.status, incident: r.incident };
    },
  );

  app.get(
    "/api/ops/backups",
    {
      config: { access },
      schema: { tags: ["ops"], summary: "Backups recorded for this database, newest first", response: { 200: z.object({ items: z.array(backupView) }) } },
    },
    async () => ({ items: await Promise.all((await deps.store.read.backups.list(50)).map(async (b) => toBackupView(b, await verifiedBy(b)))) }),
  );

  app.post(
    "/api/ops/backups",
    {
      config: { access },
      schema: { tags: ["ops"], summary: "Make a backup now (written to the server's backup directory)", body: z.object({}).strict().optional(), response: { 200: backupView } },
    },
    async (req) => {
      const b = await ops.backups.create({ actor: actorOf(req) });
      const rec = await deps.store.read.backups.get(b.id);
      if (!rec) throw new AppError("OPS_BACKUP_FILE_NOT_FOUND", { detail: b.id });
      return toBackupView(rec);
    },
  );

  app.post(
    "/api/ops/backups/:id/verify",
    {
      config: { access },
      schema: {
        tags: ["ops"],
        summary: "Verify a recorded backup: restore it into a scratch database and run every restore check",
        params: z.object({ id: z.string().max(100) }),
        body: z.object({}).strict().optional(),
        response: { 200: backupView },
      },
    },
    async (req) => {
      const rec = await deps.store.read.backups.get(req.params.id);
      if (!rec?.file) throw new AppError("OPS_BACKUP_FILE_NOT_FOUND", { detail: req.params.id });
      await ops.restores.verify(rec.file, { actor: actorOf(req), signers: [rec.signerSpkiSha256] });
      return toBackupView((await deps.store.read.backups.get(req.params.id))!, actorOf(req));
    },
  );
};
