/**
 * What the ops dashboard shows about the cluster: every registered node with
 * its role as the node last reported it, whether it is still heard from, and
 * which one holds the lease (with the fencing epoch and lease expiry).
 * Pure: the registry rows, the lease row and "now" in, the view out.
 *
 * A node that reported "leader" but whose heartbeat is older than
 * `silentAfterMs` is shown as "silent", not leader: its lease has run out by
 * then (or it would still be beating), so the dashboard never shows two
 * leaders after a crash.
 */
import type { LeaseRecord } from "../scheduler/scheduler.ports.js";
import type { NodeRecord, NodeRole } from "./cluster.ports.js";

export type NodeState = "leader" | "standby" | "stopped" | "silent";

export interface NodeView {
  id: string;
  hostname: string;
  pid: number;
  url: string;
  version: string;
  state: NodeState;
  /** Fencing epoch while this node is the leader. */
  epoch: number | null;
  startedAt: Date;
  heartbeatAt: Date | null;
  /** The node answering this request. */
  self: boolean;
  /** Holds the lease row right now (holder matches and it has not expired). */
  holdsLease: boolean;
}

export interface LeaseView {
  name: string;
  holder: string;
  epoch: number;
  acquiredAt: Date;
  expiresAt: Date;
  expired: boolean;
}

export interface ClusterView {
  /** Issuance failover on: nodes compete for the "leader" lease; off: the one node always signs. */
  failover: boolean;
  lease: LeaseView | null;
  nodes: NodeView[];
  leaders: number;
}

export interface SelfNode {
  id: string;
  hostname: string;
  pid: number;
  url: string;
  version: string;
  role: NodeRole;
  epoch: number | null;
  startedAt: Date;
}

export interface ClusterViewInput {
  now: Date;
  failover: boolean;
  nodes: NodeRecord[];
  lease: LeaseRecord | undefined;
  self: SelfNode;
  /** Heartbeats older than this mark a node silent (a few beats, more than the lease). */
  silentAfterMs: number;
}

const ORDER: Record<NodeState, number> = { leader: 0, standby: 1, silent: 2, stopped: 3 };

export function clusterView(i: ClusterViewInput): ClusterView {
  const now = i.now.getTime();
  const lease: LeaseView | null = i.lease
    ? { name: i.lease.name, holder: i.lease.holder, epoch: i.lease.epoch, acquiredAt: i.lease.acquiredAt, expiresAt: i.lease.expiresAt, expired: i.lease.expiresAt.getTime() <= now }
    : null;
  const liveHolder = lease && !lease.expired ? lease.holder : null;

  const stateOf = (n: NodeRecord): NodeState => {
    if (n.role === "stopped" || n.stoppedAt) return "stopped";
    if (now - n.heartbeatAt.getTime() > i.silentAfterMs) return "silent";
    return n.role;
  };
  const nodes: NodeView[] = i.nodes.map((n) => {
    const state = stateOf(n);
    const self = n.id === i.self.id;
    return {
      id: n.id,
      hostname: n.hostname,
      pid: n.pid,
      url: n.url,
      version: n.version,
      // This node's own role is known first hand; the row may be a beat old.
      state: self && state !== "stopped" ? i.self.role : state,
      epoch: self ? i.self.epoch : state === "leader" ? n.epoch : null,
      startedAt: n.startedAt,
      heartbeatAt: n.heartbeatAt,
      self,
      holdsLease: liveHolder !== null && n.id === liveHolder,
    };
  });
  // Not registered yet (no heartbeat written): still show the node answering.
  if (!nodes.some((n) => n.self)) {
    const s = i.self;
    nodes.push({ ...s, state: s.role === "stopped" ? "stopped" : s.role, heartbeatAt: null, self: true, holdsLease: liveHolder !== null && s.id === liveHolder });
  }
  nodes.sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id));
  return { failover: i.failover, lease, nodes, leaders: nodes.filter((n) => n.state === "leader").length };
}
