/**
 * Read side of the desk: queues, one incident with everything attached, the
 * archive search, notifications, the managers' escalation view, reports and
 * the ladder. Lists carry a live SLA view (re-derived at "now" from the pure
 * rules, not the cached one), so remaining times are current.
 */
import type { Role } from "../auth/roles.js";
import { AppError } from "../shared/errors.js";
import type { Repos } from "../storage/store.js";
import { requireText, type Actor, type DeskContext } from "./desk-context.js";
import { buildReport, type SupportReport } from "./reports.js";
import { calendarById } from "./sla-calendar.js";
import { ESCALATION_ROLES, escalationKey, evaluateSla, JOB_ESCALATE, type LadderStep } from "./sla-policy.js";
import { syncSla } from "./sla-sync.js";
import type { IncidentQuery } from "./support.ports.js";
import { snapshotOf, type Incident } from "./support.types.js";
import { OPEN_STATUSES, SEVERITIES, suggestSeverity, type Severity } from "./taxonomy.js";

export class SupportQueries {
  constructor(private readonly ctx: DeskContext) {}

  private get read(): Repos {
    return this.ctx.store.read;
  }

  /** Replaces each incident's cached SLA view with one evaluated now (three batched reads). */
  async withLiveSla(items: Incident[]): Promise<Incident[]> {
    if (items.length === 0) return items;
    const ids = items.map((i) => i.id);
    const pauses = await this.read.incidents.pauses(ids);
    const dispatches = await this.read.supportWork.dispatches({ incidentIds: ids, limit: 10_000 });
    const fired = await this.read.escalations.fired(ids);
    const ladder = await this.read.escalations.ladder();
    const now = this.ctx.clock.now();
    return items.map((inc) => {
      const view = evaluateSla(
        {
          severity: inc.severity,
          createdAt: inc.createdAt,
          firstContactAt: inc.firstContactAt,
          solutionAt: inc.solutionAt,
          resolvedAt: inc.resolvedAt,
          major: inc.major && inc.majorDeclaredAt ? { declaredAt: inc.majorDeclaredAt, answeredAt: inc.majorAnsweredAt } : null,
          pauses: pauses.filter((p) => p.incidentId === inc.id),
          dispatches: dispatches.filter((d) => d.incidentId === inc.id),
          ladder,
          firedSteps: fired.filter((f) => f.incidentId === inc.id),
          calendar: calendarById(inc.calendar),
        },
        now,
      );
      return { ...inc, sla: snapshotOf(view), breached: view.breached, nextDueAt: view.nextDueAt };
    });
  }

  async list(q: IncidentQuery): Promise<{ items: Incident[]; total: number }> {
    const { limit: _l, offset: _o, ...filter } = q;
    const items = await this.withLiveSla(await this.read.incidents.list(q));
    return { items, total: await this.read.incidents.count(filter) };
  }

  async detail(no: string) {
    const inc = await this.read.incidents.byNo(no);
    if (!inc) throw new AppError("SUPPORT_INCIDENT_NOT_FOUND", { detail: no });
    const [live] = await this.withLiveSla([inc]);
    const r = this.read;
    return {
      incident: live!,
      suggestedSeverity: suggestSeverity(inc.impact, inc.urgency),
      events: await r.incidents.events(inc.id),
      pauses: await r.incidents.pauses([inc.id]),
      handovers: await r.supportWork.handovers(inc.id),
      tracking: await r.supportWork.tracking(inc.id),
      attachments: await r.supportWork.attachments(inc.id),
      consultations: await r.supportWork.consultations({ incidentId: inc.id, limit: 100 }),
      dispatches: await r.supportWork.dispatches({ incidentIds: [inc.id], limit: 100 }),
      remoteSessions: await r.supportWork.remoteSessions(inc.id),
      review: (await r.incidents.review(inc.id)) ?? null,
      escalations: await r.escalations.fired([inc.id]),
      mails: (await r.mail.listOutbox({ incidentId: inc.id, limit: 100 })).reverse(),
    };
  }

  async attachment(no: string, id: string) {
    const inc = await this.read.incidents.byNo(no);
    const a = inc ? await this.read.supportWork.attachmentContent(inc.id, id) : undefined;
    if (!a) throw new AppError("SUPPORT_ATTACHMENT_NOT_FOUND", { detail: id });
    return a;
  }

  /** Customer support archive: every word must match (number, customer, serials, problem, solution, tracking). */
  archive(text: string, limit: number) {
    const terms = text.split(/\s+/).map((t) => t.trim()).filter(Boolean).slice(0, 8);
    return this.read.incidents.searchArchive(terms, limit);
  }

  notifications(username: string, unreadOnly: boolean, limit: number) {
    return this.read.escalations.notifications(username, { unreadOnly, limit });
  }

  unread(username: string) {
    return this.read.escalations.unreadCount(username);
  }

  markRead(username: string, ids: number[] | "all") {
    return this.ctx.store.tx((r) => r.escalations.markRead(username, ids, this.ctx.clock.now()));
  }

  /** Managers' view: who was notified for what, and what is at risk of breaching. */
  async escalations(limit = 100) {
    const fired = await this.read.escalations.recentFired({ limit });
    const incidents = new Map<string, Incident>();
    for (const f of fired) {
      if (!incidents.has(f.incidentId)) {
        const i = await this.read.incidents.byId(f.incidentId);
        if (i) incidents.set(i.id, i);
      }
    }
    const open = await this.withLiveSla(await this.read.incidents.list({ statuses: OPEN_STATUSES, limit: 500 }));
    const risky = open
      .filter((i) => i.sla.atRisk || i.sla.breached || i.major)
      .sort((a, b) => Number(b.sla.breached) - Number(a.sla.breached) || (a.sla.nextDueAt ?? "9").localeCompare(b.sla.nextDueAt ?? "9"));
    return {
      fired: fired.map((f) => {
        const i = incidents.get(f.incidentId);
        return { ...f, incidentNo: i?.incidentNo ?? "?", title: i?.title ?? "", currentSeverity: i?.severity ?? f.severity, status: i?.status ?? "closed" };
      }),
      atRisk: risky,
      ladder: await this.read.escalations.ladder(),
    };
  }

  openConsultations() {
    return this.withIncidents(this.read.supportWork.consultations({ open: true, limit: 200 }));
  }

  openDispatches() {
    return this.withIncidents(this.read.supportWork.dispatches({ open: true, limit: 200 }));
  }

  async openHandovers() {
    return this.withIncidents(Promise.all([this.read.supportWork.openHandovers("open"), this.read.supportWork.openHandovers("accepted")]).then(([a, b]) => [...a, ...b]));
  }

  private async withIncidents<T extends { incidentId: string }>(p: Promise<T[]>) {
    const rows = await p;
    const out = [];
    for (const row of rows) {
      const i = await this.read.incidents.byId(row.incidentId);
      out.push({ ...row, incidentNo: i?.incidentNo ?? "?", title: i?.title ?? "", severity: i?.severity ?? "general", status: i?.status ?? "closed" });
    }
    return out;
  }

  outbox(status: string | undefined, limit: number) {
    return this.read.mail.listOutbox({ ...(status ? { status } : {}), limit });
  }

  inbound(status: string | undefined, limit: number) {
    return this.read.mail.listInbound({ ...(status ? { status } : {}), limit });
  }

  async inboundRaw(id: string) {
    const m = await this.read.mail.inbound(id);
    if (!m) throw new AppError("NOT_FOUND", { detail: `mail ${id}` });
    return m;
  }

  async report(from: Date, to: Date): Promise<SupportReport> {
    const items = await this.withLiveSla(await this.read.incidents.list({ createdFrom: from, createdTo: to, limit: 100_000 }));
    return buildReport(items, from, to);
  }

  ladder() {
    return this.read.escalations.ladder();
  }

  /**
   * Replaces one severity's ladder (the table is data: managers tune it).
   * Open incidents of that severity get their jobs re-planned at once.
   */
  async setLadder(actor: Actor, severity: Severity, steps: { afterMinutes: number; role: string }[], reason: string): Promise<LadderStep[]> {
    const why = requireText(reason, "reason for changing the escalation ladder");
    if (!SEVERITIES.includes(severity)) throw new AppError("SUPPORT_LADDER_INVALID", { detail: `severity ${severity}` });
    if (steps.length > 10) throw new AppError("SUPPORT_LADDER_INVALID", { detail: "at most 10 steps" });
    let last = 0;
    for (const s of steps) {
      if (!(ESCALATION_ROLES as readonly string[]).includes(s.role)) throw new AppError("SUPPORT_LADDER_INVALID", { detail: `role ${s.role}` });
      if (!Number.isInteger(s.afterMinutes) || s.afterMinutes <= last) throw new AppError("SUPPORT_LADDER_INVALID", { detail: "afterMinutes must be whole, positive and increasing" });
      last = s.afterMinutes;
    }
    const ladder: LadderStep[] = steps.map((s, i) => ({ severity, step: i + 1, afterMinutes: s.afterMinutes, role: s.role as LadderStep["role"] }));
    return this.ctx.store.tx(async (r) => {
      const before = (await r.escalations.ladder()).filter((s) => s.severity === severity);
      await r.escalations.setLadder(severity, ladder);
      await this.ctx.audit.record(r.audit, {
        actor: actor.id,
        action: "support.ladder.update",
        subject: `ladder:${severity}`,
        payload: { reason: why, before: before.map((s) => [s.afterMinutes, s.role]), after: ladder.map((s) => [s.afterMinutes, s.role]) },
      });
      const now = this.ctx.clock.now();
      for (const inc of await r.incidents.list({ statuses: OPEN_STATUSES, severity, limit: 10_000 })) {
        await r.incidents.lockById(inc.id);
        // Steps the new ladder no longer has: their jobs go (the plan only knows current steps).
        for (const old of before.filter((b) => b.step > ladder.length)) await this.ctx.scheduler.cancel(r, JOB_ESCALATE, escalationKey(inc.id, severity, old.step));
        await syncSla(this.ctx, r, inc.id, now);
      }
      return ladder;
    });
  }
}

export const MANAGER_VIEW_ROLES: readonly Role[] = ["customer_manager", "tech_support_manager", "cto", "president"];
