/**
 * A leader lease for singleton duties (one CRL issuer, one failover
 * controller, one scheduler ticker…). A row in `leader_lease` names the
 * holder and when its lease ends, on the injected clock; the holder renews it
 * well before then. Each change of hands increments the fencing epoch: a
 * duty that writes under the lease checks the epoch in the same transaction
 * (`assertHeld`), so an ex-leader that stalled past its lease cannot write.
 *
 *   const lease = new LeaderLease(store, clock, { name: "pki.crl-issuer", ttlMs: 30_000 });
 *   const held = await lease.acquire();          // null when another node holds it
 *   if (held) await store.tx(async (r) => {
 *     await lease.assertHeld(r, held.epoch);     // throws SCHEDULER_LEASE_LOST
 *     …
 *   });
 *   await lease.release();                       // on shutdown
 */
import { hostname } from "node:os";
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import { newToken } from "../../shared/ids.js";
import type { Repos, Store } from "../../storage/store.js";
import type { LeaseRecord } from "./scheduler.ports.js";

export interface LeaseOptions {
  name: string;
  /** Lease length (default 15 s); renew at least every ttl/3. */
  ttlMs?: number;
  holder?: string;
}

export interface HeldLease {
  epoch: number;
  expiresAt: Date;
}

export class LeaderLease {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
  private held: HeldLease | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    opts: LeaseOptions,
  ) {
    this.name = opts.name;
    this.holder = opts.holder ?? `${hostname()}/${process.pid}/${newToken(6)}`;
    this.ttlMs = opts.ttlMs ?? 15_000;
  }

  /** Takes the lease if it is free or expired, renews it if held. Null when another holder has it. */
  async acquire(): Promise<HeldLease | null> {
    const now = this.clock.now();
    const rec = await this.store.tx((r) => r.leases.tryAcquire(this.name, this.holder, now, new Date(now.getTime() + this.ttlMs)));
    this.held = rec.holder === this.holder && rec.expiresAt > now ? { epoch: rec.epoch, expiresAt: rec.expiresAt } : null;
    return this.held;
  }

  /** Extends a lease this instance holds; null (and not held) if it was lost meanwhile. */
  async renew(): Promise<HeldLease | null> {
    if (!this.held) return null;
    // A changed epoch means someone else held it in between: callers must use the new one.
    return this.acquire();
  }

  /** Gives the lease up now so another node can take it without waiting for expiry. */
  async release(): Promise<void> {
    if (!this.held) return;
    const epoch = this.held.epoch;
    this.held = null;
    await this.store.tx((r) => r.leases.release(this.name, this.holder, epoch, this.clock.now()));
  }

  /** Whether this instance believes it holds the lease now (by its last acquire/renew). */
  isHeld(): boolean {
    return this.held !== null && this.held.expiresAt > this.clock.now();
  }

  get epoch(): number | null {
    return this.held?.epoch ?? null;
  }

  /** Inside a transaction: throws SCHEDULER_LEASE_LOST unless this instance still holds the lease at `epoch`. */
  async assertHeld(repos: Repos, epoch: number): Promise<void> {
    const rec = await repos.leases.get(this.name);
    if (!rec || rec.holder !== this.holder || rec.epoch !== epoch || rec.expiresAt <= this.clock.now()) {
      throw new AppError("SCHEDULER_LEASE_LOST", { detail: `${this.name}: ${describe(rec)}` });
    }
  }

  /** The lease row as stored (for status pages). */
  current(): Promise<LeaseRecord | undefined> {
    return this.store.read.leases.get(this.name);
  }
}

function describe(rec: LeaseRecord | undefined): string {
  if (!rec) return "no lease row";
  return `held by ${rec.holder} at epoch ${rec.epoch} until ${rec.expiresAt.toISOString()}`;
}
