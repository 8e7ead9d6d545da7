/** Shapes of the support API used by the desk screens, and the taxonomy context. */
import { createContext, useContext } from "react";

export type Severity = "critical" | "serious" | "general";
export type Status = "new" | "open" | "handed_over" | "in_support" | "returned" | "resolved" | "closed";
export type Queue = "service_desk" | "tech_support" | "local_service_point";

export interface Deadline {
  name: string;
  targetMinutes: number;
  startedAt: string;
  dueAt: string | null;
  metAt: string | null;
  state: "met" | "late" | "breached" | "running" | "paused";
  remainingMs: number;
  atRisk: boolean;
}

export interface Step {
  severity: Severity;
  step: number;
  afterMinutes: number;
  role: string;
  dueAt: string | null;
  state: "fired" | "due" | "pending" | "paused" | "cancelled";
  firedAt: string | null;
}

export interface Sla {
  paused: boolean;
  elapsedMs: number;
  breached: boolean;
  atRisk: boolean;
  nextDueAt: string | null;
  deadlines: Deadline[];
  steps: Step[];
}

export interface Incident {
  id: string;
  incidentNo: string;
  title: string;
  description: string;
  category: string | null;
  subFault: string | null;
  severity: Severity;
  impact: string;
  urgency: string;
  status: Status;
  queue: Queue;
  channel: string;
  reporter: { kind: string; name: string; phone: string | null; email: string | null; org: string | null; certificateSerial: string | null; tokenSerial: string | null };
  component: string | null;
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
  firstContactAt: string | null;
  firstContactBy: string | null;
  solutionAt: string | null;
  analysis: string | null;
  solution: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  closedAt: string | null;
  pausedSince: string | null;
  pauseReason: string | null;
  major: boolean;
  majorDeclaredAt: string | null;
  majorAnsweredAt: string | null;
  reviewDoneAt: string | null;
  escalationLevel: number;
  breached: boolean;
  nextDueAt: string | null;
  sla: Sla;
}

export interface Handover {
  id: string;
  handoverNo: string;
  status: "open" | "accepted" | "returned";
  problemRecord: string;
  createdBy: string;
  createdAt: string;
  acceptedBy: string | null;
  acceptedAt: string | null;
  returnedAt: string | null;
  result: string | null;
}

export interface EventRow {
  id: number;
  at: string;
  actor: string;
  type: string;
  public: boolean;
  data: Record<string, unknown>;
}

export interface Detail {
  incident: Incident;
  suggestedSeverity: Severity;
  events: EventRow[];
  handovers: Handover[];
  tracking: { id: number; at: string; author: string; kind: string; text: string }[];
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number; sha256: string; createdAt: string; source: string }[];
  consultations: { id: string; question: string; requestedBy: string; requestedAt: string; answer: string | null; answeredBy: string | null }[];
  dispatches: { id: string; site: string; reason: string; requestedAt: string; arrivedAt: string | null; completedAt: string | null; cancelledAt: string | null; engineer: string | null; result: string | null }[];
  remoteSessions: { id: string; engineer: string; startedAt: string; endedAt: string; method: string; findings: string; outcome: string }[];
  review: { summary: string; rootCause: string; actions: string; reviewedBy: string; reviewedAt: string } | null;
  escalations: { severity: Severity; step: number; role: string; firedAt: string; notified: string[] }[];
  mails: { id: string; to: string; subject: string; status: string; sentAt: string | null; createdAt: string }[];
}

type L = { zh: string; en: string };

export interface SupportMeta {
  categories: ({ id: string; scope: L } & L)[];
  subFaults: ({ code: string; category: string } & L)[];
  severities: ({ id: Severity; definition: L[] } & L)[];
  impacts: ({ id: string } & L)[];
  urgencies: ({ id: string } & L)[];
  matrix: { impact: string; cells: { urgency: string; severity: Severity }[] }[];
  channels: ({ id: string } & L)[];
  statuses: ({ id: Status } & L)[];
  components: ({ id: string } & L)[];
}

export const SupportMetaContext = createContext<SupportMeta | null>(null);

export function useSupportMeta(): SupportMeta | null {
  return useContext(SupportMetaContext);
}

export const incidentPath = (no: string) => `/support/incidents/${no}`;
