/**
 * Keeps an incident's cached SLA view and its scheduler jobs in step with its
 * facts. Called in the transaction of every change; the pure rules live in
 * sla-policy.ts.
 */
import type { Repos } from "../storage/store.js";
import type { DeskContext } from "./desk-context.js";
import { calendarById } from "./sla-calendar.js";
import { evaluateSla, jobPlan, type SlaFacts, type SlaView } from "./sla-policy.js";
import { snapshotOf, type Incident } from "./support.types.js";

/** Loads everything the pure SLA function needs for one incident. */
export async function slaFacts(r: Repos, inc: Incident): Promise<SlaFacts> {
  // Sequential on purpose: a transaction is one connection.
  const pauses = await r.incidents.pauses([inc.id]);
  const dispatches = await r.supportWork.dispatches({ incidentIds: [inc.id], limit: 100 });
  const fired = await r.escalations.fired([inc.id]);
  const ladder = await r.escalations.ladder();
  return {
    severity: inc.severity,
    createdAt: inc.createdAt,
    firstContactAt: inc.firstContactAt,
    solutionAt: inc.solutionAt,
    resolvedAt: inc.resolvedAt,
    major: inc.major && inc.majorDeclaredAt ? { declaredAt: inc.majorDeclaredAt, answeredAt: inc.majorAnsweredAt } : null,
    pauses: pauses.map((p) => ({ from: p.from, to: p.to })),
    dispatches: dispatches.map((d) => ({ id: d.id, requestedAt: d.requestedAt, arrivedAt: d.arrivedAt, cancelledAt: d.cancelledAt })),
    ladder,
    firedSteps: fired.map((f) => ({ severity: f.severity, step: f.step, firedAt: f.firedAt })),
    calendar: calendarById(inc.calendar),
  };
}

export async function syncSla(ctx: DeskContext, r: Repos, incidentId: string, now: Date): Promise<SlaView> {
  const inc = (await r.incidents.byId(incidentId))!;
  const facts = await slaFacts(r, inc);
  const view = evaluateSla(facts, now);
  await r.incidents.update(inc.id, { sla: snapshotOf(view), breached: view.breached, nextDueAt: view.nextDueAt });
  // Touch only the rows that differ from the plan: most changes move no deadline.
  const rows = new Map((await r.scheduler.list({ keyPrefix: `${inc.id}:`, limit: 200 })).map((j) => [`${j.kind} ${j.key}`, j]));
  for (const job of jobPlan(inc.id, facts.ladder, view)) {
    const row = rows.get(`${job.kind} ${job.key}`);
    const open = row && !row.doneAt && !row.failedAt;
    if (job.dueAt) {
      if (row && (!open || row.dueAt.getTime() === job.dueAt.getTime())) continue; // ran already, or already right
      await ctx.scheduler.schedule(r, { kind: job.kind, key: job.key, dueAt: job.dueAt, payload: { incidentId: inc.id } });
    } else if (open) {
      await ctx.scheduler.cancel(r, job.kind, job.key);
    }
  }
  return view;
}
