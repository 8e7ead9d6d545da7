import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../schema.js";

type Json = ColumnType<unknown, string, string>;
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface SupportIncidentTable {
  id: string;
  incident_no: string;
  title: string;
  description: string;
  category: string | null;
  sub_fault: string | null;
  severity: string;
  impact: string;
  urgency: string;
  status: string;
  queue: string;
  channel: string;
  reporter_kind: string;
  reporter_name: string;
  reporter_phone: string | null;
  reporter_email: string | null;
  reporter_org: string | null;
  certificate_serial: string | null;
  token_serial: string | null;
  component: string | null;
  system_open_component: string | null;
  assignee: string | null;
  calendar: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  first_contact_at: Timestamp | null;
  first_contact_by: string | null;
  solution_at: Timestamp | null;
  solution_by: string | null;
  analysis: string | null;
  solution: string | null;
  resolved_at: Timestamp | null;
  resolved_by_group: string | null;
  resolution: string | null;
  closed_at: Timestamp | null;
  paused_since: Timestamp | null;
  pause_reason: string | null;
  major: Generated<boolean>;
  major_declared_at: Timestamp | null;
  major_declared_by: string | null;
  major_answered_at: Timestamp | null;
  review_done_at: Timestamp | null;
  tracking_token_digest: string | null;
  escalation_level: Generated<number>;
  sla: Json;
  breached: Generated<boolean>;
  next_due_at: Timestamp | null;
}

export interface SupportCounterTable {
  name: string;
  value: number;
}

export interface SupportEventTable {
  id: Generated<number>;
  incident_id: string;
  at: Timestamp;
  actor: string;
  type: string;
  public: Generated<boolean>;
  data: Json;
}

export interface SupportPauseTable {
  id: Generated<number>;
  incident_id: string;
  from_at: Timestamp;
  to_at: Timestamp | null;
  reason: string;
  paused_by: string;
  resumed_by: string | null;
}

export interface SupportHandoverTable {
  id: string;
  handover_no: string;
  incident_id: string;
  status: string;
  problem_record: string;
  created_by: string;
  created_at: Timestamp;
  accepted_by: string | null;
  accepted_at: Timestamp | null;
  returned_by: string | null;
  returned_at: Timestamp | null;
  result: string | null;
}

export interface SupportTrackingTable {
  id: Generated<number>;
  incident_id: string;
  handover_id: string | null;
  at: Timestamp;
  author: string;
  kind: string;
  text: string;
}

export interface SupportAttachmentTable {
  id: string;
  incident_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Bytes;
  source: string;
  created_by: string;
  created_at: Timestamp;
}

export interface SupportConsultationTable {
  id: string;
  incident_id: string;
  question: string;
  requested_by: string;
  requested_at: Timestamp;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
}

export interface SupportDispatchTable {
  id: string;
  incident_id: string;
  reason: string;
  site: string;
  requested_by: string;
  requested_at: Timestamp;
  engineer: string | null;
  arrived_at: Timestamp | null;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  result: string | null;
}

export interface SupportRemoteSessionTable {
  id: string;
  incident_id: string;
  engineer: string;
  started_at: Timestamp;
  ended_at: Timestamp;
  method: string;
  findings: string;
  outcome: string;
  data: Json;
}

export interface SupportReviewTable {
  incident_id: string;
  summary: string;
  root_cause: string;
  actions: string;
  reviewed_by: string;
  reviewed_at: Timestamp;
}

export interface SupportArchiveTable {
  incident_id: string;
  incident_no: string;
  archived_at: Timestamp;
  archived_by: string;
  customer: string;
  category: string | null;
  sub_fault: string | null;
  severity: string;
  title: string;
  problem: string;
  solution: string;
  search_text: string;
}

export interface SupportEscalationRuleTable {
  severity: string;
  step: number;
  after_minutes: number;
  role: string;
}

export interface SupportEscalationTable {
  incident_id: string;
  severity: string;
  step: number;
  role: string;
  due_at: Timestamp;
  fired_at: Timestamp;
  notified: string[];
}

export interface SupportNotificationTable {
  id: Generated<number>;
  recipient: string;
  dedupe_key: string;
  incident_id: string | null;
  kind: string;
  title_zh: string;
  title_en: string;
  body: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface MailOutboxTable {
  id: string;
  message_id: string;
  dedupe_key: string | null;
  to_addr: string;
  subject: string;
  body_text: string;
  in_reply_to: string | null;
  incident_id: string | null;
  status: string;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface MailInboundTable {
  id: string;
  received_at: Timestamp;
  envelope_from: string | null;
  envelope_to: string;
  remote_address: string | null;
  size_bytes: number;
  raw: Bytes;
  message_id: string | null;
  from_addr: string | null;
  subject: string | null;
  status: string;
  error_code: string | null;
  error_detail: string | null;
  incident_id: string | null;
}

export interface SupportRateLimitTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

export interface SupportTables {
  support_counter: SupportCounterTable;
  support_incident: SupportIncidentTable;
  support_event: SupportEventTable;
  support_pause: SupportPauseTable;
  support_handover: SupportHandoverTable;
  support_tracking: SupportTrackingTable;
  support_attachment: SupportAttachmentTable;
  support_consultation: SupportConsultationTable;
  support_dispatch: SupportDispatchTable;
  support_remote_session: SupportRemoteSessionTable;
  support_review: SupportReviewTable;
  support_archive: SupportArchiveTable;
  support_escalation_rule: SupportEscalationRuleTable;
  support_escalation: SupportEscalationTable;
  support_notification: SupportNotificationTable;
  mail_outbox: MailOutboxTable;
  mail_inbound: MailInboundTable;
  support_rate_limit: SupportRateLimitTable;
}
