/**
 * The scheduler handlers that work the support desk's deadlines. Each runs
 * inside the transaction that claimed its job, re-derives the incident's SLA
 * view from the pure rules at the job's time and acts only if the rules say
 * so now: a step whose time moved (a pause) is rescheduled, not fired; a
 * step fires exactly once (support_escalation's primary key and the job's
 * own completion commit together).
 */
import type { Role } from "../auth/roles.js";
import type { JobHandler } from "../ops/scheduler/scheduler.js";
import type { Repos } from "../storage/store.js";
import { addEvent, systemActor, type DeskContext } from "./desk-context.js";
import { escalationMail } from "./mail-templates.js";
import { evaluateSla, JOB_DEADLINE, JOB_ESCALATE, type DeadlineName } from "./sla-policy.js";
import { slaFacts, syncSla } from "./sla-sync.js";
import type { Incident } from "./support.types.js";
import type { Severity } from "./taxonomy.js";

const RECHECK_MS = 60 * 60_000;
const actor = systemActor("sla");

export const DEADLINE_LABELS: Record<string, { zh: string; en: string }> = {
  firstContact: { zh: "首次联系（1 小时）", en: "first contact (1 h)" },
  solution: { zh: "分析结果与解决方案（24 小时）", en: "analysis and solution (24 h)" },
  majorAnswer: { zh: "重大事件响应（2 小时）", en: "major incident answer (2 h)" },
  onsite: { zh: "现场服务到场（4 小时）", en: "on site (4 h)" },
};

export function registerSupportJobs(ctx: DeskContext): void {
  ctx.scheduler.register<{ incidentId: string }>(JOB_ESCALATE, escalate(ctx));
  ctx.scheduler.register<{ incidentId: string }>(JOB_DEADLINE, deadline(ctx));
}

function escalate(ctx: DeskContext): JobHandler<{ incidentId: string }> {
  return async (job, r, { now }) => {
    const [incidentId, severity, stepStr] = job.key.split(":") as [string, Severity, string];
    const inc = await r.incidents.lockById(incidentId);
    if (!inc) return;
    const view = evaluateSla(await slaFacts(r, inc), now);
    const step = view.steps.find((s) => s.severity === severity && s.step === Number(stepStr));
    if (!step || step.state === "fired" || step.state === "cancelled") return;
    if (step.state === "pending") return { rescheduleAt: step.dueAt! };
    if (step.state === "paused") return { rescheduleAt: new Date(now.getTime() + RECHECK_MS) };

    const people = await ctx.notifier.staffWith(r, [step.role as Role]);
    const notified = people.map((p) => p.username);
    if (!(await r.escalations.recordFired({ incidentId, severity, step: step.step, role: step.role, dueAt: step.dueAt!, firedAt: now, notified }))) return;
    const link = `${ctx.settings.publicUrl}/support/incidents/${inc.incidentNo}`;
    const mail = escalationMail(inc, step, step.afterMinutes / 60, link);
    await ctx.notifier.toRoles(
      r,
      [step.role as Role],
      {
        dedupeKey: `escalation:${incidentId}:${severity}:${step.step}`,
        incidentId,
        kind: "incident.escalated",
        titleZh: `升级（第 ${step.step} 级）：${inc.incidentNo} 已 ${step.afterMinutes / 60} 小时未解决`,
        titleEn: `Escalation step ${step.step}: ${inc.incidentNo} unresolved for ${step.afterMinutes / 60} h`,
        body: `${inc.title}\n${link}`,
      },
      mail,
    );
    await r.incidents.update(inc.id, { escalationLevel: Math.max(inc.escalationLevel, step.step) });
    await addEvent(r, inc, now, actor, "escalated", { severity, step: step.step, role: step.role, afterMinutes: step.afterMinutes, notified });
    await ctx.audit.record(r.audit, { actor: actor.id, action: "support.escalation.fire", subject: `incident:${inc.incidentNo}`, payload: { severity, step: step.step, role: step.role, notified } });
    await syncSla(ctx, r, inc.id, now);
  };
}

function deadline(ctx: DeskContext): JobHandler<{ incidentId: string }> {
  return async (job, r, { now }) => {
    const sep = job.key.indexOf(":");
    const incidentId = job.key.slice(0, sep);
    const name = job.key.slice(sep + 1) as DeadlineName;
    const inc = await r.incidents.lockById(incidentId);
    if (!inc) return;
    const view = evaluateSla(await slaFacts(r, inc), now);
    const d = view.deadlines.find((x) => x.name === name);
    if (!d || d.state === "met" || d.state === "late") return;
    if (d.state === "running") return { rescheduleAt: d.dueAt! };
    if (d.state === "paused") return { rescheduleAt: new Date(now.getTime() + RECHECK_MS) };
    await recordBreach(ctx, r, inc, name, d.dueAt!, now);
    await syncSla(ctx, r, inc.id, now);
  };
}

async function recordBreach(ctx: DeskContext, r: Repos, inc: Incident, name: DeadlineName, dueAt: Date, now: Date): Promise<void> {
  const label = DEADLINE_LABELS[name.split(":")[0]!]!;
  await addEvent(r, inc, now, actor, "sla_breached", { deadline: name, dueAt: dueAt.toISOString() });
  const roles: Role[] = [inc.queue, ...(inc.major ? (["tech_support_manager", "customer_manager"] as const) : [])];
  const notice = {
    dedupeKey: `breach:${inc.id}:${name}`,
    incidentId: inc.id,
    kind: "sla.breached",
    titleZh: `超时：${inc.incidentNo} 未在时限内完成${label.zh}`,
    titleEn: `Deadline missed: ${inc.incidentNo} ${label.en}`,
    body: `${inc.title}\n${ctx.settings.publicUrl}/support/incidents/${inc.incidentNo}`,
  };
  await ctx.notifier.toRoles(r, roles, notice);
  if (inc.assignee) await ctx.notifier.inApp(r, [inc.assignee], notice);
}
