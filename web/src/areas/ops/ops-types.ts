/** Shapes of the ops API answers (src/http/routes/ops.schemas.ts). */

export interface ProbeView {
  id: string;
  component: string;
  severity: "critical" | "serious" | "general" | string;
  zh: string;
  en: string;
  remedy: string;
  intervalSeconds: number;
  status: "ok" | "failing" | "skipped" | "pending" | string;
  since: string | null;
  lastAt: string | null;
  lastLatencyMs: number | null;
  consecutiveFailures: number;
  lastDetail: string;
  incidentOpen: boolean;
}

export interface ComponentView {
  component: string;
  state: "operational" | "degraded" | "outage" | string;
  checkedAt: string | null;
  failing: { probe: string; severity: string; detail: string; since: string }[];
}

export interface BackupView {
  id: string;
  createdAt: string;
  createdBy: string;
  origin: string;
  file: string | null;
  bytes: number;
  archiveSha256: string;
  schemaVersion: string;
  auditSeq: number;
  totalRows: number;
  signer: string;
  verifiedAt: string | null;
  verifyOk: boolean | null;
  verifiedBy: string | null;
  checks: { id: string; ok: boolean; skipped: boolean; detail: string; ms: number }[];
  restoredAt: string | null;
}

export type NodeState = "leader" | "standby" | "stopped" | "silent";

export interface ClusterView {
  failover: boolean;
  leaders: number;
  lease: { name: string; holder: string; epoch: number; acquiredAt: string; expiresAt: string; expired: boolean } | null;
  nodes: { id: string; hostname: string; pid: number; url: string; version: string; state: NodeState; epoch: number | null; startedAt: string; heartbeatAt: string | null; self: boolean; holdsLease: boolean }[];
}

export interface Overview {
  generatedAt: string;
  node: string;
  components: ComponentView[];
  probes: ProbeView[];
  backups: { latest: BackupView | null; latestVerified: BackupView | null; maxAgeHours: number };
  audit: {
    headSeq: number;
    headHash: string;
    anchors: number;
    lastAnchor: { seq: number; at: string; by: string; tsaSerial: number; headHash: string } | null;
    anchorIntervalMinutes: number;
    anchorState: "none" | "current" | "pending" | "overdue";
  };
  security: {
    since: string;
    windowHours: number;
    calls: number;
    errors: number;
    errorRate: number;
    byFunction: { fn: string; calls: number; errors: number; avgMicros: number }[];
    byCode: { code: string; calls: number; functions: string[] }[];
    unwritten: number;
  };
  cluster: ClusterView;
  database: { kind: string; fsync: boolean };
}

export interface ProbeResultView {
  at: string;
  ok: boolean;
  latencyMs: number;
  detail: string;
  nodeId: string;
}

export interface RecentHistory {
  items: { probe: string; results: ProbeResultView[] }[];
}

export interface ProbeRunAnswer {
  result: ProbeResultView;
  status: string;
  incident: { action: string; incidentNo: string | null } | null;
}
