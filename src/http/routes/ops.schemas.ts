/** Response schemas of the ops API (ops.routes.ts) and the mapping of records to them. */
import { z } from "zod";
import type { BackupRecord } from "../../ops/backup/backup.ports.js";
import type { ClusterView } from "../../ops/cluster/cluster-view.js";

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const backupView = z.object({
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
  /** Who ran the last verification (from the audit log entry ops.backup.verified). */
  verifiedBy: z.string().nullable(),
  checks: z.array(z.object({ id: z.string(), ok: z.boolean(), skipped: z.boolean(), detail: z.string(), ms: z.number() })),
  restoredAt: z.string().nullable(),
});

export const toBackupView = (b: BackupRecord, verifiedBy: string | null = null): z.infer<typeof backupView> => ({
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
  verifiedBy: b.verifiedAt ? verifiedBy : null,
  checks: (b.verifyReport?.checks ?? []).map((c) => ({ id: c.id, ok: c.ok, skipped: c.skipped, detail: c.detail, ms: c.ms })),
  restoredAt: iso(b.restoredAt),
});

export const probeView = z.object({
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
  lastLatencyMs: z.number().nullable(),
  consecutiveFailures: z.number(),
  lastDetail: z.string(),
  incidentOpen: z.boolean(),
});

export const resultView = z.object({ at: z.string(), ok: z.boolean(), latencyMs: z.number(), detail: z.string(), nodeId: z.string() });

export const clusterSchema = z.object({
  failover: z.boolean(),
  leaders: z.number(),
  lease: z.object({ name: z.string(), holder: z.string(), epoch: z.number(), acquiredAt: z.string(), expiresAt: z.string(), expired: z.boolean() }).nullable(),
  nodes: z.array(
    z.object({
      id: z.string(),
      hostname: z.string(),
      pid: z.number(),
      url: z.string(),
      version: z.string(),
      state: z.enum(["leader", "standby", "stopped", "silent"]),
      epoch: z.number().nullable(),
      startedAt: z.string(),
      heartbeatAt: z.string().nullable(),
      self: z.boolean(),
      holdsLease: z.boolean(),
    }),
  ),
});

export const toClusterView = (v: ClusterView): z.infer<typeof clusterSchema> => ({
  failover: v.failover,
  leaders: v.leaders,
  lease: v.lease ? { ...v.lease, acquiredAt: v.lease.acquiredAt.toISOString(), expiresAt: v.lease.expiresAt.toISOString() } : null,
  nodes: v.nodes.map((n) => ({ ...n, startedAt: n.startedAt.toISOString(), heartbeatAt: iso(n.heartbeatAt) })),
});

export const securitySchema = z.object({
  since: z.string(),
  windowHours: z.number(),
  calls: z.number(),
  errors: z.number(),
  errorRate: z.number(),
  byOutcome: z.array(z.object({ outcome: z.string(), calls: z.number() })),
  byFunction: z.array(z.object({ fn: z.string(), calls: z.number(), errors: z.number(), avgMicros: z.number() })),
  byCode: z.array(z.object({ code: z.string(), calls: z.number(), functions: z.array(z.string()) })),
  /** Calls this node could not write to the call log (database down): never silent. */
  unwritten: z.number(),
});

export const auditSchema = z.object({
  headSeq: z.number(),
  headHash: z.string(),
  anchors: z.number(),
  lastAnchoredSeq: z.number().nullable(),
  lastAnchoredAt: z.string().nullable(),
  lastAnchor: z.object({ seq: z.number(), at: z.string(), by: z.string(), tsaSerial: z.number(), headHash: z.string() }).nullable(),
  anchorIntervalMinutes: z.number(),
  anchorState: z.enum(["none", "current", "pending", "overdue"]),
});

export const overviewSchema = z.object({
  generatedAt: z.string(),
  node: z.string(),
  components: z.array(z.object({ component: z.string(), state: z.string(), checkedAt: z.string().nullable(), failing: z.array(z.object({ probe: z.string(), severity: z.string(), detail: z.string(), since: z.string() })) })),
  probes: z.array(probeView),
  backups: z.object({ latest: backupView.nullable(), latestVerified: backupView.nullable(), maxAgeHours: z.number() }),
  audit: auditSchema,
  security: securitySchema,
  cluster: clusterSchema,
  database: z.object({ kind: z.string(), fsync: z.boolean() }),
});
