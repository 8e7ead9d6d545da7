/** Response shapes of the support API (zod → OpenAPI) and the conversion of records to JSON. */
import { z } from "zod";
import { CATEGORIES, CHANNELS, IMPACTS, QUEUES, REPORTER_KINDS, SEVERITIES, STATUSES, URGENCIES } from "../../support/taxonomy.js";

/** Deep copy with every Date as an ISO string and byte arrays dropped (responses are JSON). */
export function jsonable<T>(v: T): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return undefined;
  if (Array.isArray(v)) return v.map(jsonable);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonable(x)]));
  return v;
}

const iso = z.string();
const isoOrNull = z.string().nullable();

const deadline = z.object({
  name: z.string(),
  targetMinutes: z.number(),
  startedAt: iso,
  dueAt: isoOrNull,
  metAt: isoOrNull,
  state: z.enum(["met", "late", "breached", "running", "paused"]),
  remainingMs: z.number(),
  atRisk: z.boolean(),
});

const step = z.object({
  severity: z.enum(SEVERITIES),
  step: z.number(),
  afterMinutes: z.number(),
  role: z.string(),
  dueAt: isoOrNull,
  state: z.enum(["fired", "due", "pending", "paused", "cancelled"]),
  firedAt: isoOrNull,
});

export const slaView = z.object({
  paused: z.boolean(),
  elapsedMs: z.number(),
  breached: z.boolean(),
  atRisk: z.boolean(),
  nextDueAt: isoOrNull,
  deadlines: z.array(deadline),
  steps: z.array(step),
});

export const incidentView = z.object({
  id: z.string(),
  incidentNo: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.enum(CATEGORIES).nullable(),
  subFault: z.string().nullable(),
  severity: z.enum(SEVERITIES),
  impact: z.enum(IMPACTS),
  urgency: z.enum(URGENCIES),
  status: z.enum(STATUSES),
  queue: z.enum(QUEUES),
  channel: z.enum(CHANNELS),
  reporter: z.object({
    kind: z.enum(REPORTER_KINDS),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    org: z.string().nullable(),
    certificateSerial: z.string().nullable(),
    tokenSerial: z.string().nullable(),
  }),
  component: z.string().nullable(),
  assignee: z.string().nullable(),
  calendar: z.string(),
  createdBy: z.string(),
  createdAt: iso,
  updatedAt: iso,
  firstContactAt: isoOrNull,
  firstContactBy: z.string().nullable(),
  solutionAt: isoOrNull,
  solutionBy: z.string().nullable(),
  analysis: z.string().nullable(),
  solution: z.string().nullable(),
  resolvedAt: isoOrNull,
  resolvedByGroup: z.enum(QUEUES).nullable(),
  resolution: z.string().nullable(),
  closedAt: isoOrNull,
  pausedSince: isoOrNull,
  pauseReason: z.string().nullable(),
  major: z.boolean(),
  majorDeclaredAt: isoOrNull,
  majorDeclaredBy: z.string().nullable(),
  majorAnsweredAt: isoOrNull,
  reviewDoneAt: isoOrNull,
  escalationLevel: z.number(),
  breached: z.boolean(),
  nextDueAt: isoOrNull,
  sla: slaView,
});

/** Records attached to an incident: their main fields typed, the rest passed through. */
const record = (shape: z.ZodRawShape) => z.looseObject(shape);

export const detailView = z.object({
  incident: incidentView,
  suggestedSeverity: z.enum(SEVERITIES),
  events: z.array(record({ id: z.number(), at: iso, actor: z.string(), type: z.string(), public: z.boolean(), data: z.record(z.string(), z.unknown()) })),
  pauses: z.array(record({ from: iso, to: isoOrNull, reason: z.string() })),
  handovers: z.array(record({ id: z.string(), handoverNo: z.string(), status: z.string(), problemRecord: z.string() })),
  tracking: z.array(record({ id: z.number(), at: iso, author: z.string(), kind: z.string(), text: z.string() })),
  attachments: z.array(record({ id: z.string(), filename: z.string(), contentType: z.string(), sizeBytes: z.number(), sha256: z.string() })),
  consultations: z.array(record({ id: z.string(), question: z.string(), answer: z.string().nullable() })),
  dispatches: z.array(record({ id: z.string(), site: z.string(), requestedAt: iso, arrivedAt: isoOrNull })),
  remoteSessions: z.array(record({ id: z.string(), findings: z.string(), outcome: z.string() })),
  review: record({ summary: z.string(), rootCause: z.string(), actions: z.string() }).nullable(),
  escalations: z.array(record({ severity: z.string(), step: z.number(), role: z.string(), firedAt: iso, notified: z.array(z.string()) })),
  mails: z.array(record({ id: z.string(), to: z.string(), subject: z.string(), status: z.string(), messageId: z.string() })),
});

export const listOf = (item: z.ZodType) => z.object({ items: z.array(item) });
export const looseItems = listOf(z.looseObject({}));
