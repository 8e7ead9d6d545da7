import type { Kysely, Selectable } from "kysely";
import type { EscalationRole, LadderStep } from "../../support/sla-policy.js";
import type { EscalationRepo } from "../../support/support.ports.js";
import type { FiredStep, Notification } from "../../support/support.types.js";
import type { Severity } from "../../support/taxonomy.js";
import type { Database } from "../schema.js";
import type { SupportEscalationTable, SupportNotificationTable } from "../tables/support.js";

function toFired(r: Selectable<SupportEscalationTable>): FiredStep {
  return {
    incidentId: r.incident_id,
    severity: r.severity as Severity,
    step: r.step,
    role: r.role as EscalationRole,
    dueAt: new Date(r.due_at),
    firedAt: new Date(r.fired_at),
    notified: r.notified,
  };
}

function toNotification(r: Selectable<SupportNotificationTable>): Notification {
  return {
    id: Number(r.id),
    recipient: r.recipient,
    dedupeKey: r.dedupe_key,
    incidentId: r.incident_id,
    kind: r.kind,
    titleZh: r.title_zh,
    titleEn: r.title_en,
    body: r.body,
    createdAt: new Date(r.created_at),
    readAt: r.read_at ? new Date(r.read_at) : null,
  };
}

export function escalationRepo(db: Kysely<Database>): EscalationRepo {
  return {
    async ladder() {
      const rows = await db.selectFrom("support_escalation_rule").selectAll().orderBy("severity").orderBy("step").execute();
      return rows.map((r): LadderStep => ({ severity: r.severity as Severity, step: r.step, afterMinutes: r.after_minutes, role: r.role as EscalationRole }));
    },
    async setLadder(severity, steps) {
      await db.deleteFrom("support_escalation_rule").where("severity", "=", severity).execute();
      if (steps.length === 0) return;
      await db
        .insertInto("support_escalation_rule")
        .values(steps.map((s) => ({ severity, step: s.step, after_minutes: s.afterMinutes, role: s.role })))
        .execute();
    },
    async recordFired(f) {
      const r = await db
        .insertInto("support_escalation")
        .values({ incident_id: f.incidentId, severity: f.severity, step: f.step, role: f.role, due_at: f.dueAt, fired_at: f.firedAt, notified: f.notified })
        .onConflict((oc) => oc.columns(["incident_id", "severity", "step"]).doNothing())
        .returning("step")
        .executeTakeFirst();
      return r !== undefined;
    },
    async fired(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom("support_escalation").selectAll().where("incident_id", "in", [...ids]).orderBy("fired_at").execute();
      return rows.map(toFired);
    },
    async recentFired(q) {
      let query = db.selectFrom("support_escalation").selectAll();
      if (q.since) query = query.where("fired_at", ">=", q.since);
      const rows = await query.orderBy("fired_at", "desc").limit(q.limit).execute();
      return rows.map(toFired);
    },
    async notify(n) {
      const r = await db
        .insertInto("support_notification")
        .values({
          recipient: n.recipient,
          dedupe_key: n.dedupeKey,
          incident_id: n.incidentId,
          kind: n.kind,
          title_zh: n.titleZh,
          title_en: n.titleEn,
          body: n.body,
          created_at: n.createdAt,
        })
        .onConflict((oc) => oc.columns(["recipient", "dedupe_key"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      return r !== undefined;
    },
    async notifications(recipient, q) {
      let query = db.selectFrom("support_notification").selectAll().where("recipient", "=", recipient);
      if (q.unreadOnly) query = query.where("read_at", "is", null);
      const rows = await query.orderBy("id", "desc").limit(q.limit).execute();
      return rows.map(toNotification);
    },
    async unreadCount(recipient) {
      const r = await db
        .selectFrom("support_notification")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("recipient", "=", recipient)
        .where("read_at", "is", null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async markRead(recipient, ids, at) {
      let q = db.updateTable("support_notification").set({ read_at: at }).where("recipient", "=", recipient).where("read_at", "is", null);
      if (ids !== "all") {
        if (ids.length === 0) return 0;
        q = q.where("id", "in", [...ids]);
      }
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}

