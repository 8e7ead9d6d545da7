/**
 * The ops dashboard's API on a real system (CA demo data, real probes, real
 * security-service calls, a real backup and its verification): the overview
 * shows this node as the leader with its heartbeat, every probe's last
 * latency, the backup with who verified it, the audit anchor and its state,
 * and security-service calls by function and errors by code; the recent
 * probe history grows when a probe runs; the cluster view; bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/app/clock.js";
import { seedPkiDemo } from "../../src/app/demo-seed-pki.js";
import { login, startTestSystem, TEST_PASSWORD, type TestSystem } from "../helpers/app.js";

const SLOW = 300_000;

interface Overview {
  node: string;
  probes: { id: string; status: string; lastAt: string | null; lastLatencyMs: number | null }[];
  cluster: { failover: boolean; leaders: number; lease: unknown; nodes: { id: string; state: string; self: boolean; heartbeatAt: string | null }[] };
  backups: { latest: { id: string; verifyOk: boolean | null; verifiedBy: string | null; createdBy: string } | null; latestVerified: { id: string; verifiedBy: string | null } | null };
  audit: { headSeq: number; anchors: number; lastAnchor: { seq: number; tsaSerial: number; by: string } | null; anchorState: string };
  security: { calls: number; errors: number; errorRate: number; byFunction: { fn: string; calls: number; errors: number }[]; byCode: { code: string; calls: number; functions: string[] }[]; unwritten: number };
}

describe("ops dashboard API", () => {
  let s: TestSystem;
  let h: Record<string, string>;
  const overview = async () => {
    const r = await s.app.inject({ method: "GET", url: "/api/ops/overview", headers: h });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Overview;
  };

  beforeAll(async () => {
    s = await startTestSystem();
    await seedPkiDemo(s.c.pki);
    await s.c.staff.create({ username: "ops1", displayName: "运维", roles: ["ops"], password: TEST_PASSWORD }, "system:test");
    const ops = await login(s.app, "ops1");
    h = { cookie: ops.cookie, "x-csrf-token": ops.csrf };
  }, SLOW);
  afterAll(() => s?.close());

  it("single node, failover off: this node is the one leader, registered by its heartbeat", async () => {
    const before = await overview();
    // Not registered yet (no beat in this test system): the node answering is still shown, as leader.
    expect(before.cluster.nodes).toEqual([expect.objectContaining({ id: before.node, state: "leader", self: true, heartbeatAt: null })]);
    await s.c.cluster.beat();
    const ov = await overview();
    expect(ov.cluster).toMatchObject({ failover: false, leaders: 1, lease: null });
    expect(ov.cluster.nodes).toEqual([expect.objectContaining({ id: ov.node, state: "leader", self: true, heartbeatAt: s.clock.now().toISOString() })]);
    const c = await s.app.inject({ method: "GET", url: "/api/ops/cluster", headers: h });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toEqual(ov.cluster);
  });

  it("probes: last run and latency on the overview; the recent history per probe grows by one when a probe runs", async () => {
    const pending = await overview();
    expect(pending.probes.every((p) => p.lastAt === null && p.lastLatencyMs === null)).toBe(true);
    for (const p of s.c.health.probes) await s.c.health.runNow(p.id);
    s.clock.advance(MINUTE);
    await s.c.health.runNow("db.latency");
    const ov = await overview();
    const db = ov.probes.find((p) => p.id === "db.latency")!;
    expect(db.status).toBe("ok");
    expect(db.lastAt).toBe(s.clock.now().toISOString());
    expect(db.lastLatencyMs).toBeGreaterThanOrEqual(0);
    expect(ov.probes.filter((p) => p.id !== "mail.relay").every((p) => p.status === "ok" && typeof p.lastLatencyMs === "number")).toBe(true);

    const recent = async (q = "") => {
      const r = await s.app.inject({ method: "GET", url: `/api/ops/probes/recent${q}`, headers: h });
      expect(r.statusCode, r.body).toBe(200);
      return new Map((r.json() as { items: { probe: string; results: { at: string; ok: boolean }[] }[] }).items.map((i) => [i.probe, i.results]));
    };
    const r1 = await recent();
    expect([...r1.keys()]).toEqual(s.c.health.probes.map((p) => p.id));
    expect(r1.get("db.latency")).toHaveLength(2);
    expect(r1.get("mail.relay")).toHaveLength(0); // skipped runs leave no history
    expect(r1.get("ca.issue")).toHaveLength(1);
    const run = await s.app.inject({ method: "POST", url: "/api/ops/probes/db.latency/run", headers: h, payload: {} });
    expect(run.statusCode, run.body).toBe(200);
    const r2 = await recent();
    expect(r2.get("db.latency")).toHaveLength(3);
    const times = r2.get("db.latency")!.map((x) => x.at);
    expect([...times].sort()).toEqual(times); // oldest first
    // The limit keeps the newest.
    const last2 = (await recent("?limit=2")).get("db.latency")!;
    expect(last2.map((x) => x.at)).toEqual(times.slice(-2));
  }, SLOW);

  it("security-service statistics: calls by function, errors by code, from the call log", async () => {
    const cert = (await s.c.pki.ca.find({ subject: "CN=trade.csgtzy.example.cn", limit: 1 }))[0]!;
    const b64 = Buffer.from(cert.certDer!).toString("base64");
    for (let i = 0; i < 3; i++) {
      const ok = await s.app.inject({ method: "POST", url: "/api/security/validate", headers: h, payload: { certificate: b64 } });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const bad = await s.app.inject({ method: "POST", url: "/api/security/verify", headers: h, payload: { cms: Buffer.from("not a CMS").toString("base64") } });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    const badCode = (bad.json() as { code: string }).code;
    const unknown = await s.app.inject({ method: "POST", url: "/api/security/teleport", headers: h, payload: {} });
    expect(unknown.json()).toMatchObject({ code: "SEC_FUNCTION_UNKNOWN" });

    const sec = (await overview()).security;
    expect(sec.unwritten).toBe(0);
    expect(sec.byFunction.find((f) => f.fn === "validate")).toMatchObject({ calls: 3 });
    expect(sec.byCode.find((c) => c.code === "SEC_FUNCTION_UNKNOWN")).toEqual({ code: "SEC_FUNCTION_UNKNOWN", calls: 1, functions: ["unknown"] });
    expect(sec.byCode.find((c) => c.code === badCode)?.calls).toBeGreaterThanOrEqual(1);
    expect(sec.errors).toBe(sec.byCode.filter((c) => c.code !== "OK").reduce((n, c) => n + c.calls, 0));
    expect(sec.calls).toBe(sec.byFunction.reduce((n, f) => n + f.calls, 0));
    expect(sec.errorRate).toBeCloseTo(sec.errors / sec.calls);
    // Error codes are listed before OK.
    expect(sec.byCode.at(-1)?.code).toBe("OK");
  });

  it("audit anchor: none, then current after anchoring, pending once the chain moves on", async () => {
    const a0 = (await overview()).audit;
    expect(a0.headSeq).toBeGreaterThan(0);
    expect(a0.anchors).toBe(0);
    expect(a0.anchorState).toBe("none");
    await s.c.anchors.anchor("staff:ops1");
    const a1 = (await overview()).audit;
    expect(a1.anchors).toBe(1);
    // Anchoring writes its own audit entry after the anchored head.
    expect(a1.lastAnchor).toMatchObject({ seq: a0.headSeq, by: "staff:ops1" });
    expect(a1.lastAnchor!.tsaSerial).toBeGreaterThan(0);
    expect(a1.anchorState).toBe(a1.headSeq === a1.lastAnchor!.seq ? "current" : "pending");
  });

  it("backup made and verified from the dashboard: who verified it comes from the audit log", async () => {
    const made = await s.app.inject({ method: "POST", url: "/api/ops/backups", headers: h, payload: {} });
    expect(made.statusCode, made.body).toBe(200);
    const id = (made.json() as { id: string }).id;
    const b0 = (await overview()).backups;
    expect(b0.latest).toMatchObject({ id, verifyOk: null, verifiedBy: null, createdBy: "staff:ops1" });
    expect(b0.latestVerified).toBeNull();
    const ver = await s.app.inject({ method: "POST", url: `/api/ops/backups/${id}/verify`, headers: h, payload: {} });
    expect(ver.statusCode, ver.body).toBe(200);
    expect(ver.json()).toMatchObject({ id, verifyOk: true, verifiedBy: "staff:ops1" });
    const b1 = (await overview()).backups;
    expect(b1.latest).toMatchObject({ id, verifyOk: true, verifiedBy: "staff:ops1" });
    expect(b1.latestVerified).toMatchObject({ id, verifiedBy: "staff:ops1" });
  }, SLOW);

  it("bad input: out-of-range history limit is a validation error; non-ops staff are refused", async () => {
    const r = await s.app.inject({ method: "GET", url: "/api/ops/probes/recent?limit=0", headers: h });
    expect(r.statusCode).toBe(400);
    expect((r.json() as { code: string }).code).toBe("VALIDATION_FAILED");
    await s.c.staff.create({ username: "desk1", displayName: "客服", roles: ["service_desk"], password: TEST_PASSWORD }, "system:test");
    const desk = await login(s.app, "desk1");
    for (const url of ["/api/ops/overview", "/api/ops/cluster", "/api/ops/probes/recent"]) {
      const x = await s.app.inject({ method: "GET", url, headers: { cookie: desk.cookie } });
      expect(x.statusCode, url).toBe(403);
    }
  });
});
