import { sql, type Kysely, type Selectable, type Updateable } from "kysely";
import type { IncidentQuery, IncidentRepo } from "../../support/support.ports.js";
import type { ArchiveEntry, Incident, IncidentPatch, Pause, SlaSnapshot } from "../../support/support.types.js";
import type { Category, Channel, Impact, Queue, ReporterKind, Severity, Status, Urgency } from "../../support/taxonomy.js";
import type { Database } from "../schema.js";
import type { SupportArchiveTable, SupportIncidentTable } from "../tables/support.js";

const d = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
const like = (s: string) => `%${s.replace(/[%_\\]/g, "\\$&")}%`;

export function toIncident(r: Selectable<SupportIncidentTable>): Incident {
  return {
    id: r.id,
    incidentNo: r.incident_no,
    title: r.title,
    description: r.description,
    category: r.category as Category | null,
    subFault: r.sub_fault,
    severity: r.severity as Severity,
    impact: r.impact as Impact,
    urgency: r.urgency as Urgency,
    status: r.status as Status,
    queue: r.queue as Queue,
    channel: r.channel as Channel,
    reporter: {
      kind: r.reporter_kind as ReporterKind,
      name: r.reporter_name,
      phone: r.reporter_phone,
      email: r.reporter_email,
      org: r.reporter_org,
      certificateSerial: r.certificate_serial,
      tokenSerial: r.token_serial,
    },
    component: r.component,
    systemOpenComponent: r.system_open_component,
    assignee: r.assignee,
    calendar: r.calendar,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    firstContactAt: d(r.first_contact_at),
    firstContactBy: r.first_contact_by,
    solutionAt: d(r.solution_at),
    solutionBy: r.solution_by,
    analysis: r.analysis,
    solution: r.solution,
    resolvedAt: d(r.resolved_at),
    resolvedByGroup: r.resolved_by_group as Queue | null,
    resolution: r.resolution,
    closedAt: d(r.closed_at),
    pausedSince: d(r.paused_since),
    pauseReason: r.pause_reason,
    major: r.major,
    majorDeclaredAt: d(r.major_declared_at),
    majorDeclaredBy: r.major_declared_by,
    majorAnsweredAt: d(r.major_answered_at),
    reviewDoneAt: d(r.review_done_at),
    trackingTokenDigest: r.tracking_token_digest,
    escalationLevel: r.escalation_level,
    sla: r.sla as SlaSnapshot,
    breached: r.breached,
    nextDueAt: d(r.next_due_at),
  };
}

/** camelCase field → column, for patches. */
const COLUMNS: Record<string, keyof SupportIncidentTable> = {
  title: "title",
  description: "description",
  category: "category",
  subFault: "sub_fault",
  severity: "severity",
  impact: "impact",
  urgency: "urgency",
  status: "status",
  queue: "queue",
  channel: "channel",
  component: "component",
  systemOpenComponent: "system_open_component",
  assignee: "assignee",
  calendar: "calendar",
  updatedAt: "updated_at",
  firstContactAt: "first_contact_at",
  firstContactBy: "first_contact_by",
  solutionAt: "solution_at",
  solutionBy: "solution_by",
  analysis: "analysis",
  solution: "solution",
  resolvedAt: "resolved_at",
  resolvedByGroup: "resolved_by_group",
  resolution: "resolution",
  closedAt: "closed_at",
  pausedSince: "paused_since",
  pauseReason: "pause_reason",
  major: "major",
  majorDeclaredAt: "major_declared_at",
  majorDeclaredBy: "major_declared_by",
  majorAnsweredAt: "major_answered_at",
  reviewDoneAt: "review_done_at",
  trackingTokenDigest: "tracking_token_digest",
  escalationLevel: "escalation_level",
  breached: "breached",
  nextDueAt: "next_due_at",
};
const REPORTER_COLUMNS: Record<string, keyof SupportIncidentTable> = {
  kind: "reporter_kind",
  name: "reporter_name",
  phone: "reporter_phone",
  email: "reporter_email",
  org: "reporter_org",
  certificateSerial: "certificate_serial",
  tokenSerial: "token_serial",
};

function toRow(patch: IncidentPatch): Updateable<SupportIncidentTable> {
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (k === "reporter") {
      for (const [rk, rv] of Object.entries(v as object)) if (rv !== undefined && REPORTER_COLUMNS[rk]) row[REPORTER_COLUMNS[rk]] = rv;
    } else if (k === "sla") row.sla = JSON.stringify(v);
    else if (COLUMNS[k]) row[COLUMNS[k]] = v;
  }
  return row as Updateable<SupportIncidentTable>;
}

function toArchive(r: Selectable<SupportArchiveTable>): ArchiveEntry {
  return {
    incidentId: r.incident_id,
    incidentNo: r.incident_no,
    archivedAt: new Date(r.archived_at),
    archivedBy: r.archived_by,
    customer: r.customer,
    category: r.category as Category | null,
    subFault: r.sub_fault,
    severity: r.severity as Severity,
    title: r.title,
    problem: r.problem,
    solution: r.solution,
  };
}

export function incidentRepo(db: Kysely<Database>): IncidentRepo {
  const filtered = (q: Omit<IncidentQuery, "limit" | "offset">) => {
    let query = db.selectFrom("support_incident").selectAll();
    if (q.queue) query = query.where("queue", "=", q.queue);
    if (q.statuses?.length) query = query.where("status", "in", [...q.statuses]);
    if (q.severity) query = query.where("severity", "=", q.severity);
    if (q.assignee) query = query.where("assignee", "=", q.assignee);
    if (q.major !== undefined) query = query.where("major", "=", q.major);
    if (q.breached !== undefined) query = query.where("breached", "=", q.breached);
    if (q.createdFrom) query = query.where("created_at", ">=", q.createdFrom);
    if (q.createdTo) query = query.where("created_at", "<", q.createdTo);
    if (q.text?.trim()) {
      const p = like(q.text.trim());
      query = query.where((eb) =>
        eb.or(
          (["incident_no", "title", "description", "reporter_name", "reporter_email", "reporter_phone", "certificate_serial", "token_serial"] as const).map((c) =>
            eb(c, "ilike", p),
          ),
        ),
      );
    }
    return query;
  };

  return {
    async nextCounter(name) {
      const r = await sql<{ value: number }>`
        insert into support_counter (name, value) values (${name}, 1)
        on conflict (name) do update set value = support_counter.value + 1
        returning value`.execute(db);
      return Number(r.rows[0]!.value);
    },
    async insert(i) {
      await db
        .insertInto("support_incident")
        .values({
          id: i.id,
          incident_no: i.incidentNo,
          created_by: i.createdBy,
          created_at: i.createdAt,
          ...(toRow(i) as object),
          reporter_kind: i.reporter.kind,
          reporter_name: i.reporter.name,
          reporter_phone: i.reporter.phone,
          reporter_email: i.reporter.email,
          reporter_org: i.reporter.org,
          certificate_serial: i.reporter.certificateSerial,
          token_serial: i.reporter.tokenSerial,
          sla: JSON.stringify(i.sla),
        } as never)
        .execute();
    },
    async byNo(no) {
      const r = await db.selectFrom("support_incident").selectAll().where("incident_no", "=", no).executeTakeFirst();
      return r ? toIncident(r) : undefined;
    },
    async byId(id) {
      const r = await db.selectFrom("support_incident").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toIncident(r) : undefined;
    },
    async lockByNo(no) {
      const r = await db.selectFrom("support_incident").selectAll().where("incident_no", "=", no).forUpdate().executeTakeFirst();
      return r ? toIncident(r) : undefined;
    },
    async lockById(id) {
      const r = await db.selectFrom("support_incident").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toIncident(r) : undefined;
    },
    async update(id, patch) {
      const row = toRow(patch);
      if (Object.keys(row).length === 0) return;
      await db.updateTable("support_incident").set(row).where("id", "=", id).execute();
    },
    async list(q) {
      const rows = await filtered(q)
        .orderBy(sql`case when status in ('resolved', 'closed') then 1 else 0 end`)
        .orderBy(sql`case severity when 'critical' then 0 when 'serious' then 1 else 2 end`)
        .orderBy("created_at", "desc")
        .limit(q.limit)
        .offset(q.offset ?? 0)
        .execute();
      return rows.map(toIncident);
    },
    async count(q) {
      const r = await filtered(q).clearSelect().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async openSystemIncident(component) {
      const r = await db.selectFrom("support_incident").selectAll().where("system_open_component", "=", component).forUpdate().executeTakeFirst();
      return r ? toIncident(r) : undefined;
    },
    async addEvent(e) {
      const r = await db
        .insertInto("support_event")
        .values({ incident_id: e.incidentId, at: e.at, actor: e.actor, type: e.type, public: e.public, data: JSON.stringify(e.data) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async events(incidentId) {
      const rows = await db.selectFrom("support_event").selectAll().where("incident_id", "=", incidentId).orderBy("id").execute();
      return rows.map((r) => ({
        id: Number(r.id),
        incidentId: r.incident_id,
        at: new Date(r.at),
        actor: r.actor,
        type: r.type,
        public: r.public,
        data: r.data as Record<string, unknown>,
      }));
    },
    async insertPause(p) {
      await db.insertInto("support_pause").values({ incident_id: p.incidentId, from_at: p.from, reason: p.reason, paused_by: p.pausedBy }).execute();
    },
    async endPause(incidentId, to, resumedBy) {
      await db.updateTable("support_pause").set({ to_at: to, resumed_by: resumedBy }).where("incident_id", "=", incidentId).where("to_at", "is", null).execute();
    },
    async pauses(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom("support_pause").selectAll().where("incident_id", "in", [...ids]).orderBy("id").execute();
      return rows.map(
        (r): Pause => ({
          id: Number(r.id),
          incidentId: r.incident_id,
          from: new Date(r.from_at),
          to: d(r.to_at),
          reason: r.reason,
          pausedBy: r.paused_by,
          resumedBy: r.resumed_by,
        }),
      );
    },
    async insertReview(rv) {
      await db
        .insertInto("support_review")
        .values({ incident_id: rv.incidentId, summary: rv.summary, root_cause: rv.rootCause, actions: rv.actions, reviewed_by: rv.reviewedBy, reviewed_at: rv.reviewedAt })
        .execute();
    },
    async review(incidentId) {
      const r = await db.selectFrom("support_review").selectAll().where("incident_id", "=", incidentId).executeTakeFirst();
      return r
        ? { incidentId: r.incident_id, summary: r.summary, rootCause: r.root_cause, actions: r.actions, reviewedBy: r.reviewed_by, reviewedAt: new Date(r.reviewed_at) }
        : undefined;
    },
    async insertArchive(a) {
      await db
        .insertInto("support_archive")
        .values({
          incident_id: a.incidentId,
          incident_no: a.incidentNo,
          archived_at: a.archivedAt,
          archived_by: a.archivedBy,
          customer: a.customer,
          category: a.category,
          sub_fault: a.subFault,
          severity: a.severity,
          title: a.title,
          problem: a.problem,
          solution: a.solution,
          search_text: a.searchText,
        })
        .execute();
    },
    async searchArchive(terms, limit) {
      let q = db.selectFrom("support_archive").selectAll();
      for (const t of terms) q = q.where("search_text", "ilike", like(t.toLowerCase()));
      const rows = await q.orderBy("archived_at", "desc").limit(limit).execute();
      return rows.map(toArchive);
    },
    async hitRateLimit(key, windowStart) {
      const r = await sql<{ count: number }>`
        insert into support_rate_limit (key, window_start, count) values (${key}, ${windowStart}, 1)
        on conflict (key) do update set
          count = case when support_rate_limit.window_start = excluded.window_start then support_rate_limit.count + 1 else 1 end,
          window_start = excluded.window_start
        returning count`.execute(db);
      return Number(r.rows[0]!.count);
    },
  };
}
