/**
 * The EST client rides out a failover against a real server pair: two nodes
 * on one database (in-process; the lease and fencing live in the database),
 * the client pointed at the standby's real HTTP port. The standby answers
 * 503 OPS_NOT_LEADER with Retry-After: 1; while the client waits, the
 * primary leaves (releases the lease) and the standby is promoted; the
 * client's retry of the same enrollment (its one-time code is the
 * idempotency key) gets the certificate — no error reaches the caller, the
 * grant is consumed exactly once.
 */
import { generateKeyPairSync, sign as nodeSign } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPkiDemo } from "../../src/app/demo-seed-pki.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import type { Signer } from "../../src/pki/algs/suite.js";
import { parseCertificate } from "../../src/pki/asn1/certificate.js";
import { buildCsr } from "../../src/pki/asn1/csr-builder.js";
import { estSimpleEnroll } from "../../src/pki/est/est-client.js";
import { testDatabase } from "../helpers/db.js";
import { sleep } from "../helpers/failover-drill.js";
import { opsSystem, type OpsSystem } from "../helpers/ops.js";

function throwawaySigner(): Signer {
  const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { suite: "ecdsa-p256", spki: new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" })), sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key: kp.privateKey, dsaEncoding: "der" })) };
}

describe("EST client against a standby that is promoted while the client waits", () => {
  let a: OpsSystem;
  let b: OpsSystem;
  let appB: LandtradeApp;
  const answers: number[] = [];

  beforeAll(async () => {
    const dbh = await testDatabase();
    const overrides = { issuanceFailover: true, leaderLeaseSeconds: 5 };
    a = await opsSystem({ dbh, overrides });
    b = await opsSystem({ dbh, dataDir: a.dataDir, clock: a.clock, overrides });
    await a.c.cluster.beat();
    await seedPkiDemo(a.c.pki);
    await b.c.cluster.beat();
    appB = await buildApp({ ...b.c, webDir: undefined }, { logger: pino({ level: "silent" }) });
    appB.addHook("onResponse", async (req, reply) => {
      if (req.url.includes("simpleenroll")) answers.push(reply.statusCode);
    });
    await appB.listen({ host: "127.0.0.1", port: 0 });
  }, 300_000);
  afterAll(async () => {
    await appB?.close();
    await b?.c.close();
    await a?.close();
  });

  it("the enrollment sent to the standby succeeds after the promotion, without an error to the caller", async () => {
    expect([a.c.cluster.role(), b.c.cluster.role()]).toEqual(["leader", "standby"]);
    const g = await a.c.enrollment.grant({ id: "RETRY-1", suite: "ecdsa-p256", profile: "individual-sign", subject: [["C", "CN"], ["CN", "重试投标人"]], holder: "test:retry", actor: "staff:ra-test" });
    const csr = await buildCsr([["CN", "ignored"]], throwawaySigner());
    const addr = appB.server.address() as { port: number };
    // More attempts than the default 4 (1 s apart): the promotion below may take seconds on a loaded machine.
    const enrolling = estSimpleEnroll({ baseUrl: `http://127.0.0.1:${addr.port}`, id: g.id, code: g.code, csr, retry: { attempts: 15 } });
    for (let i = 0; i < 200 && !answers.includes(503); i++) await sleep(10);
    expect(answers).toEqual([503]); // the standby refused; the client is waiting Retry-After: 1 s
    await a.c.cluster.stop(); // the primary leaves and releases the lease
    await b.c.cluster.beat(); // the standby is promoted
    expect(b.c.cluster.role()).toBe("leader");
    const certDer = await enrolling;
    expect(answers.at(-1)).toBe(200);
    expect(answers.slice(0, -1).every((x) => x === 503)).toBe(true); // refused until the promotion, then served once
    const serial = Buffer.from(parseCertificate(certDer).tbsCertificate.serialNumber).toString("hex");
    const grant = await b.c.store.read.enrollment.grant("RETRY-1");
    expect(grant?.usedAt).not.toBeNull();
    expect(grant?.serial?.replace(/^0+/, "")).toBe(serial.replace(/^0+/, ""));
    expect((await b.c.store.read.pki.certificate(grant!.serial!))?.status).toBe("issued");
  });
});
