import type { Clock } from "../app/clock.js";
import { ChainVerifier, type AuditEntry, type AuditEvent, type ChainBreak } from "./audit-chain.js";
import type { AuditRepo } from "./audit.ports.js";

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  firstBreak: ChainBreak | null;
}

export class AuditService {
  constructor(private readonly clock: Clock) {}

  /** Record an event on the repo of the transaction that makes the change. */
  record(repo: AuditRepo, ev: AuditEvent): Promise<AuditEntry> {
    return repo.append(ev, this.clock.now());
  }

  /** Several events of one change (a batch), in order, on the transaction's repo. */
  recordMany(repo: AuditRepo, events: AuditEvent[]): Promise<AuditEntry[]> {
    return repo.appendMany(events, this.clock.now());
  }

  /** Walks the whole chain in pages; stops at the first broken link. */
  async verify(repo: AuditRepo, pageSize = 2000): Promise<AuditVerifyResult> {
    const v = new ChainVerifier();
    let after = 0;
    for (;;) {
      const page = await repo.page(after, pageSize);
      for (const e of page) {
        const br = v.check(e);
        if (br) return { ok: false, entries: v.count, head: v.head, firstBreak: br };
      }
      if (page.length < pageSize) break;
      after = page[page.length - 1]!.seq;
    }
    const storedHead = await repo.head();
    const br = v.checkHead(storedHead);
    return { ok: br === null, entries: v.count, head: v.head, firstBreak: br };
  }
}
