/**
 * The security service's call log: one row per call (who, which function,
 * outcome code, duration), cheap enough for thousands of calls a second.
 *
 * Design (the audit choice for the high-volume path): calls are buffered in
 * memory and written in batches (every `flushMs` or `maxBatch` calls) with a
 * multi-row insert; each batch row carries SHA-256(prev digest ‖ its calls),
 * so batches form a hash chain, and a scheduled job anchors the chain head
 * into the main audit chain (`security.calls.anchored`). Editing, deleting
 * or inserting a call row breaks `verify()`; the audit chain pins the head.
 * Cost: a crash loses at most the last `flushMs` of read-only call records
 * (verify/validate/encrypt/authenticate). Calls that change or reveal
 * something (server-side sign, decrypt) are also written to the main audit
 * chain synchronously, in their own transaction, before they answer.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import { canonicalJson } from "../shared/canonical-json.js";
import type { Store } from "../storage/store.js";
import type { CallBatch, CallRecord, StoredCall } from "./security.ports.js";

export const GENESIS_DIGEST = "0".repeat(64);

export function batchDigest(prev: string, rows: StoredCall[]): string {
  const body = canonicalJson(rows.map((r) => [r.id, r.at.toISOString(), r.caller, r.fn, r.outcome, r.micros, r.detail]));
  return createHash("sha256").update(prev).update("\n").update(body).digest("hex");
}

export interface CallLogOptions {
  flushMs: number;
  maxBatch: number;
}

export interface CallLogVerify {
  ok: boolean;
  batches: number;
  calls: number;
  head: string;
  firstBreak: { batchId: string; reason: string } | null;
}

type Counter = Map<string, { calls: number; micros: number }>;

export class CallLog {
  private buf: CallRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private headDigest: string | undefined;
  /** In-process counters since start, per "fn outcome": the live view for the ops dashboard. */
  readonly live: Counter = new Map();
  private lost = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly opts: CallLogOptions = { flushMs: 100, maxBatch: 1000 },
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  record(c: CallRecord): void {
    const k = `${c.fn} ${c.outcome}`;
    const v = this.live.get(k) ?? { calls: 0, micros: 0 };
    v.calls++;
    v.micros += c.micros;
    this.live.set(k, v);
    this.buf.push(c);
    if (this.buf.length >= this.opts.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs);
  }

  /** Writes what is buffered; flushes run one after another so the digest chain has no forks. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const calls = this.buf;
    this.buf = [];
    if (!calls.length) return this.chain;
    this.chain = this.chain.then(() => this.write(calls));
    return this.chain;
  }

  private async write(calls: CallRecord[]): Promise<void> {
    try {
      await this.store.tx(async (r) => {
        const prev = this.headDigest ?? (await r.security.lastBatch())?.digest ?? GENESIS_DIGEST;
        const b = await r.security.insertCalls(calls, { prevDigest: prev, createdAt: this.clock.now() }, (rows) => batchDigest(prev, rows));
        this.headDigest = b.digest;
      });
    } catch (e) {
      // Another node may have appended meanwhile: re-read the head next time.
      this.headDigest = undefined;
      this.lost += calls.length;
      this.onError(e);
    }
  }

  /** Calls that could not be written (database down): shown on the stats page, never silent. */
  get unwritten(): number {
    return this.lost + this.buf.length;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /** Recomputes every batch digest and link. */
  async verify(pageSize = 500): Promise<CallLogVerify> {
    let prev = GENESIS_DIGEST;
    let after = "0";
    let batches = 0;
    let calls = 0;
    for (;;) {
      const page = await this.store.read.security.batches(after, pageSize);
      for (const b of page) {
        const rows = await this.store.read.security.callsOfBatch(b.id);
        const brk = (reason: string) => ({ ok: false, batches, calls, head: prev, firstBreak: { batchId: b.id, reason } });
        if (b.prevDigest !== prev) return brk("batch does not link to the previous batch");
        if (rows.length !== b.calls) return brk(`batch says ${b.calls} calls, ${rows.length} found`);
        if (batchDigest(prev, rows) !== b.digest) return brk("calls do not match the batch digest");
        prev = b.digest;
        batches++;
        calls += rows.length;
      }
      if (page.length < pageSize) break;
      after = page[page.length - 1]!.id;
    }
    return { ok: true, batches, calls, head: prev, firstBreak: null };
  }

  /** Anchors unanchored batch digests in the audit chain (scheduler job, inside its transaction). */
  static async anchor(repos: Parameters<Parameters<Store["tx"]>[0]>[0], audit: AuditService): Promise<CallBatch[]> {
    const open = await repos.security.unanchoredBatches(10_000);
    if (!open.length) return [];
    const last = open[open.length - 1]!;
    const entry = await audit.record(repos.audit, {
      actor: "system:security",
      action: "security.calls.anchored",
      subject: `batches ${open[0]!.id}..${last.id}`,
      payload: { fromBatch: open[0]!.id, toBatch: last.id, calls: open.reduce((n, b) => n + b.calls, 0), headDigest: last.digest },
    });
    await repos.security.markAnchored(
      open.map((b) => b.id),
      entry.seq,
    );
    return open;
  }
}
