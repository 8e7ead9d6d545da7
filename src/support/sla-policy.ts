/**
 * The SLA and escalation rules as one pure function of (incident facts, now):
 * deadlines (first contact 1 h, analysis + solution 24 h, major incident
 * answered 2 h, on site 4 h), the escalation ladder (seed §4.4.3, as data),
 * pauses while waiting on the customer (they shift every deadline), and the
 * scheduler jobs that should exist. No clock, no storage: tested exhaustively
 * in sla-policy.test.ts.
 */
import { ALWAYS, instantAfter, runningMs, type Calendar, type Span } from "./sla-calendar.js";
import { SEVERITIES, type Severity } from "./taxonomy.js";

export const ESCALATION_ROLES = ["customer_manager", "tech_support_manager", "cto", "president"] as const;
export type EscalationRole = (typeof ESCALATION_ROLES)[number];

export interface LadderStep {
  severity: Severity;
  step: number;
  afterMinutes: number;
  role: EscalationRole;
}

/** Seed §4.4.3: elapsed time while unresolved → who is told. */
export const DEFAULT_LADDER: readonly LadderStep[] = [
  { severity: "critical", step: 1, afterMinutes: 2 * 60, role: "customer_manager" },
  { severity: "critical", step: 2, afterMinutes: 8 * 60, role: "tech_support_manager" },
  { severity: "critical", step: 3, afterMinutes: 12 * 60, role: "cto" },
  { severity: "critical", step: 4, afterMinutes: 24 * 60, role: "president" },
  { severity: "serious", step: 1, afterMinutes: 8 * 60, role: "customer_manager" },
  { severity: "serious", step: 2, afterMinutes: 12 * 60, role: "tech_support_manager" },
  { severity: "serious", step: 3, afterMinutes: 24 * 60, role: "cto" },
  { severity: "general", step: 1, afterMinutes: 12 * 60, role: "customer_manager" },
  { severity: "general", step: 2, afterMinutes: 24 * 60, role: "tech_support_manager" },
];

/** Seed §4.4.1 and §4.2, in minutes of SLA time. */
export const TARGETS = { firstContact: 60, solution: 24 * 60, majorAnswer: 2 * 60, onsite: 4 * 60 } as const;

/** A deadline whose remaining time is at most this share of its target is "at risk". */
export const AT_RISK_SHARE = 0.25;

export interface SlaFacts {
  severity: Severity;
  createdAt: Date;
  firstContactAt: Date | null;
  solutionAt: Date | null;
  resolvedAt: Date | null;
  major: { declaredAt: Date; answeredAt: Date | null } | null;
  /** Waiting on the customer; `to` null while the pause lasts. */
  pauses: readonly { from: Date; to: Date | null }[];
  dispatches: readonly { id: string; requestedAt: Date; arrivedAt: Date | null; cancelledAt: Date | null }[];
  /** The whole ladder (all severities); only the incident's severity applies. */
  ladder: readonly LadderStep[];
  firedSteps: readonly { severity: Severity; step: number; firedAt: Date }[];
  calendar?: Calendar;
}

export type DeadlineName = "firstContact" | "solution" | "majorAnswer" | `onsite:${string}`;
export type DeadlineState = "met" | "late" | "breached" | "running" | "paused";

export interface DeadlineView {
  name: DeadlineName;
  targetMinutes: number;
  startedAt: Date;
  /** Null while the clock is paused (the due time is not known until it runs again). */
  dueAt: Date | null;
  metAt: Date | null;
  state: DeadlineState;
  /** SLA time left (negative once overdue), measured at metAt or now. */
  remainingMs: number;
  atRisk: boolean;
}

export type StepState = "fired" | "due" | "pending" | "paused" | "cancelled";

export interface StepView extends LadderStep {
  dueAt: Date | null;
  state: StepState;
  firedAt: Date | null;
}

export interface SlaView {
  paused: boolean;
  /** SLA time run since the report, up to resolution or now. */
  elapsedMs: number;
  deadlines: DeadlineView[];
  steps: StepView[];
  /** A deadline was missed (breached, or met late). */
  breached: boolean;
  atRisk: boolean;
  /** The earliest future moment something changes (a step or a deadline falls due). */
  nextDueAt: Date | null;
}

const MIN = 60_000;

function stopsOf(f: SlaFacts): Span[] {
  return f.pauses.map((p) => [p.from.getTime(), p.to ? p.to.getTime() : Infinity] as const);
}

function deadline(f: SlaFacts, cal: Calendar, stops: Span[], now: number, name: DeadlineName, start: Date, targetMinutes: number, metAt: Date | null): DeadlineView {
  const target = targetMinutes * MIN;
  const dueMs = instantAfter(cal, stops, start.getTime(), target);
  const upTo = metAt ? metAt.getTime() : now;
  const remainingMs = target - runningMs(cal, stops, start.getTime(), Math.max(upTo, start.getTime()));
  const paused = f.pauses.some((p) => p.to === null);
  let state: DeadlineState;
  // Met in time when the SLA time used up to metAt is within the target (the due time may be
  // unknown: a pause that began after the contact and is still open).
  if (metAt) state = remainingMs >= 0 ? "met" : "late";
  else if (dueMs !== null && now >= dueMs) state = "breached";
  else state = paused ? "paused" : "running";
  return {
    name,
    targetMinutes,
    startedAt: start,
    dueAt: dueMs === null ? null : new Date(dueMs),
    metAt,
    state,
    remainingMs,
    atRisk: (state === "running" || state === "paused") && remainingMs <= target * AT_RISK_SHARE,
  };
}

export function evaluateSla(f: SlaFacts, nowDate: Date): SlaView {
  const now = nowDate.getTime();
  const cal = f.calendar ?? ALWAYS;
  const stops = stopsOf(f);
  const paused = f.pauses.some((p) => p.to === null);
  const resolved = f.resolvedAt;

  const deadlines: DeadlineView[] = [
    // Resolving an incident also answers and contacts: a missing timestamp falls back to it.
    deadline(f, cal, stops, now, "firstContact", f.createdAt, TARGETS.firstContact, f.firstContactAt ?? resolved),
    deadline(f, cal, stops, now, "solution", f.createdAt, TARGETS.solution, f.solutionAt ?? resolved),
  ];
  if (f.major) deadlines.push(deadline(f, cal, stops, now, "majorAnswer", f.major.declaredAt, TARGETS.majorAnswer, f.major.answeredAt ?? resolved));
  for (const d of f.dispatches) {
    if (d.cancelledAt && !d.arrivedAt) continue;
    deadlines.push(deadline(f, cal, stops, now, `onsite:${d.id}`, d.requestedAt, TARGETS.onsite, d.arrivedAt));
  }

  const fired = new Map(f.firedSteps.map((s) => [`${s.severity}:${s.step}`, s.firedAt]));
  const steps: StepView[] = [];
  for (const s of f.ladder) {
    const firedAt = fired.get(`${s.severity}:${s.step}`) ?? null;
    if (s.severity !== f.severity) {
      // Steps of an earlier severity stay on record when they fired.
      if (firedAt) steps.push({ ...s, dueAt: null, state: "fired", firedAt });
      continue;
    }
    const dueMs = instantAfter(cal, stops, f.createdAt.getTime(), s.afterMinutes * MIN);
    let state: StepState;
    if (firedAt) state = "fired";
    else if (resolved) state = "cancelled";
    else if (dueMs !== null && now >= dueMs) state = "due";
    else state = paused ? "paused" : "pending";
    steps.push({ ...s, dueAt: dueMs === null ? null : new Date(dueMs), state, firedAt });
  }
  steps.sort((a, b) => (a.severity === b.severity ? a.step - b.step : SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)));

  const future = [
    ...steps.filter((s) => s.state === "pending").map((s) => s.dueAt),
    ...deadlines.filter((d) => d.state === "running").map((d) => d.dueAt),
  ].filter((d): d is Date => d !== null && d.getTime() > now);
  const nextDueAt = future.length ? new Date(Math.min(...future.map((d) => d.getTime()))) : null;

  return {
    paused,
    elapsedMs: runningMs(cal, stops, f.createdAt.getTime(), Math.max(f.createdAt.getTime(), resolved ? resolved.getTime() : now)),
    deadlines,
    steps,
    breached: deadlines.some((d) => d.state === "breached" || d.state === "late"),
    atRisk: deadlines.some((d) => d.atRisk),
    nextDueAt,
  };
}

/** Scheduler job kinds the support desk uses. */
export const JOB_ESCALATE = "support.escalate";
export const JOB_DEADLINE = "support.deadline";

export interface JobPlan {
  kind: typeof JOB_ESCALATE | typeof JOB_DEADLINE;
  key: string;
  /** Schedule (or move) at this time; null = cancel if still open. */
  dueAt: Date | null;
}

export const escalationKey = (incidentId: string, severity: Severity, step: number) => `${incidentId}:${severity}:${step}`;
export const deadlineKey = (incidentId: string, name: DeadlineName) => `${incidentId}:${name}`;

/**
 * The jobs that should exist for an incident given its SLA view: one per
 * ladder step of every severity (so a severity change cancels the old
 * ladder) and one per deadline that is running or just breached (to record
 * the breach the moment it happens). Paused or finished ones are cancelled;
 * fired steps are left alone (they already ran, exactly once).
 */
export function jobPlan(incidentId: string, ladder: readonly LadderStep[], view: SlaView): JobPlan[] {
  const plan: JobPlan[] = [];
  const current = new Map(view.steps.map((s) => [`${s.severity}:${s.step}`, s]));
  for (const s of ladder) {
    const v = current.get(`${s.severity}:${s.step}`);
    if (v?.state === "fired") continue;
    const live = v && (v.state === "pending" || v.state === "due");
    plan.push({ kind: JOB_ESCALATE, key: escalationKey(incidentId, s.severity, s.step), dueAt: live ? v.dueAt : null });
  }
  for (const d of view.deadlines) {
    // A breached deadline keeps its job until the job has recorded the breach (then it is done and left alone).
    const live = (d.state === "running" || d.state === "breached") && d.dueAt !== null;
    plan.push({ kind: JOB_DEADLINE, key: deadlineKey(incidentId, d.name), dueAt: live ? d.dueAt : null });
  }
  return plan;
}
