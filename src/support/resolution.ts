/**
 * Resolving and closing: the one path every workflow takes to the end
 * (a direct answer, a confirmed handover, an auto-resolved probe incident, a
 * post-incident review). Closing files the incident in the customer support
 * archive (客户支持档案) with everything worth finding later.
 */
import type { Repos } from "../storage/store.js";
import { addEvent, type Actor, type DeskContext } from "./desk-context.js";
import type { Incident } from "./support.types.js";
import { subFaultOf, type Queue } from "./taxonomy.js";

export interface Resolution {
  /** What the customer was told / what fixed it. */
  text: string;
  group: Queue;
}

/** Marks the incident resolved (if not yet) and closes it unless a major incident still needs its review. */
export async function resolveAndMaybeClose(ctx: DeskContext, r: Repos, inc: Incident, now: Date, actor: Actor, res: Resolution): Promise<"resolved" | "closed"> {
  if (inc.pausedSince) await r.incidents.endPause(inc.id, now, actor.id);
  await r.incidents.update(inc.id, {
    resolvedAt: inc.resolvedAt ?? now,
    resolution: res.text,
    resolvedByGroup: res.group,
    solutionAt: inc.solutionAt ?? now,
    solutionBy: inc.solutionBy ?? actor.username ?? actor.id,
    solution: inc.solution ?? res.text,
    systemOpenComponent: null,
    pausedSince: null,
    pauseReason: null,
    status: "resolved",
  });
  await addEvent(r, inc, now, actor, "resolved", { resolution: res.text, group: res.group }, true);
  if (inc.major && !inc.reviewDoneAt) return "resolved";
  await close(ctx, r, inc.id, now, actor);
  return "closed";
}

/** Closes a resolved incident and files it in the archive. */
export async function close(ctx: DeskContext, r: Repos, incidentId: string, now: Date, actor: Actor): Promise<void> {
  const inc = (await r.incidents.byId(incidentId))!;
  await r.incidents.update(inc.id, { status: "closed", closedAt: now });
  const handovers = await r.supportWork.handovers(inc.id);
  const tracking = await r.supportWork.tracking(inc.id);
  const customer = [inc.reporter.name, inc.reporter.org].filter(Boolean).join(" · ");
  const problem = [inc.description, ...handovers.map((h) => `[${h.handoverNo}] ${h.problemRecord}`)].join("\n\n");
  const solution = [inc.analysis && `分析 / Analysis: ${inc.analysis}`, inc.solution, inc.resolution !== inc.solution ? inc.resolution : null]
    .filter(Boolean)
    .join("\n\n");
  const sf = inc.subFault ? subFaultOf(inc.subFault) : undefined;
  const searchText = [
    inc.incidentNo,
    inc.title,
    customer,
    inc.reporter.email,
    inc.reporter.phone,
    inc.reporter.certificateSerial,
    inc.reporter.tokenSerial,
    inc.category,
    inc.subFault,
    sf?.zh,
    sf?.en,
    problem,
    solution,
    ...tracking.map((t) => t.text),
    ...handovers.map((h) => h.result ?? ""),
  ]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
  await r.incidents.insertArchive({
    incidentId: inc.id,
    incidentNo: inc.incidentNo,
    archivedAt: now,
    archivedBy: actor.id,
    customer: customer || "—",
    category: inc.category,
    subFault: inc.subFault,
    severity: inc.severity,
    title: inc.title,
    problem,
    solution: solution || "—",
    searchText,
  });
  await addEvent(r, inc, now, actor, "closed", {}, true);
  await ctx.audit.record(r.audit, { actor: actor.id, action: "support.incident.close", subject: `incident:${inc.incidentNo}`, payload: { severity: inc.severity, major: inc.major } });
}
