/**
 * The dashboard's node view with issuance failover on: two nodes on one
 * database (one process, the real lease and heartbeat rows). Each node's
 * /api/ops/cluster shows the same leader with its fencing epoch and lease,
 * the other as standby, and itself marked; when the leader stops, the standby
 * takes the lease at the next epoch and the old leader is shown stopped.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import { login, TEST_PASSWORD } from "../helpers/app.js";
import { testDatabase } from "../helpers/db.js";
import { opsSystem, type OpsSystem } from "../helpers/ops.js";

const SLOW = 300_000;

interface Cluster {
  failover: boolean;
  leaders: number;
  lease: { holder: string; epoch: number; expiresAt: string; expired: boolean } | null;
  nodes: { id: string; state: string; epoch: number | null; self: boolean; holdsLease: boolean }[];
}

describe("ops cluster view (failover on, two nodes)", () => {
  let a: OpsSystem;
  let b: OpsSystem;
  let appA: LandtradeApp;
  let appB: LandtradeApp;
  const view = async (app: LandtradeApp) => {
    const s = await login(app, "ops1");
    const r = await app.inject({ method: "GET", url: "/api/ops/cluster", headers: { cookie: s.cookie } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Cluster;
  };

  beforeAll(async () => {
    const dbh = await testDatabase();
    a = await opsSystem({ dbh, overrides: { issuanceFailover: true, leaderLeaseSeconds: 5 } });
    b = await opsSystem({ dbh, dataDir: a.dataDir, clock: a.clock, overrides: { issuanceFailover: true, leaderLeaseSeconds: 5 } });
    await a.c.staff.create({ username: "ops1", displayName: "运维", roles: ["ops"], password: TEST_PASSWORD }, "system:test");
    await a.c.cluster.beat();
    await b.c.cluster.beat();
    appA = await buildApp({ ...a.c, webDir: undefined }, { logger: pino({ level: "silent" }) });
    appB = await buildApp({ ...b.c, webDir: undefined }, { logger: pino({ level: "silent" }) });
  }, SLOW);
  afterAll(async () => {
    await appA?.close();
    await appB?.close();
    await b?.c.close();
    await a?.close();
  });

  it("both nodes show one leader with its fencing epoch and lease, the other as standby", async () => {
    const idA = a.c.cluster.opts.nodeId;
    const idB = b.c.cluster.opts.nodeId;
    const fromA = await view(appA);
    expect(fromA.failover).toBe(true);
    expect(fromA.leaders).toBe(1);
    expect(fromA.lease).toMatchObject({ holder: idA, epoch: 1, expired: false });
    expect(fromA.nodes.map((n) => [n.id, n.state, n.epoch, n.holdsLease, n.self])).toEqual([
      [idA, "leader", 1, true, true],
      [idB, "standby", null, false, false],
    ]);
    const fromB = await view(appB);
    expect(fromB.nodes.map((n) => [n.id, n.state, n.self])).toEqual([
      [idA, "leader", false],
      [idB, "standby", true],
    ]);
  });

  it("the leader stops: the standby takes the lease at the next epoch; the old leader shows as stopped", async () => {
    const idA = a.c.cluster.opts.nodeId;
    const idB = b.c.cluster.opts.nodeId;
    await a.c.cluster.stop();
    a.clock.advance(1000);
    await b.c.cluster.beat();
    const fromB = await view(appB);
    expect(fromB.leaders).toBe(1);
    expect(fromB.lease).toMatchObject({ holder: idB, epoch: 2, expired: false });
    expect(fromB.nodes.map((n) => [n.id, n.state, n.epoch, n.holdsLease])).toEqual([
      [idB, "leader", 2, true],
      [idA, "stopped", null, false],
    ]);
  });
});
