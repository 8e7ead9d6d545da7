import { describe, expect, it } from "vitest";
import type { NodeRecord } from "./cluster.ports.js";
import { clusterView, type ClusterViewInput, type SelfNode } from "./cluster-view.js";

const T0 = new Date("2026-03-02T01:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

function node(id: string, role: NodeRecord["role"], heartbeatMs: number, epoch: number | null = null): NodeRecord {
  return { id, hostname: "h", pid: 1, url: `http://${id}`, version: "0.1.0", role, epoch, startedAt: T0, heartbeatAt: at(heartbeatMs), stoppedAt: role === "stopped" ? at(heartbeatMs) : null };
}

const self = (id: string, role: SelfNode["role"], epoch: number | null): SelfNode => ({ id, hostname: "h", pid: 1, url: `http://${id}`, version: "0.1.0", role, epoch, startedAt: T0 });

const base = (over: Partial<ClusterViewInput>): ClusterViewInput => ({
  now: at(10_000),
  failover: true,
  nodes: [],
  lease: undefined,
  self: self("b", "standby", null),
  silentAfterMs: 15_000,
  ...over,
});

describe("clusterView", () => {
  it("a primary and a standby: the leader first, with the lease it holds and its fencing epoch", () => {
    const v = clusterView(
      base({
        nodes: [node("b", "standby", 9_000), node("a", "leader", 9_500, 7)],
        lease: { name: "leader", holder: "a", epoch: 7, acquiredAt: T0, expiresAt: at(14_000) },
      }),
    );
    expect(v.nodes.map((n) => [n.id, n.state, n.epoch, n.holdsLease, n.self])).toEqual([
      ["a", "leader", 7, true, false],
      ["b", "standby", null, false, true],
    ]);
    expect(v.leaders).toBe(1);
    expect(v.lease).toMatchObject({ holder: "a", epoch: 7, expired: false });
  });

  it("a crashed leader (no heartbeat for longer than the window) is silent, not a second leader", () => {
    const v = clusterView(
      base({
        now: at(60_000),
        self: self("b", "leader", 8),
        nodes: [node("a", "leader", 1_000, 7), node("b", "leader", 59_000, 8)],
        lease: { name: "leader", holder: "b", epoch: 8, acquiredAt: at(20_000), expiresAt: at(64_000) },
      }),
    );
    expect(v.nodes.map((n) => [n.id, n.state, n.epoch, n.holdsLease])).toEqual([
      ["b", "leader", 8, true],
      ["a", "silent", null, false],
    ]);
    expect(v.leaders).toBe(1);
  });

  it("an expired lease is held by nobody; a stopped node stays stopped", () => {
    const v = clusterView(
      base({
        now: at(30_000),
        self: self("b", "standby", null),
        nodes: [node("a", "stopped", 20_000), node("b", "standby", 29_000)],
        lease: { name: "leader", holder: "a", epoch: 3, acquiredAt: T0, expiresAt: at(21_000) },
      }),
    );
    expect(v.lease?.expired).toBe(true);
    expect(v.nodes.map((n) => [n.id, n.state, n.holdsLease])).toEqual([
      ["b", "standby", false],
      ["a", "stopped", false],
    ]);
    expect(v.leaders).toBe(0);
  });

  it("single node with failover off and no heartbeat row yet: this node is shown as the leader", () => {
    const v = clusterView(base({ failover: false, self: self("solo", "leader", null) }));
    expect(v.nodes).toHaveLength(1);
    expect(v.nodes[0]).toMatchObject({ id: "solo", state: "leader", self: true, heartbeatAt: null, holdsLease: false });
    expect(v.leaders).toBe(1);
    expect(v.lease).toBeNull();
  });

  it("this node's own role wins over its row, which may be a beat old", () => {
    const v = clusterView(base({ self: self("b", "leader", 9), nodes: [node("b", "standby", 9_900)], lease: { name: "leader", holder: "b", epoch: 9, acquiredAt: at(9_950), expiresAt: at(15_000) } }));
    expect(v.nodes[0]).toMatchObject({ id: "b", state: "leader", epoch: 9, holdsLease: true });
  });
});
