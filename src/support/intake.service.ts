/**
 * Every way an incident comes in — the staff form (phone log, on-site,
 * remote diagnosis), the public web form, e-mail, the system's own health
 * probes — ends in createIncident: validate the taxonomy, suggest the
 * severity from impact × urgency (a different one needs a reason), number
 * it, record it, tell the right group, acknowledge the reporter, start the
 * SLA clock.
 */
import { createHash } from "node:crypto";
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Repos } from "../storage/store.js";
import { addEvent, type Actor, type DeskContext } from "./desk-context.js";
import { ackMail } from "./mail-templates.js";
import { syncSla } from "./sla-sync.js";
import type { Incident, Reporter } from "./support.types.js";
import {
  CATEGORIES,
  CATEGORY_LABELS,
  subFaultOf,
  suggestSeverity,
  type Category,
  type Channel,
  type Impact,
  type Queue,
  type Severity,
  type Urgency,
} from "./taxonomy.js";

export interface NewIncident {
  channel: Channel;
  reporter: Reporter;
  title?: string | null;
  description: string;
  category?: string | null;
  subFault?: string | null;
  impact?: Impact;
  urgency?: Urgency;
  /** A severity other than the suggested one needs severityReason. */
  severity?: Severity;
  severityReason?: string | null;
  /** Taken first by the local service point (seed §4.2). */
  local?: boolean;
  component?: string | null;
  assignee?: string | null;
  /** Public reports: the reporter's tracking token (only its digest is stored; the link goes in the acknowledgement). */
  trackingToken?: string | null;
  systemOpenComponent?: string | null;
}

/** Beijing calendar date as YYYYMMDD (incident numbers follow the bureau's day). */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, "");
}

export function validateTaxonomy(category: string | null | undefined, subFault: string | null | undefined): { category: Category | null; subFault: string | null } {
  if (subFault) {
    const sf = subFaultOf(subFault);
    if (!sf) throw new AppError("SUPPORT_SUBFAULT_UNKNOWN", { detail: subFault });
    if (category && category !== sf.category) throw new AppError("SUPPORT_SUBFAULT_UNKNOWN", { detail: `${subFault} is not a ${category} fault` });
    return { category: sf.category, subFault: sf.code };
  }
  if (!category) return { category: null, subFault: null };
  if (!(CATEGORIES as readonly string[]).includes(category)) throw new AppError("SUPPORT_CATEGORY_UNKNOWN", { detail: category });
  return { category: category as Category, subFault: null };
}

export const digestToken = (token: string) => createHash("sha256").update(token).digest("hex");

const queueRoles: Record<Queue, "service_desk" | "tech_support" | "local_service_point"> = {
  service_desk: "service_desk",
  tech_support: "tech_support",
  local_service_point: "local_service_point",
};

/** Creates an incident in the caller's transaction. */
export async function createIncident(ctx: DeskContext, r: Repos, input: NewIncident, actor: Actor, now: Date): Promise<Incident> {
  const { category, subFault } = validateTaxonomy(input.category, input.subFault);
  const impact = input.impact ?? "minor";
  const urgency = input.urgency ?? "medium";
  const suggested = suggestSeverity(impact, urgency);
  const severity = input.severity ?? suggested;
  const reason = input.severityReason?.trim() || null;
  if (severity !== suggested && !reason) {
    throw new AppError("SUPPORT_REASON_REQUIRED", { detail: `severity ${severity} differs from the suggested ${suggested}: give severityReason` });
  }
  const description = input.description.trim();
  if (!description) throw new AppError("VALIDATION_FAILED", { detail: "description: required" });
  const sf = subFault ? subFaultOf(subFault) : undefined;
  const title = (input.title?.trim() || sf?.zh || (category ? CATEGORY_LABELS[category].zh : "") || description.split("\n")[0]!).slice(0, 200);

  const day = beijingDay(now);
  const n = await r.incidents.nextCounter(`INC-${day}`);
  const queue: Queue = input.local ? "local_service_point" : "service_desk";
  const inc: Incident = {
    id: newId(),
    incidentNo: `INC-${day}-${String(n).padStart(4, "0")}`,
    title,
    description: description.slice(0, 20_000),
    category,
    subFault,
    severity,
    impact,
    urgency,
    status: "new",
    queue,
    channel: input.channel,
    reporter: input.reporter,
    component: input.component ?? null,
    systemOpenComponent: input.systemOpenComponent ?? null,
    assignee: input.assignee ?? null,
    calendar: ctx.settings.calendar,
    createdBy: actor.id,
    createdAt: now,
    updatedAt: now,
    firstContactAt: null,
    firstContactBy: null,
    solutionAt: null,
    solutionBy: null,
    analysis: null,
    solution: null,
    resolvedAt: null,
    resolvedByGroup: null,
    resolution: null,
    closedAt: null,
    pausedSince: null,
    pauseReason: null,
    major: false,
    majorDeclaredAt: null,
    majorDeclaredBy: null,
    majorAnsweredAt: null,
    reviewDoneAt: null,
    trackingTokenDigest: input.trackingToken ? digestToken(input.trackingToken) : null,
    escalationLevel: 0,
    sla: { paused: false, elapsedMs: 0, breached: false, atRisk: false, nextDueAt: null, deadlines: [], steps: [] },
    breached: false,
    nextDueAt: null,
  };
  await r.incidents.insert(inc);
  await addEvent(r, inc, now, actor, "created", { channel: inc.channel, reporterKind: inc.reporter.kind, queue, severity, suggested, impact, urgency }, true);
  if (severity !== suggested) await addEvent(r, inc, now, actor, "severity_changed", { from: suggested, to: severity, reason });
  await ctx.audit.record(r.audit, {
    actor: actor.id,
    action: "support.incident.create",
    subject: `incident:${inc.incidentNo}`,
    payload: { channel: inc.channel, category, subFault, severity, suggested, ...(reason ? { severityReason: reason } : {}) },
  });

  const link = `${ctx.settings.publicUrl}/support/incidents/${inc.incidentNo}`;
  await ctx.notifier.toRoles(r, [queueRoles[queue]], {
    dedupeKey: `created:${inc.id}`,
    incidentId: inc.id,
    kind: "incident.created",
    titleZh: `新事件 ${inc.incidentNo}：${title}`,
    titleEn: `New incident ${inc.incidentNo}: ${title}`,
    body: link,
  });
  if (inc.reporter.email && inc.reporter.kind !== "system") {
    const trackingUrl = input.trackingToken ? `${ctx.settings.publicUrl}/status?incident=${inc.incidentNo}&token=${encodeURIComponent(input.trackingToken)}` : null;
    const m = ackMail(inc, trackingUrl);
    await ctx.notifier.mail(r, { to: inc.reporter.email, subject: m.subject, text: m.text, incidentId: inc.id, dedupeKey: `ack:${inc.id}` });
  }
  await syncSla(ctx, r, inc.id, now);
  return (await r.incidents.byId(inc.id))!;
}
