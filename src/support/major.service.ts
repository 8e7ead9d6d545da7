/**
 * Major incidents (seed §4.4.3 note: 重大事故响应时间不超过2小时): declared
 * by the desk or a manager, answered within 2 h (an update shown on the
 * public status page), and closed only after a post-incident review.
 */
import { AppError } from "../shared/errors.js";
import { addEvent, changeIncident, requireStatus, requireText, type Actor, type DeskContext } from "./desk-context.js";
import { majorMail } from "./mail-templates.js";
import { close } from "./resolution.js";
import { OPEN_STATUSES, STATUS_COMPONENTS } from "./taxonomy.js";

export const MANAGER_ROLES = ["customer_manager", "tech_support_manager", "cto", "president"] as const;

export class MajorIncidentService {
  constructor(private readonly ctx: DeskContext) {}

  declare(no: string, actor: Actor, input: { reason: string; component?: string | null }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      requireStatus(inc, OPEN_STATUSES, "declare a major incident");
      if (inc.major) throw new AppError("SUPPORT_ALREADY_DONE", { detail: "already a major incident" });
      const reason = requireText(input.reason, "reason");
      const component = input.component ?? inc.component;
      if (component && !STATUS_COMPONENTS.some((c) => c.id === component)) throw new AppError("SUPPORT_COMPONENT_UNKNOWN", { detail: component });
      await r.incidents.update(inc.id, { major: true, majorDeclaredAt: now, majorDeclaredBy: actor.id, component: component ?? null });
      await addEvent(r, inc, now, actor, "major_declared", { reason, component }, true);
      await this.ctx.audit.record(r.audit, { actor: actor.id, action: "support.major.declare", subject: `incident:${inc.incidentNo}`, payload: { reason, component } });
      const m = majorMail(inc, reason, `${this.ctx.settings.publicUrl}/support/incidents/${inc.incidentNo}`);
      await this.ctx.notifier.toRoles(
        r,
        [...MANAGER_ROLES, "tech_support", "service_desk"],
        { dedupeKey: `major:${inc.id}`, incidentId: inc.id, kind: "major.declared", titleZh: `重大事件 ${inc.incidentNo}：${inc.title}`, titleEn: `Major incident ${inc.incidentNo}: ${inc.title}`, body: reason },
        m,
      );
    });
  }

  /** A public update on the status page; the first one answers the major incident (2 h deadline). */
  update(no: string, actor: Actor, input: { message: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      if (!inc.major) throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: `${inc.incidentNo} is not a major incident` });
      requireStatus(inc, [...OPEN_STATUSES, "resolved"], "post a status update");
      const message = requireText(input.message, "message");
      if (!inc.majorAnsweredAt) await r.incidents.update(inc.id, { majorAnsweredAt: now });
      await addEvent(r, inc, now, actor, "major_update", { message }, true);
    });
  }

  /** The post-incident review; a resolved major incident then closes. */
  review(no: string, actor: Actor, input: { summary: string; rootCause: string; actions: string }) {
    return changeIncident(this.ctx, no, async (r, inc, now) => {
      if (!inc.major) throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: `${inc.incidentNo} is not a major incident` });
      if (inc.reviewDoneAt) throw new AppError("SUPPORT_ALREADY_DONE", { detail: "review already submitted" });
      const review = {
        incidentId: inc.id,
        summary: requireText(input.summary, "summary"),
        rootCause: requireText(input.rootCause, "rootCause"),
        actions: requireText(input.actions, "actions"),
        reviewedBy: actor.id,
        reviewedAt: now,
      };
      await r.incidents.insertReview(review);
      await r.incidents.update(inc.id, { reviewDoneAt: now });
      await addEvent(r, inc, now, actor, "review_submitted", { rootCause: review.rootCause });
      await this.ctx.audit.record(r.audit, { actor: actor.id, action: "support.major.review", subject: `incident:${inc.incidentNo}`, payload: { rootCause: review.rootCause } });
      if (inc.status === "resolved") {
        await close(this.ctx, r, inc.id, now, actor);
        return "closed" as const;
      }
      return inc.status;
    });
  }
}
