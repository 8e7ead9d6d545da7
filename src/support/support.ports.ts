/** What the support desk needs from storage (storage/repos/support-*.repo.ts, mail.repo.ts). */
import type { LadderStep } from "./sla-policy.js";
import type {
  ArchiveEntry,
  AttachmentMeta,
  Consultation,
  Dispatch,
  FiredStep,
  Handover,
  InboundMail,
  Incident,
  IncidentEvent,
  IncidentPatch,
  Notification,
  OutboxMail,
  Pause,
  RemoteSession,
  Review,
  TrackingEntry,
} from "./support.types.js";
import type { Queue, Severity, Status } from "./taxonomy.js";

export interface IncidentQuery {
  queue?: Queue;
  statuses?: readonly Status[];
  severity?: Severity;
  assignee?: string;
  major?: boolean;
  breached?: boolean;
  /** Matches number, title, reporter name / e-mail / phone, certificate or key serial (ILIKE). */
  text?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit: number;
  offset?: number;
}

export interface IncidentRepo {
  /** Next value of a named counter (e.g. per-day incident numbers), atomically. */
  nextCounter(name: string): Promise<number>;
  insert(i: Incident): Promise<void>;
  byNo(incidentNo: string): Promise<Incident | undefined>;
  byId(id: string): Promise<Incident | undefined>;
  /** Row-locks the incident for the rest of the transaction. */
  lockByNo(incidentNo: string): Promise<Incident | undefined>;
  lockById(id: string): Promise<Incident | undefined>;
  update(id: string, patch: IncidentPatch): Promise<void>;
  list(q: IncidentQuery): Promise<Incident[]>;
  count(q: Omit<IncidentQuery, "limit" | "offset">): Promise<number>;
  openSystemIncident(component: string): Promise<Incident | undefined>;
  addEvent(e: Omit<IncidentEvent, "id">): Promise<number>;
  events(incidentId: string): Promise<IncidentEvent[]>;
  insertPause(p: Omit<Pause, "id" | "to" | "resumedBy">): Promise<void>;
  endPause(incidentId: string, to: Date, resumedBy: string): Promise<void>;
  pauses(incidentIds: readonly string[]): Promise<Pause[]>;
  insertReview(r: Review): Promise<void>;
  review(incidentId: string): Promise<Review | undefined>;
  insertArchive(a: ArchiveEntry & { searchText: string }): Promise<void>;
  /** Every term must occur (ILIKE) in the entry's search text. */
  searchArchive(terms: readonly string[], limit: number): Promise<ArchiveEntry[]>;
  /** Counts a hit in the fixed window starting at windowStart; returns the count including this one. */
  hitRateLimit(key: string, windowStart: Date): Promise<number>;
}

export interface SupportWorkRepo {
  insertHandover(h: Handover): Promise<void>;
  handover(id: string): Promise<Handover | undefined>;
  lockHandover(id: string): Promise<Handover | undefined>;
  updateHandover(id: string, patch: Partial<Omit<Handover, "id" | "incidentId" | "handoverNo">>): Promise<void>;
  handovers(incidentId: string): Promise<Handover[]>;
  openHandovers(status: "open" | "accepted"): Promise<Handover[]>;
  insertTracking(t: Omit<TrackingEntry, "id">): Promise<void>;
  tracking(incidentId: string): Promise<TrackingEntry[]>;
  insertAttachment(a: AttachmentMeta & { content: Uint8Array }): Promise<void>;
  attachments(incidentId: string): Promise<AttachmentMeta[]>;
  attachmentContent(incidentId: string, id: string): Promise<(AttachmentMeta & { content: Uint8Array }) | undefined>;
  insertConsultation(c: Consultation): Promise<void>;
  consultation(id: string): Promise<Consultation | undefined>;
  updateConsultation(id: string, patch: Partial<Consultation>): Promise<void>;
  consultations(q: { incidentId?: string; open?: boolean; limit: number }): Promise<Consultation[]>;
  insertDispatch(d: Dispatch): Promise<void>;
  dispatch(id: string): Promise<Dispatch | undefined>;
  updateDispatch(id: string, patch: Partial<Dispatch>): Promise<void>;
  dispatches(q: { incidentIds?: readonly string[]; open?: boolean; limit: number }): Promise<Dispatch[]>;
  insertRemoteSession(s: RemoteSession): Promise<void>;
  remoteSessions(incidentId: string): Promise<RemoteSession[]>;
}

export interface EscalationRepo {
  ladder(): Promise<LadderStep[]>;
  /** Replaces the ladder of one severity. */
  setLadder(severity: Severity, steps: readonly LadderStep[]): Promise<void>;
  /** Records a fired step; false if that step already fired (exactly once). */
  recordFired(f: FiredStep): Promise<boolean>;
  fired(incidentIds: readonly string[]): Promise<FiredStep[]>;
  recentFired(q: { since?: Date; limit: number }): Promise<FiredStep[]>;
  /** Inserts unless (recipient, dedupeKey) exists; true when inserted. */
  notify(n: Omit<Notification, "id" | "readAt">): Promise<boolean>;
  notifications(recipient: string, q: { unreadOnly?: boolean; limit: number }): Promise<Notification[]>;
  unreadCount(recipient: string): Promise<number>;
  markRead(recipient: string, ids: readonly number[] | "all", at: Date): Promise<number>;
}

export interface MailRepo {
  /** Inserts unless dedupeKey exists; true when inserted. */
  enqueue(m: OutboxMail): Promise<boolean>;
  outbox(id: string): Promise<OutboxMail | undefined>;
  updateOutbox(id: string, patch: Partial<Pick<OutboxMail, "status" | "attempts" | "lastError" | "sentAt">>): Promise<void>;
  listOutbox(q: { incidentId?: string; status?: string; limit: number }): Promise<OutboxMail[]>;
  insertInbound(m: InboundMail & { raw: Uint8Array }): Promise<void>;
  updateInbound(id: string, patch: Partial<Omit<InboundMail, "id" | "receivedAt">>): Promise<void>;
  inbound(id: string): Promise<(InboundMail & { raw: Uint8Array }) | undefined>;
  listInbound(q: { status?: string; limit: number }): Promise<InboundMail[]>;
}
