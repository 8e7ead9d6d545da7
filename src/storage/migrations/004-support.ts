import { sql, type Kysely } from "kysely";

// Support and emergency desk (seed §3–§4): incidents, timeline, handover lists,
// tracking, consultations, on-site dispatches, remote sessions, attachments,
// the escalation ladder as data, notifications, mail in/out, the archive.
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = "timestamptz" as const;

  await db.schema
    .createTable("support_counter")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("support_incident")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_no", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.check(sql`category in ('hardware', 'software', 'client')`))
    .addColumn("sub_fault", "text")
    .addColumn("severity", "text", (c) => c.notNull().check(sql`severity in ('critical', 'serious', 'general')`))
    .addColumn("impact", "text", (c) => c.notNull())
    .addColumn("urgency", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('new', 'open', 'handed_over', 'in_support', 'returned', 'resolved', 'closed')`))
    .addColumn("queue", "text", (c) => c.notNull().check(sql`queue in ('service_desk', 'tech_support', 'local_service_point')`))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("reporter_kind", "text", (c) => c.notNull().check(sql`reporter_kind in ('bidder', 'staff', 'system')`))
    .addColumn("reporter_name", "text", (c) => c.notNull())
    .addColumn("reporter_phone", "text")
    .addColumn("reporter_email", "text")
    .addColumn("reporter_org", "text")
    .addColumn("certificate_serial", "text")
    .addColumn("token_serial", "text")
    .addColumn("component", "text")
    // Set while a system (health-probe) incident for this component is open: one per component.
    .addColumn("system_open_component", "text", (c) => c.unique())
    .addColumn("assignee", "text")
    .addColumn("calendar", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addColumn("first_contact_at", ts)
    .addColumn("first_contact_by", "text")
    .addColumn("solution_at", ts)
    .addColumn("solution_by", "text")
    .addColumn("analysis", "text")
    .addColumn("solution", "text")
    .addColumn("resolved_at", ts)
    .addColumn("resolved_by_group", "text")
    .addColumn("resolution", "text")
    .addColumn("closed_at", ts)
    .addColumn("paused_since", ts)
    .addColumn("pause_reason", "text")
    .addColumn("major", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("major_declared_at", ts)
    .addColumn("major_declared_by", "text")
    .addColumn("major_answered_at", ts)
    .addColumn("review_done_at", ts)
    .addColumn("tracking_token_digest", "text")
    .addColumn("escalation_level", "integer", (c) => c.notNull().defaultTo(0))
    // Cached SLA view (recomputed on every change and by the deadline jobs) for queue lists.
    .addColumn("sla", "jsonb", (c) => c.notNull())
    .addColumn("breached", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("next_due_at", ts)
    .execute();
  await sql`create index support_incident_queue_idx on support_incident (queue, status)`.execute(db);
  await sql`create index support_incident_created_idx on support_incident (created_at)`.execute(db);
  await sql`create index support_incident_reporter_email_idx on support_incident (lower(reporter_email))`.execute(db);

  await db.schema
    .createTable("support_event")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("at", ts, (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    // Shown to the reporter on the public tracking page.
    .addColumn("public", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("data", "jsonb", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("support_event_incident_idx").on("support_event").columns(["incident_id", "id"]).execute();

  await db.schema
    .createTable("support_pause")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("from_at", ts, (c) => c.notNull())
    .addColumn("to_at", ts)
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("paused_by", "text", (c) => c.notNull())
    .addColumn("resumed_by", "text")
    .execute();
  await db.schema.createIndex("support_pause_incident_idx").on("support_pause").column("incident_id").execute();

  await db.schema
    .createTable("support_handover")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("handover_no", "text", (c) => c.notNull().unique())
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'accepted', 'returned')`))
    .addColumn("problem_record", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("accepted_by", "text")
    .addColumn("accepted_at", ts)
    .addColumn("returned_by", "text")
    .addColumn("returned_at", ts)
    .addColumn("result", "text")
    .execute();
  await db.schema.createIndex("support_handover_incident_idx").on("support_handover").column("incident_id").execute();

  await db.schema
    .createTable("support_tracking")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("handover_id", "text", (c) => c.references("support_handover.id"))
    .addColumn("at", ts, (c) => c.notNull())
    .addColumn("author", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("support_tracking_incident_idx").on("support_tracking").column("incident_id").execute();

  await db.schema
    .createTable("support_attachment")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("support_attachment_incident_idx").on("support_attachment").column("incident_id").execute();

  await db.schema
    .createTable("support_consultation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("requested_at", ts, (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("answered_by", "text")
    .addColumn("answered_at", ts)
    .execute();
  await db.schema.createIndex("support_consultation_incident_idx").on("support_consultation").column("incident_id").execute();

  await db.schema
    .createTable("support_dispatch")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("site", "text", (c) => c.notNull())
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("requested_at", ts, (c) => c.notNull())
    .addColumn("engineer", "text")
    .addColumn("arrived_at", ts)
    .addColumn("completed_at", ts)
    .addColumn("cancelled_at", ts)
    .addColumn("result", "text")
    .execute();
  await db.schema.createIndex("support_dispatch_incident_idx").on("support_dispatch").column("incident_id").execute();

  await db.schema
    .createTable("support_remote_session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("engineer", "text", (c) => c.notNull())
    .addColumn("started_at", ts, (c) => c.notNull())
    .addColumn("ended_at", ts, (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("findings", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("support_review")
    .addColumn("incident_id", "text", (c) => c.primaryKey().references("support_incident.id"))
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("root_cause", "text", (c) => c.notNull())
    .addColumn("actions", "text", (c) => c.notNull())
    .addColumn("reviewed_by", "text", (c) => c.notNull())
    .addColumn("reviewed_at", ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("support_archive")
    .addColumn("incident_id", "text", (c) => c.primaryKey().references("support_incident.id"))
    .addColumn("incident_no", "text", (c) => c.notNull())
    .addColumn("archived_at", ts, (c) => c.notNull())
    .addColumn("archived_by", "text", (c) => c.notNull())
    .addColumn("customer", "text", (c) => c.notNull())
    .addColumn("category", "text")
    .addColumn("sub_fault", "text")
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("problem", "text", (c) => c.notNull())
    .addColumn("solution", "text", (c) => c.notNull())
    // Everything searchable, lower-cased, in one column for ILIKE.
    .addColumn("search_text", "text", (c) => c.notNull())
    .execute();

  // Seed §4.4.3 as rows: editable data, not code.
  await db.schema
    .createTable("support_escalation_rule")
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("step", "integer", (c) => c.notNull())
    .addColumn("after_minutes", "integer", (c) => c.notNull().check(sql`after_minutes > 0`))
    .addColumn("role", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("support_escalation_rule_pk", ["severity", "step"])
    .execute();
  // Written out here (not imported) so this migration never changes after it ships.
  await sql`insert into support_escalation_rule (severity, step, after_minutes, role) values
    ('critical', 1, 120, 'customer_manager'), ('critical', 2, 480, 'tech_support_manager'), ('critical', 3, 720, 'cto'), ('critical', 4, 1440, 'president'),
    ('serious', 1, 480, 'customer_manager'), ('serious', 2, 720, 'tech_support_manager'), ('serious', 3, 1440, 'cto'),
    ('general', 1, 720, 'customer_manager'), ('general', 2, 1440, 'tech_support_manager')`.execute(db);

  // A fired step: the primary key makes each step of each incident fire once.
  await db.schema
    .createTable("support_escalation")
    .addColumn("incident_id", "text", (c) => c.notNull().references("support_incident.id"))
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("step", "integer", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("due_at", ts, (c) => c.notNull())
    .addColumn("fired_at", ts, (c) => c.notNull())
    .addColumn("notified", sql`text[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint("support_escalation_pk", ["incident_id", "severity", "step"])
    .execute();
  await db.schema.createIndex("support_escalation_fired_idx").on("support_escalation").column("fired_at").execute();

  await db.schema
    .createTable("support_notification")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.notNull())
    .addColumn("incident_id", "text", (c) => c.references("support_incident.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title_zh", "text", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("read_at", ts)
    .addUniqueConstraint("support_notification_once_uq", ["recipient", "dedupe_key"])
    .execute();
  await db.schema.createIndex("support_notification_recipient_idx").on("support_notification").columns(["recipient", "id"]).execute();

  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("to_addr", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("in_reply_to", "text")
    .addColumn("incident_id", "text", (c) => c.references("support_incident.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'sent', 'not_sent', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("sent_at", ts)
    .execute();
  await db.schema.createIndex("mail_outbox_incident_idx").on("mail_outbox").column("incident_id").execute();

  await db.schema
    .createTable("mail_inbound")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("received_at", ts, (c) => c.notNull())
    .addColumn("envelope_from", "text")
    .addColumn("envelope_to", "text", (c) => c.notNull())
    .addColumn("remote_address", "text")
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    // The message exactly as received: nothing is lost even when it cannot be read.
    .addColumn("raw", "bytea", (c) => c.notNull())
    .addColumn("message_id", "text")
    .addColumn("from_addr", "text")
    .addColumn("subject", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('received', 'incident_created', 'threaded', 'rejected', 'ignored')`))
    .addColumn("error_code", "text")
    .addColumn("error_detail", "text")
    .addColumn("incident_id", "text", (c) => c.references("support_incident.id"))
    .execute();
  await db.schema.createIndex("mail_inbound_received_idx").on("mail_inbound").column("received_at").execute();

  // Fixed-window request counters (public endpoints), shared by all nodes.
  await db.schema
    .createTable("support_rate_limit")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("window_start", ts, (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "support_rate_limit",
    "mail_inbound",
    "mail_outbox",
    "support_notification",
    "support_escalation",
    "support_escalation_rule",
    "support_archive",
    "support_review",
    "support_remote_session",
    "support_dispatch",
    "support_consultation",
    "support_attachment",
    "support_tracking",
    "support_handover",
    "support_pause",
    "support_event",
    "support_incident",
    "support_counter",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
