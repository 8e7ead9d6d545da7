/**
 * The audit chain: pure functions, no SQL. Each entry's hash covers its
 * sequence, time, actor, action, subject, payload digest and the previous
 * entry's hash, so editing, deleting, reordering or inserting any row breaks
 * the chain at that row.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../shared/canonical-json.js";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditEvent {
  actor: string;
  action: string;
  subject: string;
  payload?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  payload: unknown;
  payloadDigest: string;
  prevHash: string;
  hash: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export function payloadDigest(payload: unknown): string {
  return sha256Hex(canonicalJson(payload ?? {}));
}

export function entryHash(e: Omit<AuditEntry, "hash" | "payload">): string {
  return sha256Hex(
    canonicalJson([e.seq, e.at.toISOString(), e.actor, e.action, e.subject, e.payloadDigest, e.prevHash]),
  );
}

export function buildEntry(prev: { seq: number; hash: string }, at: Date, ev: AuditEvent): AuditEntry {
  const payload = ev.payload ?? {};
  const base = {
    seq: prev.seq + 1,
    at,
    actor: ev.actor,
    action: ev.action,
    subject: ev.subject,
    payloadDigest: payloadDigest(payload),
    prevHash: prev.hash,
  };
  return { ...base, payload, hash: entryHash(base) };
}

export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Walks entries in order, carrying state between batches. Returns the first
 * break, or null. `expected` is the state after the last verified entry.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  count = 0;

  check(e: AuditEntry): ChainBreak | null {
    if (e.seq !== this.expectedSeq) {
      return {
        seq: e.seq,
        reason:
          e.seq > this.expectedSeq
            ? `entries ${this.expectedSeq}..${e.seq - 1} are missing (deleted)`
            : `sequence ${e.seq} out of order (expected ${this.expectedSeq})`,
      };
    }
    if (e.prevHash !== this.prevHash) return { seq: e.seq, reason: "previous-hash link does not match the entry before it (reordered or inserted)" };
    if (payloadDigest(e.payload) !== e.payloadDigest) return { seq: e.seq, reason: "payload does not match its digest (payload edited)" };
    if (entryHash(e) !== e.hash) return { seq: e.seq, reason: "entry hash does not match its contents (row edited)" };
    this.expectedSeq += 1;
    this.prevHash = e.hash;
    this.count += 1;
    return null;
  }

  /** After the last entry: the stored head must point at it (detects a deleted tail). */
  checkHead(head: { seq: number; hash: string }): ChainBreak | null {
    const lastSeq = this.expectedSeq - 1;
    if (head.seq !== lastSeq || head.hash !== this.prevHash) {
      return {
        seq: Math.min(head.seq, lastSeq) + 1,
        reason: `chain head says entry ${head.seq} but the log ends at ${lastSeq} (tail deleted or head edited)`,
      };
    }
    return null;
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }
}
