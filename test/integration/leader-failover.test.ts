/**
 * Primary/standby logic with two nodes in one process on one database (the
 * lease, fencing and promotion are all in the database, so this is the real
 * mechanism; the multi-process SIGKILL drill is in failover-drill.test.ts):
 * one primary at a time, standbys refuse to sign, a dead primary is replaced
 * when its lease runs out (audit-logged, next epoch), a deposed primary cannot
 * write even if it still believes it leads (fencing), a primary whose key
 * store fails three beats in a row steps down, the scheduler ticks on the primary only, and the
 * HTTP signing endpoints of a standby answer 503 with Retry-After.
 */
import { createHash } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { MessageImprint, TimeStampReq } from "@peculiar/asn1-tsp";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPkiDemo } from "../../src/app/demo-seed-pki.js";
import { buildApp } from "../../src/http/build-app.js";
import { OID } from "../../src/pki/algs/suite.js";
import { AppError } from "../../src/shared/errors.js";
import { testDatabase } from "../helpers/db.js";
import { opsSystem, type OpsSystem } from "../helpers/ops.js";

const SLOW = 300_000;

export function tsaQuery(data = "landtrade"): Uint8Array {
  const req = new TimeStampReq({
    messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256 }), hashedMessage: new OctetString(createHash("sha256").update(data).digest()) }),
    certReq: true,
  });
  return new Uint8Array(AsnConvert.serialize(req));
}

async function code(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "ok",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );
}

describe("leader lease, fencing and promotion", () => {
  let a: OpsSystem;
  let b: OpsSystem;
  const stamp = (s: OpsSystem) => s.c.pki.tsa.stamp(createHash("sha256").update(String(Math.random())).digest(), "sha256", { requestedBy: "test" });

  beforeAll(async () => {
    const dbh = await testDatabase();
    a = await opsSystem({ dbh, overrides: { issuanceFailover: true, leaderLeaseSeconds: 5 } });
    // The same database and the same (copied) key files: two nodes of one installation.
    // One clock for both "machines".
    b = await opsSystem({ dbh, dataDir: a.dataDir, clock: a.clock, overrides: { issuanceFailover: true, leaderLeaseSeconds: 5 } });
    await a.c.cluster.beat();
    await seedPkiDemo(a.c.pki);
  }, SLOW);
  afterAll(async () => {
    await b?.c.close();
    await a?.close();
  });

  it("one primary; the standby refuses to sign and the scheduler ticks on the primary only", async () => {
    await b.c.cluster.beat();
    expect(a.c.cluster.role()).toBe("leader");
    expect(b.c.cluster.role()).toBe("standby");
    expect(a.c.cluster.epoch).toBe(1);
    expect(await code(stamp(a))).toBe("ok");
    expect(await code(stamp(b))).toBe("OPS_NOT_LEADER");
    expect(await b.c.schedulerLoop.beat()).toBeNull();
    expect(await a.c.schedulerLoop.beat()).not.toBeNull();
    const promoted = await a.c.store.read.audit.list({ action: "ops.leader.promoted", limit: 5 });
    expect(promoted).toHaveLength(1);
    expect(promoted[0]!.payload).toMatchObject({ epoch: 1, previous: null });
    const nodes = await a.c.store.read.nodes.list();
    expect(nodes.map((n) => n.role).sort()).toEqual(["leader", "standby"]);
  });

  it("the standby answers signing requests over HTTP with 503 OPS_NOT_LEADER and Retry-After; the primary serves them", async () => {
    const appA = await buildApp({ ...a.c, webDir: undefined }, { logger: pino({ level: "silent" }) });
    const appB = await buildApp({ ...b.c, webDir: undefined }, { logger: pino({ level: "silent" }) });
    try {
      const req = { method: "POST" as const, url: "/pki/tsa", headers: { "content-type": "application/timestamp-query" }, payload: Buffer.from(tsaQuery()) };
      const rb = await appB.inject(req);
      expect(rb.statusCode).toBe(503);
      expect(rb.headers["retry-after"]).toBe("1");
      expect(rb.json().code).toBe("OPS_NOT_LEADER");
      const ra = await appA.inject(req);
      expect(ra.statusCode).toBe(200);
      expect(ra.headers["content-type"]).toBe("application/timestamp-reply");
      // Reading is fine anywhere.
      expect((await appB.inject({ method: "GET", url: "/pki/crl/ecdsa-p256-sub.crl" })).statusCode).toBe(200);
    } finally {
      await appA.close();
      await appB.close();
    }
  });

  it("a dead primary (no more beats) is replaced when its lease runs out; the promotion is audit-logged with the next epoch", async () => {
    a.clock.advance(4_000);
    await b.c.cluster.beat();
    expect(b.c.cluster.role()).toBe("standby"); // the lease has not run out yet
    a.clock.advance(1_500);
    await b.c.cluster.beat();
    expect(b.c.cluster.role()).toBe("leader");
    expect(b.c.cluster.epoch).toBe(2);
    expect(a.c.cluster.isLeader()).toBe(false); // its own clock says its lease is gone
    expect(await code(stamp(b))).toBe("ok");
    expect(await code(stamp(a))).toBe("OPS_NOT_LEADER");
    const promoted = (await a.c.store.read.audit.list({ action: "ops.leader.promoted", limit: 1 }))[0]!;
    expect(promoted.subject).toBe(`node:${b.c.cluster.opts.nodeId}`);
    expect(promoted.payload).toMatchObject({ epoch: 2, previous: { holder: a.c.cluster.opts.nodeId, epoch: 1 } });
  });

  it("fencing: a node that believes it still leads cannot write once the lease moved on in the database", async () => {
    await b.c.cluster.beat();
    expect(b.c.cluster.isLeader()).toBe(true);
    const crlCount = async () => (await sql<{ n: number }>`select count(*)::int as n from pki_crl`.execute(b.dbh.db)).rows[0]!.n;
    expect(await code(b.c.pki.crl.issueNow(["ecdsa-p256-sub"], "test"))).toBe("ok");
    // Someone else takes the lease behind b's back (as after a long pause of b).
    await sql`update leader_lease set holder = 'intruder', epoch = epoch + 1 where name = 'leader'`.execute(b.dbh.db);
    try {
      expect(b.c.cluster.isLeader()).toBe(true); // b's belief, until its next beat
      const before = await crlCount();
      expect(await code(b.c.pki.crl.issueNow(["ecdsa-p256-sub"], "test"))).toBe("OPS_NOT_LEADER");
      expect(await crlCount()).toBe(before); // no CRL number taken, nothing signed and stored
    } finally {
      await sql`update leader_lease set holder = ${b.c.cluster.opts.nodeId}, epoch = epoch - 1 where name = 'leader'`.execute(b.dbh.db);
    }
  });

  it("a primary whose key store fails steps down, and a healthy standby takes over", async () => {
    await a.c.cluster.beat();
    expect(a.c.cluster.role()).toBe("standby");
    const keys = b.c.pki.keys;
    const real = keys.signer.bind(keys);
    keys.signer = async () => {
      throw new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: "HSM not answering" });
    };
    try {
      // Two failed self-checks in a row are tolerated (leaderStepDownFailures = 3); the third steps down.
      await b.c.cluster.beat();
      await b.c.cluster.beat();
      expect(b.c.cluster.role()).toBe("leader");
      await b.c.cluster.beat();
      expect(b.c.cluster.role()).toBe("standby");
      expect(b.c.cluster.fitnessStatus.steppedDown).toMatchObject({ check: "keystore.sign", failures: 3 });
      await a.c.cluster.beat();
      expect(a.c.cluster.role()).toBe("leader");
      expect(a.c.cluster.epoch).toBe(3);
      await b.c.cluster.beat(); // still failing: it does not compete
      expect(b.c.cluster.role()).toBe("standby");
    } finally {
      keys.signer = real;
    }
    const down = (await a.c.store.read.audit.list({ action: "ops.leader.stepped-down", limit: 1 }))[0]!;
    expect(down.payload).toMatchObject({ epoch: 2, wasLeader: true, check: "keystore.sign", failures: 3 });
    expect(String((down.payload as { reason: string }).reason)).toContain("PKI_KEY_STORE_UNAVAILABLE");
    // The audit chain holds together through all of it.
    expect((await a.c.audit.verify(a.c.store.read.audit)).ok).toBe(true);
  });
});
