/**
 * The service-desk ↔ tech-support workflow of seed §4.1.2: first contact
 * with a named engineer, direct answers, the work handover list (工作移交清单)
 * to tech support and back, tracking entries, the solution, confirmation
 * with the customer and filing in the archive; pauses while waiting on the
 * customer; the local service point's queue (seed §4.2).
 */
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Repos } from "../storage/store.js";
import { addEvent, afterChange, changeIncident, requireStatus, requireText, type Actor, type DeskContext } from "./desk-context.js";
import { replyMail, resolvedMail } from "./mail-templates.js";
import { resolveAndMaybeClose } from "./resolution.js";
import type { Handover, Incident, TrackingKind } from "./support.types.js";
import { validateTaxonomy } from "./intake.service.js";
import { OPEN_STATUSES, type Impact, type Severity, type Urgency } from "./taxonomy.js";

const ENGINEER_ROLES = ["service_desk", "tech_support", "local_service_point", "expert"] as const;
const link = (ctx: DeskContext, inc: Incident) => `${ctx.settings.publicUrl}/support/incidents/${inc.incidentNo}`;

export class WorkflowService {
  constructor(private readonly ctx: DeskContext) {}

  /** First (or any) contact with the customer; the first one names the engineer in charge. */
  contact(no: string, actor: Actor, input: { note: string; assignee?: string | null }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, OPEN_STATUSES, "record a contact");
      const note = requireText(input.note, "note: what was said to the customer");
      const assignee = input.assignee ? await this.checkEngineer(r, input.assignee) : (inc.assignee ?? actor.username);
      await this.markContact(r, inc, now, actor, assignee);
      await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: await this.activeHandoverId(r, inc), at: now, author: actor.id, kind: "contact", text: note });
      await addEvent(r, inc, now, actor, "contacted", { note, assignee }, true);
    });
  }

  assign(no: string, actor: Actor, assignee: string) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, OPEN_STATUSES, "assign");
      const who = await this.checkEngineer(r, assignee);
      await r.incidents.update(inc.id, { assignee: who });
      await addEvent(r, inc, now, actor, "assigned", { from: inc.assignee, to: who });
      await this.ctx.notifier.inApp(r, [who], {
        dedupeKey: `assigned:${inc.id}:${now.toISOString()}`,
        incidentId: inc.id,
        kind: "incident.assigned",
        titleZh: `${inc.incidentNo} 已指派给您`,
        titleEn: `${inc.incidentNo} is assigned to you`,
        body: link(this.ctx, inc),
      });
    });
  }

  /** Severity changes only with a reason, which goes into the audit log. */
  changeSeverity(no: string, actor: Actor, input: { severity: Severity; reason: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, [...OPEN_STATUSES, "resolved"], "change the severity");
      const reason = requireText(input.reason, "reason for the severity change");
      if (input.severity === inc.severity) throw new AppError("SUPPORT_ALREADY_DONE", { detail: `already ${inc.severity}` });
      await r.incidents.update(inc.id, { severity: input.severity });
      await addEvent(r, inc, now, actor, "severity_changed", { from: inc.severity, to: input.severity, reason });
      await this.ctx.audit.record(r.audit, {
        actor: actor.id,
        action: "support.incident.severity",
        subject: `incident:${inc.incidentNo}`,
        payload: { from: inc.severity, to: input.severity, reason },
      });
    });
  }

  /** Sets the fault category (e-mail reports arrive untriaged) and impact/urgency. */
  triage(no: string, actor: Actor, input: { category?: string | null; subFault?: string | null; impact?: Impact; urgency?: Urgency }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, [...OPEN_STATUSES, "resolved"], "triage");
      const t = validateTaxonomy(input.category ?? inc.category, input.subFault === undefined ? inc.subFault : input.subFault);
      const patch = { category: t.category, subFault: t.subFault, impact: input.impact ?? inc.impact, urgency: input.urgency ?? inc.urgency };
      await r.incidents.update(inc.id, patch);
      await addEvent(r, inc, now, actor, "triaged", patch);
    });
  }

  /** The service desk (or local point) answers a common question directly: resolved, filed. */
  answer(no: string, actor: Actor, input: { answer: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, ["new", "open"], "answer directly");
      const answer = requireText(input.answer, "answer: what the customer was told");
      await this.markContact(r, inc, now, actor, inc.assignee ?? actor.username);
      await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: null, at: now, author: actor.id, kind: "action", text: answer });
      const outcome = await resolveAndMaybeClose(this.ctx, r, inc, now, actor, { text: answer, group: inc.queue });
      await this.mailCustomer(r, inc, resolvedMail(inc, answer), `resolved:${inc.id}`);
      return outcome;
    });
  }

  /** Records the problem in a work handover list for tech support (seed §4.1.2.1). */
  handover(no: string, actor: Actor, input: { problemRecord: string }): Promise<Handover> {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, ["new", "open"], "hand over");
      const problemRecord = requireText(input.problemRecord, "problemRecord: the problem as recorded with the customer");
      const n = (await r.supportWork.handovers(inc.id)).length + 1;
      const h: Handover = {
        id: newId(),
        handoverNo: `HO-${inc.incidentNo.slice(4)}-${n}`,
        incidentId: inc.id,
        status: "open",
        problemRecord,
        createdBy: actor.id,
        createdAt: now,
        acceptedBy: null,
        acceptedAt: null,
        returnedBy: null,
        returnedAt: null,
        result: null,
      };
      await r.supportWork.insertHandover(h);
      await r.incidents.update(inc.id, { status: "handed_over", queue: "tech_support" });
      await addEvent(r, inc, now, actor, "handover_created", { handoverId: h.id, handoverNo: h.handoverNo }, true);
      await this.ctx.audit.record(r.audit, { actor: actor.id, action: "support.handover.create", subject: `incident:${inc.incidentNo}`, payload: { handoverNo: h.handoverNo } });
      await this.ctx.notifier.toRoles(r, ["tech_support"], {
        dedupeKey: `handover:${h.id}`,
        incidentId: inc.id,
        kind: "handover.created",
        titleZh: `工作移交清单 ${h.handoverNo}：${inc.title}`,
        titleEn: `Handover list ${h.handoverNo}: ${inc.title}`,
        body: link(this.ctx, inc),
      });
      return h;
    });
  }

  /** Tech support takes the handover list; the accepting engineer is in charge. */
  accept(handoverId: string, actor: Actor): Promise<Handover> {
    return this.onHandover(handoverId, async (r, inc, h, now) => {
      if (h.status !== "open") throw new AppError("SUPPORT_ALREADY_DONE", { detail: `${h.handoverNo} is ${h.status}` });
      requireStatus(inc, ["handed_over"], "accept the handover");
      await r.supportWork.updateHandover(h.id, { status: "accepted", acceptedBy: actor.id, acceptedAt: now });
      await r.incidents.update(inc.id, { status: "in_support", assignee: actor.username ?? inc.assignee });
      await addEvent(r, inc, now, actor, "handover_accepted", { handoverNo: h.handoverNo, engineer: actor.username }, true);
      await this.ctx.audit.record(r.audit, { actor: actor.id, action: "support.handover.accept", subject: `incident:${inc.incidentNo}`, payload: { handoverNo: h.handoverNo } });
      const creator = h.createdBy.startsWith("staff:") ? [h.createdBy.slice(6)] : [];
      await this.ctx.notifier.inApp(r, creator, {
        dedupeKey: `handover-accepted:${h.id}`,
        incidentId: inc.id,
        kind: "handover.accepted",
        titleZh: `${h.handoverNo} 已由 ${actor.username} 接收`,
        titleEn: `${h.handoverNo} accepted by ${actor.username}`,
        body: link(this.ctx, inc),
      });
      return { ...h, status: "accepted" as const, acceptedBy: actor.id, acceptedAt: now };
    });
  }

  /** A tracking entry (跟踪记录); a "contact" entry can be the first contact. */
  track(no: string, actor: Actor, input: { kind: TrackingKind; text: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, OPEN_STATUSES, "add a tracking entry");
      const text = requireText(input.text, "text");
      if (input.kind === "contact") await this.markContact(r, inc, now, actor, inc.assignee ?? actor.username);
      await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: await this.activeHandoverId(r, inc), at: now, author: actor.id, kind: input.kind, text });
      await addEvent(r, inc, now, actor, "tracking", { kind: input.kind });
    });
  }

  /** The analysis result and solution (the 24 h deadline). */
  solve(no: string, actor: Actor, input: { analysis: string; solution: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, ["open", "in_support"], "record the solution");
      const analysis = requireText(input.analysis, "analysis");
      const solution = requireText(input.solution, "solution");
      await r.incidents.update(inc.id, { analysis, solution, solutionAt: inc.solutionAt ?? now, solutionBy: actor.username ?? actor.id });
      await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: await this.activeHandoverId(r, inc), at: now, author: actor.id, kind: "analysis", text: `${analysis}\n→ ${solution}` });
      await addEvent(r, inc, now, actor, "solution", { solution }, true);
    });
  }

  /** Tech support returns the completed handover list to the service desk. */
  returnHandover(handoverId: string, actor: Actor, input: { result: string }): Promise<Handover> {
    return this.onHandover(handoverId, async (r, inc, h, now) => {
      if (h.status !== "accepted") throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: `${h.handoverNo} is ${h.status}; accept it first` });
      requireStatus(inc, ["in_support"], "return the handover");
      if (!inc.solutionAt) throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: `${inc.incidentNo}: record the analysis and solution before returning` });
      const result = requireText(input.result, "result: the completed tracking record");
      await r.supportWork.updateHandover(h.id, { status: "returned", returnedBy: actor.id, returnedAt: now, result });
      await r.incidents.update(inc.id, { status: "returned", queue: "service_desk" });
      await addEvent(r, inc, now, actor, "handover_returned", { handoverNo: h.handoverNo, result });
      await this.ctx.audit.record(r.audit, { actor: actor.id, action: "support.handover.return", subject: `incident:${inc.incidentNo}`, payload: { handoverNo: h.handoverNo } });
      await this.ctx.notifier.toRoles(r, ["service_desk"], {
        dedupeKey: `handover-returned:${h.id}`,
        incidentId: inc.id,
        kind: "handover.returned",
        titleZh: `${h.handoverNo} 已回交，请与客户确认`,
        titleEn: `${h.handoverNo} returned: confirm with the customer`,
        body: link(this.ctx, inc),
      });
      return { ...h, status: "returned" as const, returnedBy: actor.id, returnedAt: now, result };
    });
  }

  /** The service desk confirms with the customer and files the incident in the archive. */
  confirm(no: string, actor: Actor, input: { confirmation: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, ["returned"], "confirm with the customer");
      const confirmation = requireText(input.confirmation, "confirmation: what the customer confirmed");
      await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: null, at: now, author: actor.id, kind: "customer", text: confirmation });
      const text = inc.solution ?? confirmation;
      const outcome = await resolveAndMaybeClose(this.ctx, r, inc, now, actor, { text, group: "tech_support" });
      await this.mailCustomer(r, inc, resolvedMail(inc, text), `resolved:${inc.id}`);
      return outcome;
    });
  }

  /** Stops the SLA clock while waiting on the customer (the only reason it may stop). */
  pause(no: string, actor: Actor, input: { reason: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, OPEN_STATUSES, "pause the SLA clock");
      if (inc.pausedSince) throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: `${inc.incidentNo} is already waiting on the customer` });
      const reason = requireText(input.reason, "reason: what we are waiting for from the customer");
      await r.incidents.insertPause({ incidentId: inc.id, from: now, reason, pausedBy: actor.id });
      await r.incidents.update(inc.id, { pausedSince: now, pauseReason: reason });
      await addEvent(r, inc, now, actor, "paused", { reason }, true);
    });
  }

  resume(no: string, actor: Actor) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      if (!inc.pausedSince) throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: `${inc.incidentNo} is not paused` });
      await this.endPause(r, inc, now, actor, "staff");
    });
  }

  /** Ends a pause (staff, or the customer's reply); in the caller's transaction. */
  async endPause(r: Repos, inc: Incident, now: Date, actor: Actor, by: "staff" | "customer"): Promise<void> {
    await r.incidents.endPause(inc.id, now, actor.id);
    await r.incidents.update(inc.id, { pausedSince: null, pauseReason: null });
    await addEvent(r, inc, now, actor, "resumed", { by, pausedMs: now.getTime() - inc.pausedSince!.getTime() }, true);
  }

  /** A message to the customer: e-mailed when we have an address, always on the timeline and tracking page. */
  reply(no: string, actor: Actor, input: { message: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, [...OPEN_STATUSES, "resolved"], "reply");
      const message = requireText(input.message, "message");
      await this.markContact(r, inc, now, actor, inc.assignee ?? actor.username);
      await r.supportWork.insertTracking({ incidentId: inc.id, handoverId: await this.activeHandoverId(r, inc), at: now, author: actor.id, kind: "contact", text: message });
      const mailed = await this.mailCustomer(r, inc, replyMail(inc, actor.username ?? actor.id, message), null);
      await addEvent(r, inc, now, actor, "reply", { message, mailedTo: mailed }, true);
      return { mailedTo: mailed };
    });
  }

  /** The desk sends a local incident to the local service point, which answers first. */
  routeLocal(no: string, actor: Actor, input: { reason: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, ["new", "open"], "route to the local service point");
      if (inc.queue === "local_service_point") throw new AppError("SUPPORT_ALREADY_DONE", { detail: "already with the local service point" });
      const reason = requireText(input.reason, "reason");
      await r.incidents.update(inc.id, { queue: "local_service_point" });
      await addEvent(r, inc, now, actor, "routed_local", { reason });
      await this.ctx.notifier.toRoles(r, ["local_service_point"], {
        dedupeKey: `local:${inc.id}:${now.toISOString()}`,
        incidentId: inc.id,
        kind: "incident.local",
        titleZh: `本地事件 ${inc.incidentNo}：${inc.title}`,
        titleEn: `Local incident ${inc.incidentNo}: ${inc.title}`,
        body: link(this.ctx, inc),
      });
    });
  }

  /** What the local point cannot solve goes to the centre at once (seed §4.2). */
  escalateToCentre(no: string, actor: Actor, input: { reason: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, ["new", "open"], "escalate to the centre");
      if (inc.queue !== "local_service_point") throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: "only incidents at the local service point escalate to the centre" });
      const reason = requireText(input.reason, "reason: what was tried locally");
      await r.incidents.update(inc.id, { queue: "service_desk" });
      await addEvent(r, inc, now, actor, "escalated_to_centre", { reason }, true);
      await this.ctx.notifier.toRoles(r, ["service_desk"], {
        dedupeKey: `to-centre:${inc.id}:${now.toISOString()}`,
        incidentId: inc.id,
        kind: "incident.escalated",
        titleZh: `本地服务点上报 ${inc.incidentNo}：${inc.title}`,
        titleEn: `Escalated by the local point: ${inc.incidentNo} ${inc.title}`,
        body: `${reason}\n${link(this.ctx, inc)}`,
      });
    });
  }

  // — helpers —

  private async markContact(r: Repos, inc: Incident, now: Date, actor: Actor, assignee: string | null): Promise<void> {
    const patch: Parameters<Repos["incidents"]["update"]>[1] = {};
    if (!inc.firstContactAt) {
      patch.firstContactAt = now;
      patch.firstContactBy = actor.username ?? actor.id;
    }
    if (assignee && assignee !== inc.assignee) patch.assignee = assignee;
    if (inc.status === "new") patch.status = "open";
    await r.incidents.update(inc.id, patch);
  }

  private async checkEngineer(r: Repos, username: string): Promise<string> {
    const u = await r.staff.byUsername(username.toLowerCase());
    if (!u || u.disabled || !u.roles.some((x) => (ENGINEER_ROLES as readonly string[]).includes(x))) throw new AppError("SUPPORT_ASSIGNEE_UNKNOWN", { detail: username });
    return u.username;
  }

  private async activeHandoverId(r: Repos, inc: Incident): Promise<string | null> {
    const hs = await r.supportWork.handovers(inc.id);
    return hs.filter((h) => h.status !== "returned").at(-1)?.id ?? null;
  }

  private async mailCustomer(r: Repos, inc: Incident, m: { subject: string; text: string }, dedupeKey: string | null): Promise<string | null> {
    if (!inc.reporter.email || inc.reporter.kind === "system") return null;
    await this.ctx.notifier.mail(r, { to: inc.reporter.email, subject: m.subject, text: m.text, incidentId: inc.id, ...(dedupeKey ? { dedupeKey } : {}) });
    return inc.reporter.email;
  }

  private async onHandover<T>(handoverId: string, fn: (r: Repos, inc: Incident, h: Handover, now: Date) => Promise<T>): Promise<T> {
    return this.ctx.store.tx(async (r) => {
      const peek = await r.supportWork.handover(handoverId);
      if (!peek) throw new AppError("SUPPORT_HANDOVER_NOT_FOUND", { detail: handoverId });
      // Lock order: incident, then handover (the same as every incident change).
      const inc = (await r.incidents.lockById(peek.incidentId))!;
      const h = (await r.supportWork.lockHandover(handoverId))!;
      const now = this.ctx.clock.now();
      const out = await fn(r, inc, h, now);
      await afterChange(this.ctx, r, inc.id, now);
      return out;
    });
  }
}
