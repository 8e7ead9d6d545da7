/**
 * Health probes against the real components (key store, CA, OCSP, TSA, CRLs,
 * database, security-service call log): all pass on a healthy system; a
 * failure opens one incident per component at the threshold (HSM/CA →
 * critical), a second failing probe of the same component does not resolve
 * it early, recovery resolves it; probes run as self-rescheduling scheduler
 * jobs; the ops API shows it all.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../../src/app/clock.js";
import { seedPkiDemo } from "../../src/app/demo-seed-pki.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import { PROBE_JOB } from "../../src/ops/health/health.service.js";
import { AUDIT_ANCHOR_JOB } from "../../src/ops/ops-module.js";
import type { IncidentSink } from "../../src/ops/health/health.ports.js";
import { AppError } from "../../src/shared/errors.js";
import { login, TEST_PASSWORD } from "../helpers/app.js";
import { opsSystem, type OpsSystem } from "../helpers/ops.js";

const SLOW = 300_000;

describe("health probes", () => {
  let sys: OpsSystem;
  let app: LandtradeApp;
  const calls: string[] = [];
  const sink: IncidentSink = {
    open: async (i) => {
      calls.push(`open ${i.component} ${i.severity} ${i.fault}`);
      return `INC-${calls.length}`;
    },
    resolve: async (component) => {
      calls.push(`resolve ${component}`);
      return "INC-x";
    },
  };

  beforeAll(async () => {
    sys = await opsSystem();
    await seedPkiDemo(sys.c.pki);
    sys.c.health.setIncidentSink(sink);
    await sys.c.staff.create({ username: "ops1", displayName: "运维", roles: ["ops"], password: TEST_PASSWORD }, "system:test");
    app = await buildApp({ ...sys.c, webDir: undefined }, { logger: pino({ level: "silent" }) });
  }, SLOW);
  afterAll(async () => {
    await app?.close();
    await sys?.close();
  });

  it("every probe passes against the healthy system, with a meaningful detail", async () => {
    const out: Record<string, string> = {};
    for (const p of sys.c.health.probes) {
      const r = await sys.c.health.runNow(p.id);
      // No mail relay in this system: its probe does not apply (probe-incidents.test.ts runs it against a real SMTP server).
      expect(r.state.status, `${p.id}: ${r.result.detail}`).toBe(p.id === "mail.relay" ? "skipped" : "ok");
      out[p.id] = r.result.detail;
    }
    expect(out["ca.issue"]).toMatch(/^ecdsa-p256: issued [0-9a-f]+, chains to ecdsa-p256-sub$/);
    expect(out["ocsp.answer"]).toMatch(/ecdsa-p256 good.*sm2 good/);
    expect(out["tsa.answer"]).toMatch(/token \d+ verifies/);
    expect(out["crl.fresh"]).toMatch(/^4 CRLs fresh/);
    expect(out["keystore.sign"]).toBe("file key store signed and verified");
    expect(out["db.latency"]).toMatch(/ms \(limit 1000 ms\)/);
    // The probe certificate is a real, recorded, audited issuance.
    const serial = /issued ([0-9a-f]+)/.exec(out["ca.issue"]!)![1]!;
    expect((await sys.c.pki.ca.certificate(serial))?.status).toBe("issued");
    expect(calls).toEqual([]);
  }, SLOW);

  it("a stale CRL: incident at the second failure (serious, component ca), resolved when CRLs are fresh again", async () => {
    sys.clock.advance(25 * HOUR); // past every CRL's nextUpdate
    const first = await sys.c.health.runNow("crl.fresh");
    expect(first.state.status).toBe("failing");
    expect(first.incident).toBeNull();
    const second = await sys.c.health.runNow("crl.fresh");
    expect(second.incident).toEqual({ action: "open", incidentNo: "INC-1" });
    expect(calls).toEqual(["open ca serious sw-other"]);
    const comps = await sys.c.health.components();
    expect(comps.find((c) => c.component === "ca")).toMatchObject({ state: "degraded" });

    // The key store fails too (the HSM goes away): the same component, critical.
    const keys = sys.c.pki.keys;
    const realSigner = keys.signer.bind(keys);
    keys.signer = async () => {
      throw new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: "token removed" });
    };
    try {
      await sys.c.health.runNow("keystore.sign");
      const hsm = await sys.c.health.runNow("keystore.sign");
      expect(hsm.result.detail).toContain("PKI_KEY_STORE_UNAVAILABLE");
      expect(calls.at(-1)).toBe("open ca critical hw-service-down");
      expect((await sys.c.health.components()).find((c) => c.component === "ca")!.state).toBe("outage");
      // CRLs are fresh again, but the HSM is still down: the component's incident stays open.
      await sys.c.pki.crl.refreshDue(undefined, "system:test").catch(() => undefined); // signing fails while the key store is down
    } finally {
      keys.signer = realSigner;
    }
    await sys.c.pki.crl.refreshDue(undefined, "system:test");
    const crlOk = await sys.c.health.runNow("crl.fresh");
    expect(crlOk.state.status).toBe("ok");
    expect(crlOk.incident).toBeNull(); // keystore.sign still has its incident open
    const hsmOk = await sys.c.health.runNow("keystore.sign");
    expect(hsmOk.incident).toEqual({ action: "resolve", incidentNo: "INC-x" });
    expect(calls).toEqual(["open ca serious sw-other", "open ca critical hw-service-down", "resolve ca"]);
    // Transitions are in the audit log.
    const entries = await sys.c.store.read.audit.list({ action: "ops.probe.", limit: 10 });
    expect(entries.map((e) => `${e.action} ${e.subject}`)).toEqual(
      expect.arrayContaining(["ops.probe.failing probe:crl.fresh", "ops.probe.recovered probe:crl.fresh", "ops.probe.failing probe:keystore.sign", "ops.probe.recovered probe:keystore.sign"]),
    );
  }, SLOW);

  it("runs as scheduler jobs that reschedule themselves at each probe's interval", async () => {
    await sys.c.store.tx((r) => sys.c.ops.armJobs(r));
    const now = sys.clock.now();
    const t = await sys.c.scheduler.tick(now);
    // Every probe, plus the CRL refresh duty (the audit anchor and history pruning are due later).
    expect(t.claimed).toBe(sys.c.health.probes.length + 1);
    expect(t.rescheduled).toBe(sys.c.health.probes.length + 1);
    const jobs = await sys.c.scheduler.list({ kind: PROBE_JOB, state: "open" });
    expect((await sys.c.scheduler.list({ kind: AUDIT_ANCHOR_JOB, state: "open" }))[0]!.dueAt.getTime() - now.getTime()).toBe(HOUR);
    const due = Object.fromEntries(jobs.map((j) => [j.key, j.dueAt.getTime() - now.getTime()]));
    expect(due["db.latency"]).toBe(MINUTE);
    expect(due["ca.issue"]).toBe(15 * MINUTE);
    const again = await sys.c.scheduler.tick(new Date(now.getTime() + MINUTE));
    expect(again.claimed).toBe(sys.c.health.probes.length - 2 + 1); // not the two that leave records; the CRL refresh again
  }, SLOW);

  it("the ops API: overview, history, run now, backup and verify from the running server", async () => {
    const ops = await login(app, "ops1");
    const h = { cookie: ops.cookie, "x-csrf-token": ops.csrf };
    const ov = await app.inject({ method: "GET", url: "/api/ops/overview", headers: h });
    expect(ov.statusCode, ov.body).toBe(200);
    const body = ov.json() as { components: { component: string; state: string }[]; probes: { id: string; status: string }[]; audit: { headSeq: number }; database: { kind: string } };
    expect(body.components.map((c) => c.component).sort()).toEqual(["ca", "mail", "ocsp", "security-service", "trading", "tsa"]);
    expect(body.probes.every((p) => p.status === (p.id === "mail.relay" ? "skipped" : "ok"))).toBe(true);
    const hist = await app.inject({ method: "GET", url: "/api/ops/probes/crl.fresh/history?hours=48", headers: h });
    expect((hist.json() as { items: { ok: boolean }[] }).items.map((i) => i.ok)).toEqual(expect.arrayContaining([true, false]));
    const unknown = await app.inject({ method: "POST", url: "/api/ops/probes/nope/run", headers: h, payload: {} });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("OPS_PROBE_UNKNOWN");
    const run = await app.inject({ method: "POST", url: "/api/ops/probes/db.latency/run", headers: h, payload: {} });
    expect(run.json()).toMatchObject({ status: "ok" });

    const made = await app.inject({ method: "POST", url: "/api/ops/backups", headers: h, payload: {} });
    expect(made.statusCode, made.body).toBe(200);
    const id = (made.json() as { id: string }).id;
    const ver = await app.inject({ method: "POST", url: `/api/ops/backups/${id}/verify`, headers: h, payload: {} });
    expect(ver.statusCode, ver.body).toBe(200);
    expect(ver.json()).toMatchObject({ id, verifyOk: true });
    const ov2 = (await app.inject({ method: "GET", url: "/api/ops/overview", headers: h })).json() as { backups: { latestVerified: { id: string } } };
    expect(ov2.backups.latestVerified.id).toBe(id);
  }, SLOW);
});
