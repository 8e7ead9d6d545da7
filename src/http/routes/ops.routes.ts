/**
 * Operations API for the ops dashboard (role ops): component health, probe
 * states and history, backups (create and verify from the running server —
 * with the embedded database the CLI cannot while the server holds it),
 * audit-chain and anchor status, security-service error counts.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { BackupRecord } from "../../ops/backup/backup.ports.js";
import { AppError } from "../../shared/errors.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";

const ACCESS = ["ops"] as const;
const HOUR = 3_600_000;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

const backupView = z.object({
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  origin: z.string(),
  file: z.string().nullable(),
  bytes: z.number(),
  archiveSha256: z.string(),
  schemaVersion: z.string(),
  auditSeq: z.number(),
  totalRows: z.number(),
  signer: z.string(),
  verifiedAt: z.string().nullable(),
  verifyOk: z.boolean().nullable(),
  checks: z.array(z.object({ id: z.string(), ok: z.boolean(), skipped: z.boolean(), detail: z.string(), ms: z.number() })),
  restoredAt: z.string().nullable(),
});

const toBackupView = (b: BackupRecord): z.infer<typeof backupView> => ({
  id: b.id,
  createdAt: b.createdAt.toISOString(),
  createdBy: b.createdBy,
  origin: b.origin,
  file: b.file,
  bytes: b.bytes,
  archiveSha256: b.archiveSha256,
  schemaVersion: b.schemaVersion,
  auditSeq: b.auditSeq,
  totalRows: b.totalRows,
  signer: b.signerSpkiSha256,
  verifiedAt: iso(b.verifiedAt),
  verifyOk: b.verifyOk,
  checks: (b.verifyReport?.checks ?? []).map((c) => ({ id: c.id, ok: c.ok, skipped: c.skipped, detail: c.detail, ms: c.ms })),
  restoredAt: iso(b.restoredAt),
});

const probeView = z.object({
  id: z.string(),
  component: z.string(),
  severity: z.string(),
  zh: z.string(),
  en: z.string(),
  remedy: z.string(),
  intervalSeconds: z.number(),
  status: z.string(),
  since: z.string().nullable(),
  lastAt: z.string().nullable(),
  consecutiveFailures: z.number(),
  lastDetail: z.string(),
  incidentOpen: z.boolean(),
});

const resultView = z.object({ at: z.string(), ok: z.boolean(), latencyMs: z.number(), detail: z.string(), nodeId: z.string() });

export const opsRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const { ops } = deps;
  const access = ACCESS;

  app.get(
    "/api/ops/overview",
    {
      config: { access },
      schema: {
        tags: ["ops"],
        summary: "Everything the ops dashboard shows: components, probes, backups, audit chain and anchors, security-service errors",
        response: {
          200: z.object({
            generatedAt: z.string(),
            components: z.array(z.object({ component: z.string(), state: z.string(), checkedAt: z.string().nullable(), failing: z.array(z.object({ probe: z.string(), severity: z.string(), detail: z.string(), since: z.string() })) })),
            probes: z.array(probeView),
            backups: z.object({ latest: backupView.nullable(), latestVerified: backupView.nullable(), maxAgeHours: z.number() }),
            audit: z.object({ headSeq: z.number(), headHash: z.string(), anchors: z.number(), lastAnchoredSeq: z.number().nullable(), lastAnchoredAt: z.string().nullable() }),
            security: z.object({ since: z.string(), calls: z.number(), errors: z.number(), byOutcome: z.array(z.object({ outcome: z.string(), calls: z.number() })) }),
            database: z.object({ kind: z.string(), fsync: z.boolean() }),
          }),
        },
      },
    },
    async () => {
      const now = deps.clock.now();
      const states = new Map((await ops.health.states()).map((s) => [s.probe, s]));
      const backups = await deps.store.read.backups.list(1);
      const verified = await deps.store.read.backups.latestVerifiedLocal();
      const head = await deps.store.read.audit.head();
      const anchors = await deps.store.read.anchors.list();
      const lastAnchor = anchors.at(-1) ?? null;
      const since = new Date(now.getTime() - 24 * HOUR);
      const stats = await deps.store.read.security.stats(since);
      const byOutcome = new Map<string, number>();
      for (const r of stats) byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + r.calls);
      const calls = stats.reduce((s, r) => s + r.calls, 0);
      return {
        generatedAt: now.toISOString(),
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
            consecutiveFailures: s?.consecutiveFailures ?? 0,
            lastDetail: s?.lastDetail ?? "",
            incidentOpen: s?.incidentOpen ?? false,
          };
        }),
        backups: { latest: backups[0] ? toBackupView(backups[0]) : null, latestVerified: verified ? toBackupView(verified) : null, maxAgeHours: deps.config.backupMaxAgeHours },
        audit: { headSeq: head.seq, headHash: head.hash, anchors: anchors.length, lastAnchoredSeq: lastAnchor?.auditSeq ?? null, lastAnchoredAt: iso(lastAnchor?.anchoredAt) },
        security: { since: since.toISOString(), calls, errors: calls - (byOutcome.get("OK") ?? 0), byOutcome: [...byOutcome.entries()].map(([outcome, n]) => ({ outcome, calls: n })) },
        database: { kind: deps.databaseKind, fsync: deps.databaseFsync },
      };
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
    async () => ({ items: (await deps.store.read.backups.list(50)).map(toBackupView) }),
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
      return toBackupView((await deps.store.read.backups.get(req.params.id))!);
    },
  );
};
