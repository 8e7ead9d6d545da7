/**
 * Builds this node's identity, the leader lease and its controller, and the
 * lease the scheduler loop ticks under: with failover on, the scheduler
 * follows the leader (singleton duties run on the primary only); with it off,
 * the loop keeps its own "scheduler" lease as before.
 */
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Clock } from "../../app/clock.js";
import type { Config } from "../../app/config.js";
import { newToken } from "../../shared/ids.js";
import type { Store } from "../../storage/store.js";
import type { AuditService } from "../audit.service.js";
import { LeaderLease, type HeldLease } from "../scheduler/leader-lease.js";
import { LeaderController, type ControllerHooks } from "./leader-controller.js";

export const LEADER_LEASE = "leader";

/** The scheduler's view of leadership: held exactly while the controller is primary; never writes the lease itself. */
class FollowerLease extends LeaderLease {
  constructor(
    store: Store,
    clock: Clock,
    private readonly controller: () => LeaderController,
  ) {
    super(store, clock, { name: LEADER_LEASE });
  }

  override async acquire(): Promise<HeldLease | null> {
    const c = this.controller();
    const epoch = c.epoch;
    return c.isLeader() && epoch !== null ? { epoch, expiresAt: new Date(8.64e15) } : null;
  }

  override async release(): Promise<void> {}
}

export interface Cluster {
  nodeId: string;
  controller: LeaderController;
  schedulerLease: LeaderLease;
}

export function createCluster(d: { config: Config; store: Store; audit: AuditService; clock: Clock; log: Logger; url: string; version: string; hooks: ControllerHooks }): Cluster {
  const host = hostname();
  const nodeId = `${host}:${d.config.port}/${process.pid}/${newToken(4)}`;
  const ttlMs = d.config.leaderLeaseSeconds * 1000;
  const lease = new LeaderLease(d.store, d.clock, { name: LEADER_LEASE, ttlMs, holder: nodeId });
  const controller = new LeaderController(
    d.store,
    d.audit,
    d.clock,
    lease,
    {
      enabled: d.config.issuanceFailover,
      nodeId,
      hostname: host,
      pid: process.pid,
      url: d.url,
      version: d.version,
      beatMs: Math.max(200, Math.floor(ttlMs / 5)),
      marginMs: Math.floor(ttlMs / 4),
      stepDownFailures: d.config.leaderStepDownFailures,
      // Two lease lengths: a standby has beaten several times and holds the lease by then.
      rejoinHoldOffMs: 2 * ttlMs,
    },
    d.hooks,
    d.log,
  );
  const schedulerLease = d.config.issuanceFailover ? new FollowerLease(d.store, d.clock, () => controller) : new LeaderLease(d.store, d.clock, { name: "scheduler" });
  return { nodeId, controller, schedulerLease };
}
