/**
 * Primary/standby for issuance (seed §3.1). With failover on, every node
 * competes for one leader lease ("leader", fencing epoch in leader_lease):
 * the holder is the primary — it signs certificates, CRLs, OCSP responses and
 * time-stamps and runs the scheduler's singleton duties; the others are
 * standbys that answer signing requests with OPS_NOT_LEADER (503, retry) and
 * keep trying for the lease. When the primary dies its lease runs out
 * (leaderLeaseSeconds) and a standby takes it with the next epoch: promotion
 * is automatic and audit-logged, and the new primary first signs what the
 * old one left recorded-but-unsigned. A primary whose critical probes (key
 * store test signature every beat, CA issuance round trip as scheduled) fail
 * `stepDownFailures` times in a row steps down — stops signing at once,
 * releases the lease, audit-logged — and does not compete again until its
 * probes pass and a hold-off has passed (leader-fitness.ts), so a healthy
 * standby takes over.
 *
 * No split brain: a node signs only while its lease has more than a safety
 * margin left by its own clock, every PKI write transaction re-checks the
 * lease and epoch in the database (fencedStore), and serials / CRL numbers
 * come from unique keys and UPDATE … RETURNING.
 *
 * With failover off (one node, the default) the node is always the primary.
 */
import type { Logger } from "pino";
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import type { AuditService } from "../audit.service.js";
import type { HeldLease, LeaderLease } from "../scheduler/leader-lease.js";
import type { NodeRecord, NodeRole } from "./cluster.ports.js";
import { FIT, mayLead, observe, probation, reconsider, type CheckOutcome, type FitnessAction, type FitnessState } from "./leader-fitness.js";

export interface ControllerOptions {
  enabled: boolean;
  nodeId: string;
  hostname: string;
  pid: number;
  url: string;
  version: string;
  /** Beat interval (acquire/renew, self-check, heartbeat). */
  beatMs: number;
  /** Stop signing this long before the lease runs out (clock skew, slow beats). */
  marginMs: number;
  /** Consecutive failures of one critical probe on this node before it steps down. */
  stepDownFailures: number;
  /** After stepping down, do not compete for the lease again for this long. */
  rejoinHoldOffMs: number;
}

export interface ControllerHooks {
  /** The node's own signing ability (key store / HSM test signature). */
  selfCheck(now: Date): Promise<{ ok: boolean; detail: string }>;
  /** Runs once after each promotion (as primary, fenced): resume pending issuance, refresh CRLs. */
  onPromoted(epoch: number): Promise<void>;
}

export class LeaderController {
  private held: HeldLease | null = null;
  readonly startedAt: Date;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private lastCheck: { ok: boolean; detail: string } = { ok: true, detail: "not checked yet" };
  private fitness: FitnessState = FIT;
  /** Fitness changes not yet acted on (release, audit): the next beat does. */
  private readonly fitnessEvents: NonNullable<FitnessAction>[] = [];

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    readonly lease: LeaderLease,
    readonly opts: ControllerOptions,
    private readonly hooks: ControllerHooks,
    private readonly log?: Pick<Logger, "info" | "warn" | "error">,
  ) {
    this.startedAt = clock.now();
  }

  get enabled(): boolean {
    return this.opts.enabled;
  }

  /** May this node sign now? Always with failover off; never while stepped down. */
  isLeader(): boolean {
    if (!this.opts.enabled) return true;
    return this.held !== null && mayLead(this.fitness) && this.held.expiresAt.getTime() - this.clock.now().getTime() > this.opts.marginMs;
  }

  private get fitnessPolicy() {
    return { failuresBeforeStepDown: this.opts.stepDownFailures, holdOffMs: this.opts.rejoinHoldOffMs };
  }

  /**
   * An outcome of a critical probe on this node (the scheduled probes report
   * here). A step-down takes effect for signing at once; the next beat
   * releases the lease and writes the audit entry.
   */
  observe(check: string, out: CheckOutcome, at: Date = this.clock.now()): void {
    if (!this.opts.enabled) return;
    const r = observe(this.fitness, check, out, at, this.fitnessPolicy);
    this.fitness = r.state;
    if (r.action) this.fitnessEvents.push(r.action);
  }

  /** Stepped down (and why), and checks on probation (failed, only re-testable as primary). */
  get fitnessStatus(): { steppedDown: { at: Date; check: string; failures: number; detail: string } | null; probation: string[] } {
    return { steppedDown: this.fitness.down, probation: probation(this.fitness, this.fitnessPolicy) };
  }

  role(): NodeRole {
    return this.isLeader() ? "leader" : "standby";
  }

  get epoch(): number | null {
    return this.opts.enabled ? (this.held?.epoch ?? null) : null;
  }

  get selfCheck(): { ok: boolean; detail: string } {
    return this.lastCheck;
  }

  /** Throws OPS_NOT_LEADER (503, retry after 1 s) unless this node may sign. */
  assertLeader(): void {
    if (!this.isLeader()) throw new AppError("OPS_NOT_LEADER", { detail: `node ${this.opts.nodeId}`, extra: { retryAfter: 1 } });
  }

  /** One beat: self-check, take or renew the lease (or step down), heartbeat. Never throws. */
  async beat(): Promise<void> {
    const now = this.clock.now();
    try {
      if (this.opts.enabled) await this.elect(now);
    } catch (e) {
      this.log?.error({ err: e }, "leader election beat failed");
      if (this.held && this.held.expiresAt <= this.clock.now()) this.held = null;
    }
    try {
      await this.store.tx((r) => r.nodes.upsert(this.record(now, this.role())));
    } catch (e) {
      this.log?.warn({ err: e }, "node heartbeat not written");
    }
  }

  /** Acts on fitness changes: a step-down releases the lease; both are audit-logged. */
  private async applyFitness(): Promise<void> {
    for (const a of this.fitnessEvents.splice(0)) {
      const actor = `system:node:${this.opts.nodeId}`;
      const subject = `node:${this.opts.nodeId}`;
      if (a.kind === "step-down") {
        const epoch = this.held?.epoch ?? null;
        if (this.held) {
          this.held = null;
          await this.lease.release();
        }
        await this.store.tx((r) =>
          this.audit.record(r.audit, { actor, action: "ops.leader.stepped-down", subject, payload: { epoch, wasLeader: epoch !== null, check: a.down.check, failures: a.down.failures, reason: a.down.detail.slice(0, 500) } }),
        );
        this.log?.warn({ epoch, check: a.down.check, failures: a.down.failures, reason: a.down.detail }, "stepped down: critical probe failing");
      } else {
        await this.store.tx((r) =>
          this.audit.record(r.audit, { actor, action: "ops.leader.rejoined", subject, payload: { check: a.down.check, downForMs: a.downForMs, probation: a.probation } }),
        );
        this.log?.info({ check: a.down.check, downForMs: a.downForMs, probation: a.probation }, "probes pass again: competing for the leader lease");
      }
    }
    if (!mayLead(this.fitness) && this.held) {
      this.held = null;
      await this.lease.release();
    }
  }

  private async elect(now: Date): Promise<void> {
    this.lastCheck = await this.hooks.selfCheck(now).catch((e: unknown) => ({ ok: false, detail: (e as Error).message }));
    this.observe("keystore.sign", this.lastCheck, now);
    const r = reconsider(this.fitness, now, this.fitnessPolicy);
    this.fitness = r.state;
    if (r.action) this.fitnessEvents.push(r.action);
    await this.applyFitness();
    if (!mayLead(this.fitness)) return;
    const before = this.held ? null : await this.lease.current();
    const h = await this.lease.acquire();
    const promoted = h !== null && (this.held === null || this.held.epoch !== h.epoch);
    if (!h && this.held) this.log?.warn({ epoch: this.held.epoch }, "lost the leader lease");
    this.held = h;
    if (promoted) {
      const previous = before && before.holder !== this.lease.holder ? { holder: before.holder, epoch: before.epoch, expiredAt: before.expiresAt.toISOString() } : null;
      await this.fenced().tx((r) =>
        this.audit.record(r.audit, {
          actor: `system:node:${this.opts.nodeId}`,
          action: "ops.leader.promoted",
          subject: `node:${this.opts.nodeId}`,
          payload: { epoch: h.epoch, url: this.opts.url, previous, reason: previous ? "the previous primary's lease ran out or was released" : "first primary" },
        }),
      );
      this.log?.info({ epoch: h.epoch, previous }, "promoted to primary");
      await this.hooks.onPromoted(h.epoch).catch((e: unknown) => this.log?.error({ err: e }, "after-promotion duties failed"));
      await this.applyFitness(); // a probe re-run on promotion (probation) may have failed
    }
  }

  private record(now: Date, role: NodeRole): NodeRecord {
    return {
      id: this.opts.nodeId,
      hostname: this.opts.hostname,
      pid: this.opts.pid,
      url: this.opts.url,
      version: this.opts.version,
      role,
      epoch: role === "leader" ? this.epoch : null,
      startedAt: this.startedAt,
      heartbeatAt: now,
      stoppedAt: role === "stopped" ? now : null,
    };
  }

  /**
   * A Store whose transactions first check, in the database, that this node
   * still holds the lease at its epoch (fencing for every PKI write).
   */
  fenced(): Store {
    if (!this.opts.enabled) return this.store;
    return {
      read: this.store.read,
      tx: (fn) =>
        this.store.tx(async (r) => {
          const epoch = this.held?.epoch;
          if (epoch === undefined || !this.isLeader()) this.assertLeader();
          try {
            await this.lease.assertHeld(r, epoch!);
          } catch (e) {
            throw new AppError("OPS_NOT_LEADER", { detail: `node ${this.opts.nodeId} lost the lease at epoch ${epoch}: ${(e as AppError).detail ?? ""}`, extra: { retryAfter: 1 } });
          }
          return fn(r);
        }),
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.beat().finally(() => {
        this.running = null;
        this.schedule(this.opts.beatMs);
      });
    }, delay);
    this.timer.unref();
  }

  /** Stops beating, gives the lease up (a standby takes over at once) and marks the node stopped. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    if (this.held) {
      this.held = null;
      await this.lease.release().catch(() => undefined);
    }
    await this.store.tx((r) => r.nodes.upsert(this.record(this.clock.now(), "stopped"))).catch(() => undefined);
  }
}
