import type { AuditEntry, AuditEvent } from "./audit-chain.js";

/** What the audit chain needs from storage. */
export interface AuditRepo {
  /** Appends under the head lock; must run inside the transaction of the change it records. */
  append(ev: AuditEvent, at: Date): Promise<AuditEntry>;
  /** Appends several entries under one head lock (batch issuance); same rules as append. */
  appendMany(events: AuditEvent[], at: Date): Promise<AuditEntry[]>;
  head(): Promise<{ seq: number; hash: string }>;
  /** Entries with seq > afterSeq, ascending, at most `limit`. Ordered by physical seq, not trusted. */
  page(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  list(q: { subject?: string; action?: string; limit: number; beforeSeq?: number }): Promise<AuditEntry[]>;
}
