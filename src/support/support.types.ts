/** The support desk's records as domain code sees them (storage maps them to rows). */
import type { EscalationRole, SlaView } from "./sla-policy.js";
import type { Category, Channel, Impact, Queue, ReporterKind, Severity, Status, Urgency } from "./taxonomy.js";

export interface Reporter {
  kind: ReporterKind;
  name: string;
  phone: string | null;
  email: string | null;
  org: string | null;
  /** Free text until the RA area offers look-ups. */
  certificateSerial: string | null;
  tokenSerial: string | null;
}

/** SlaView as stored (JSON): times are ISO strings. */
export type SlaSnapshot = ReturnType<typeof snapshotOf>;

export function snapshotOf(v: SlaView) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    paused: v.paused,
    elapsedMs: v.elapsedMs,
    breached: v.breached,
    atRisk: v.atRisk,
    nextDueAt: iso(v.nextDueAt),
    deadlines: v.deadlines.map((d) => ({ ...d, startedAt: d.startedAt.toISOString(), dueAt: iso(d.dueAt), metAt: iso(d.metAt) })),
    steps: v.steps.map((s) => ({ ...s, dueAt: iso(s.dueAt), firedAt: iso(s.firedAt) })),
  };
}

export interface Incident {
  id: string;
  incidentNo: string;
  title: string;
  description: string;
  category: Category | null;
  subFault: string | null;
  severity: Severity;
  impact: Impact;
  urgency: Urgency;
  status: Status;
  queue: Queue;
  channel: Channel;
  reporter: Reporter;
  component: string | null;
  systemOpenComponent: string | null;
  assignee: string | null;
  calendar: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  firstContactAt: Date | null;
  firstContactBy: string | null;
  solutionAt: Date | null;
  solutionBy: string | null;
  analysis: string | null;
  solution: string | null;
  resolvedAt: Date | null;
  resolvedByGroup: Queue | null;
  resolution: string | null;
  closedAt: Date | null;
  pausedSince: Date | null;
  pauseReason: string | null;
  major: boolean;
  majorDeclaredAt: Date | null;
  majorDeclaredBy: string | null;
  majorAnsweredAt: Date | null;
  reviewDoneAt: Date | null;
  trackingTokenDigest: string | null;
  escalationLevel: number;
  sla: SlaSnapshot;
  breached: boolean;
  nextDueAt: Date | null;
}

export type IncidentPatch = Partial<Omit<Incident, "id" | "incidentNo" | "createdAt" | "createdBy" | "reporter">> & { reporter?: Partial<Reporter> };

export interface IncidentEvent {
  id: number;
  incidentId: string;
  at: Date;
  actor: string;
  type: string;
  public: boolean;
  data: Record<string, unknown>;
}

export interface Pause {
  id: number;
  incidentId: string;
  from: Date;
  to: Date | null;
  reason: string;
  pausedBy: string;
  resumedBy: string | null;
}

export type HandoverStatus = "open" | "accepted" | "returned";

export interface Handover {
  id: string;
  handoverNo: string;
  incidentId: string;
  status: HandoverStatus;
  problemRecord: string;
  createdBy: string;
  createdAt: Date;
  acceptedBy: string | null;
  acceptedAt: Date | null;
  returnedBy: string | null;
  returnedAt: Date | null;
  result: string | null;
}

export const TRACKING_KINDS = ["contact", "analysis", "action", "customer", "note"] as const;
export type TrackingKind = (typeof TRACKING_KINDS)[number];

export interface TrackingEntry {
  id: number;
  incidentId: string;
  handoverId: string | null;
  at: Date;
  author: string;
  kind: TrackingKind;
  text: string;
}

export interface AttachmentMeta {
  id: string;
  incidentId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  source: "upload" | "mail" | "diagnosis";
  createdBy: string;
  createdAt: Date;
}

export interface Consultation {
  id: string;
  incidentId: string;
  question: string;
  requestedBy: string;
  requestedAt: Date;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
}

export interface Dispatch {
  id: string;
  incidentId: string;
  reason: string;
  site: string;
  requestedBy: string;
  requestedAt: Date;
  engineer: string | null;
  arrivedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  result: string | null;
}

export const REMOTE_OUTCOMES = ["resolved", "needs-follow-up", "needs-on-site"] as const;
export type RemoteOutcome = (typeof REMOTE_OUTCOMES)[number];

export interface RemoteSession {
  id: string;
  incidentId: string;
  engineer: string;
  startedAt: Date;
  endedAt: Date;
  method: string;
  findings: string;
  outcome: RemoteOutcome;
  data: Record<string, unknown>;
}

export interface Review {
  incidentId: string;
  summary: string;
  rootCause: string;
  actions: string;
  reviewedBy: string;
  reviewedAt: Date;
}

export interface ArchiveEntry {
  incidentId: string;
  incidentNo: string;
  archivedAt: Date;
  archivedBy: string;
  customer: string;
  category: Category | null;
  subFault: string | null;
  severity: Severity;
  title: string;
  problem: string;
  solution: string;
}

export interface FiredStep {
  incidentId: string;
  severity: Severity;
  step: number;
  role: EscalationRole;
  dueAt: Date;
  firedAt: Date;
  notified: string[];
}

export interface Notification {
  id: number;
  recipient: string;
  dedupeKey: string;
  incidentId: string | null;
  kind: string;
  titleZh: string;
  titleEn: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export type OutboxStatus = "pending" | "sent" | "not_sent" | "failed";

export interface OutboxMail {
  id: string;
  messageId: string;
  dedupeKey: string | null;
  to: string;
  subject: string;
  text: string;
  inReplyTo: string | null;
  incidentId: string | null;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export type InboundStatus = "received" | "incident_created" | "threaded" | "rejected" | "ignored";

export interface InboundMail {
  id: string;
  receivedAt: Date;
  envelopeFrom: string | null;
  envelopeTo: string;
  remoteAddress: string | null;
  sizeBytes: number;
  messageId: string | null;
  from: string | null;
  subject: string | null;
  status: InboundStatus;
  errorCode: string | null;
  errorDetail: string | null;
  incidentId: string | null;
}
