/**
 * Step-down on failing probes (issue 8 item 3: "a standby node takes over …
 * when the primary dies or its probes fail"). Two nodes in one process on
 * one database (the lease, fencing and audit are all in the database, so
 * this runs on PGlite and PostgreSQL alike): the primary's CA key becomes
 * unusable while its HSM still answers (the key-store probe passes, the CA
 * round trip fails). After `leaderStepDownFailures` (3) failed round trips
 * in a row the primary stops signing at once, releases the lease on its next
 * beat (audit-logged), the support desk has the incident, and the standby
 * takes over at its next beat — without waiting for the lease to run out —
 * and signs what the failed round trip left pending. The stepped-down node
 * does not compete during the hold-off; afterwards it rejoins on probation
 * (audit-logged): leading again, one more failed round trip puts it down at
 * once, a passing one clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPkiDemo } from "../../src/app/demo-seed-pki.js";
import type { Signer } from "../../src/pki/algs/suite.js";
import { AppError } from "../../src/shared/errors.js";
import { testDatabase } from "../helpers/db.js";
import { opsSystem, type OpsSystem } from "../helpers/ops.js";

const SLOW = 300_000;
const LEASE_S = 5;

describe("a primary whose CA round trip keeps failing steps down; a healthy standby takes over", () => {
  let a: OpsSystem;
  let b: OpsSystem;
  let realCaSigner: OpsSystem["c"]["pki"]["ca"]["caSigner"];

  /** A's CA key object is gone from its HSM: signing with it fails; the HSM (probe key) still works. */
  const breakCaKey = () => {
    realCaSigner = a.c.pki.ca.caSigner.bind(a.c.pki.ca);
    a.c.pki.ca.caSigner = async (ca) => {
      const s = await realCaSigner(ca);
      return { ...s, sign: async () => Promise.reject(new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: `CKR_OBJECT_HANDLE_INVALID: key of ${ca.id}` })) } satisfies Signer;
    };
  };
  const mendCaKey = () => {
    a.c.pki.ca.caSigner = realCaSigner;
  };

  beforeAll(async () => {
    const dbh = await testDatabase();
    const overrides = { issuanceFailover: true, leaderLeaseSeconds: LEASE_S, leaderStepDownFailures: 3, probeFailuresBeforeIncident: 2 };
    a = await opsSystem({ dbh, overrides });
    b = await opsSystem({ dbh, dataDir: a.dataDir, clock: a.clock, overrides });
    await a.c.cluster.beat();
    await seedPkiDemo(a.c.pki);
    await b.c.cluster.beat();
  }, SLOW);
  afterAll(async () => {
    await b?.c.close();
    await a?.close();
  });

  it("three failed CA round trips: A stops signing, releases the lease (audited), the desk has the incident, B takes over and signs what was left pending", async () => {
    expect([a.c.cluster.role(), b.c.cluster.role()]).toEqual(["leader", "standby"]);
    expect((await a.c.ops.health.runNow("ca.issue")).result.ok).toBe(true);
    breakCaKey();
    const r1 = await a.c.ops.health.runNow("ca.issue");
    expect(r1.result.ok).toBe(false);
    expect(r1.result.detail).toContain("PKI_KEY_STORE_UNAVAILABLE");
    await a.c.cluster.beat();
    expect((await a.c.ops.health.runNow("keystore.sign")).result.ok).toBe(true); // the HSM itself answers
    const r2 = await a.c.ops.health.runNow("ca.issue");
    expect(r2.incident).toMatchObject({ action: "open" }); // the desk's incident (probeFailuresBeforeIncident = 2)
    expect(r2.incident!.incidentNo).toBeTruthy();
    await a.c.cluster.beat();
    expect(a.c.cluster.role()).toBe("leader"); // two failures are tolerated
    await a.c.ops.health.runNow("ca.issue");
    expect(a.c.cluster.isLeader()).toBe(false); // at once, before any beat: nothing more is signed here
    expect(a.c.cluster.fitnessStatus.steppedDown).toMatchObject({ check: "ca.issue", failures: 3 });

    await a.c.cluster.beat(); // releases the lease
    const down = (await a.c.store.read.audit.list({ action: "ops.leader.stepped-down", limit: 1 }))[0]!;
    expect(down.subject).toBe(`node:${a.c.cluster.opts.nodeId}`);
    expect(down.payload).toMatchObject({ epoch: 1, wasLeader: true, check: "ca.issue", failures: 3 });
    expect(String((down.payload as { reason: string }).reason)).toContain("PKI_KEY_STORE_UNAVAILABLE");
    const pendingBefore = await a.c.store.read.pki.pendingCertificates();
    expect(pendingBefore.length).toBeGreaterThan(0); // recorded, then the CA key failed

    await b.c.cluster.beat(); // no lease expiry to wait for: it was released
    expect(b.c.cluster.role()).toBe("leader");
    expect(b.c.cluster.epoch).toBe(2);
    const promoted = (await b.c.store.read.audit.list({ action: "ops.leader.promoted", limit: 1 }))[0]!;
    expect(promoted.payload).toMatchObject({ epoch: 2, previous: { holder: a.c.cluster.opts.nodeId, epoch: 1 } }); // released, well before it would have run out
    expect(await b.c.store.read.pki.pendingCertificates()).toEqual([]); // B signed A's leftovers
    for (const p of pendingBefore) expect((await b.c.store.read.pki.certificate(p.serial))?.status).toBe("issued");
    const ok = await b.c.ops.health.runNow("ca.issue");
    expect(ok.result.ok).toBe(true);
    expect(ok.incident).toMatchObject({ action: "resolve" }); // recovery resolves the desk's incident
  });

  it("during the hold-off A does not compete even with passing probes; then it rejoins on probation (audited) and stays standby while B leads", async () => {
    mendCaKey();
    await a.c.cluster.beat();
    expect(a.c.cluster.fitnessStatus.steppedDown).not.toBeNull(); // hold-off: 2 × lease
    a.clock.advance(2 * LEASE_S * 1000);
    await b.c.cluster.beat(); // B renews as a healthy primary does
    await a.c.cluster.beat();
    expect(a.c.cluster.fitnessStatus).toEqual({ steppedDown: null, probation: ["ca.issue"] });
    const back = (await a.c.store.read.audit.list({ action: "ops.leader.rejoined", limit: 1 }))[0]!;
    expect(back.payload).toMatchObject({ check: "ca.issue", downForMs: 2 * LEASE_S * 1000, probation: ["ca.issue"] });
    expect([a.c.cluster.role(), b.c.cluster.role()]).toEqual(["standby", "leader"]); // B holds the lease
  });

  it("leading again on probation, A re-tests the round trip on promotion: still broken → down at once; mended → cleared", async () => {
    breakCaKey();
    await b.c.cluster.stop(); // B goes away (releases the lease)
    await a.c.cluster.beat(); // promoted; the promotion re-runs the CA round trip, which fails
    expect(a.c.cluster.isLeader()).toBe(false);
    expect(a.c.cluster.fitnessStatus.steppedDown).toMatchObject({ check: "ca.issue", failures: 4 });
    const downs = await a.c.store.read.audit.list({ action: "ops.leader.stepped-down", limit: 5 });
    expect(downs[0]!.payload).toMatchObject({ epoch: 3, wasLeader: true, check: "ca.issue", failures: 4 });

    mendCaKey();
    a.clock.advance(2 * LEASE_S * 1000);
    await a.c.cluster.beat(); // rejoins (hold-off over, key store fine) and, the lease being free, leads; the re-test passes
    expect(a.c.cluster.role()).toBe("leader");
    expect(a.c.cluster.fitnessStatus).toEqual({ steppedDown: null, probation: [] });
    expect((await a.c.audit.verify(a.c.store.read.audit)).ok).toBe(true);
  });
});
