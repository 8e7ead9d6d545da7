/**
 * PKI: durable issuance (CaService.issueMany in batches, and one by one) for
 * ECDSA P-256 and SM2, against raw signatures/s of the same CA key in the
 * same run; OCSP responses/s on a cached hot set (and with nonces, which
 * must be signed each time) against raw signatures/s of the OCSP key.
 * Requests' key pairs and CSRs are made off the clock, a batch at a time:
 * issuance is measured from PKCS#10 in (parse, proof of possession, lint,
 * record, audit, sign, mark issued) to certificate out.
 */
import { generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { SystemClock } from "../src/app/clock.js";
import { loadConfig } from "../src/app/config.js";
import { createContainer, type Container } from "../src/app/container.js";
import { buildApp } from "../src/http/build-app.js";
import { digestOf, SHA1_OID } from "../src/pki/algs/hash.js";
import { sm2KeyPair, Sm2SigningKey } from "../src/pki/algs/sm2.js";
import type { Signer, SuiteId } from "../src/pki/algs/suite.js";
import { sm2Spki } from "../src/pki/algs/verify.js";
import { certParts } from "../src/pki/asn1/cert-parts.js";
import { buildCsr } from "../src/pki/asn1/csr-builder.js";
import { derAlgorithm, derExplicit, derInteger, derOctetString, derOid, derSequence } from "../src/pki/asn1/der.js";
import { OCSP_OID } from "../src/pki/asn1/ocsp.js";
import { openDatabase, type DbHandle } from "../src/storage/db.js";
import { createScratchPostgres } from "../test/helpers/db.js";
import { report } from "./report.js";

function requester(suite: "ecdsa-p256" | "sm2"): Signer {
  if (suite === "sm2") {
    const kp = sm2KeyPair();
    const k = new Sm2SigningKey(kp.privateKey);
    return { suite, spki: sm2Spki(kp.publicKey), sign: async (m) => k.sign(m) };
  }
  const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { suite, spki: new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" })), sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key: kp.privateKey, dsaEncoding: "der" })) };
}

async function csrs(suite: "ecdsa-p256" | "sm2", n: number, tag: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const host = `${tag}-${i}.bench.example.cn`;
    out.push(await buildCsr([["CN", host]], requester(suite), { dnsNames: [host] }));
  }
  return out;
}

/** Calls fn until `ms` elapsed; returns units/s where fn returns the units it did. */
async function throughput(ms: number, fn: () => Promise<number>): Promise<number> {
  let units = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) units += await fn();
  return units / ((performance.now() - t0) / 1000);
}

async function rawSignRate(signer: Signer, size: number, ms: number): Promise<number> {
  const msg = new Uint8Array(size).fill(0x5a);
  for (let i = 0; i < 20; i++) await signer.sign(msg);
  return throughput(ms, async () => {
    for (let i = 0; i < 50; i++) await signer.sign(msg);
    return 50;
  });
}

function ocspRequest(issuerCert: Uint8Array, serial: string, nonce?: Uint8Array): Uint8Array {
  const p = certParts(issuerCert);
  const certId = derSequence([derAlgorithm(SHA1_OID, true), derOctetString(digestOf(SHA1_OID, p.subjectDer)!), derOctetString(digestOf(SHA1_OID, p.publicKeyBits)!), derInteger(serial)]);
  const tbs = [derSequence([derSequence([certId])])];
  if (nonce) tbs.push(derExplicit(2, derSequence([derSequence([derOid(OCSP_OID.nonce), derOctetString(derOctetString(nonce))])])));
  return derSequence([derSequence(tbs)]);
}

/** Like throughput, but only the time inside `run` counts; `prepare` (making requests) runs off the clock. */
async function timedLoop<T>(ms: number, prepare: () => Promise<T>, run: (x: T) => Promise<number>): Promise<number> {
  let units = 0;
  let spent = 0;
  while (spent < ms) {
    const x = await prepare();
    const t0 = performance.now();
    units += await run(x);
    spent += performance.now() - t0;
  }
  return units / (spent / 1000);
}

async function issuance(c: Container, label: string, suite: "ecdsa-p256" | "sm2", seconds: number): Promise<void> {
  const ms = seconds * 1000;
  const sub = await c.pki.ca.issuingCa(suite);
  const caSigner = await c.pki.ca.caSigner(sub);
  const batchSize = suite === "sm2" ? 50 : 200;
  let n = 0;
  const prepare = (k: number) => csrs(suite, k, `${label}-${suite}-${n++}`);
  const tbsSize = (await c.pki.ca.find({ caId: sub.id, limit: 1 }))[0]?.tbsDer.length ?? 400;
  const raw = await rawSignRate(caSigner, tbsSize, ms / 2);
  report({ name: `pki.${label}.${suite}.raw_sign`, value: raw, unit: "signatures/s", note: `the sub-CA key, ${tbsSize}-byte messages` });

  const req = (csr: Uint8Array) => ({ suite: suite as SuiteId, csr, profile: "server-tls", actor: "bench", via: "admin" as const });
  await c.pki.ca.issueMany((await prepare(batchSize)).map(req)); // warm-up: JIT, and the template's one full lint
  const batched = await timedLoop(ms, () => prepare(batchSize), async (pool) => (await c.pki.ca.issueMany(pool.map(req))).length);
  report({ name: `pki.${label}.${suite}.issue_batched`, value: batched, unit: "certificates/s", baseline: raw, note: `issueMany × ${batchSize}: parse + PoP + lint + record + audit + sign + mark issued, committed` });
  const single = await timedLoop(ms / 2, () => prepare(20), async (pool) => {
    for (const csr of pool) await c.pki.ca.issue(req(csr));
    return pool.length;
  });
  report({ name: `pki.${label}.${suite}.issue_single`, value: single, unit: "certificates/s", baseline: raw, note: "one issue() per certificate: its own transactions" });
}

async function ocsp(c: Container, label: string, seconds: number): Promise<void> {
  const ms = seconds * 1000;
  const subCert = (await c.pki.ca.chain("ecdsa-p256"))[0]!;
  const hot = (await c.pki.ca.find({ caId: "ecdsa-p256-sub", status: "issued", limit: 1000 })).map((x) => x.serial);
  const requests = hot.map((s) => ocspRequest(subCert, s));
  for (const r of requests) await c.pki.ocsp.respond(r); // warm
  const svc = await c.store.read.pki.serviceKey("ocsp", "ecdsa-p256");
  const raw = await rawSignRate(await c.pki.ca.signerOf(svc!.keyRef), 200, ms / 2);
  report({ name: `pki.${label}.ocsp.raw_sign`, value: raw, unit: "signatures/s", note: "the OCSP signer key, ResponseData-sized messages" });
  let i = 0;
  const cached = await throughput(ms, async () => {
    for (let k = 0; k < 200; k++) await c.pki.ocsp.respond(requests[i++ % requests.length]!);
    return 200;
  });
  report({ name: `pki.${label}.ocsp.cached`, value: cached, unit: "responses/s", baseline: raw, note: `hot set of ${requests.length} certificates, requests without nonce (RFC 5019 style), service call` });
  const nonced = hot.map((s, k) => ocspRequest(subCert, s, Uint8Array.from({ length: 16 }, (_, j) => (j * 31 + k) & 0xff)));
  const signed = await throughput(ms / 2, async () => {
    for (let k = 0; k < 100; k++) await c.pki.ocsp.respond(nonced[i++ % nonced.length]!);
    return 100;
  });
  report({ name: `pki.${label}.ocsp.nonce`, value: signed, unit: "responses/s", baseline: raw, note: "same hot set with a nonce each: status cached, response signed per request" });
  const app = await buildApp({ ...c, webDir: undefined });
  const viaHttp = await throughput(ms / 2, async () => {
    for (let k = 0; k < 50; k++) await app.inject({ method: "POST", url: "/pki/ocsp", headers: { "content-type": "application/ocsp-request" }, payload: Buffer.from(requests[i++ % requests.length]!) });
    return 50;
  });
  report({ name: `pki.${label}.ocsp.cached_http_inject`, value: viaHttp, unit: "responses/s", baseline: cached, note: "POST /pki/ocsp through Fastify (inject, no sockets), vs the service call" });
  await app.close();
}

async function benchOn(label: string, dbh: DbHandle, seconds: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lt-bench-pki-"));
  try {
    const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { dataDir, logLevel: "silent", keyPassphrase: "bench-passphrase-not-secret" } });
    const c = await createContainer(config, { dbh, clock: new SystemClock(), log: pino({ level: "silent" }) });
    await c.pki.ca.init("ecdsa-p256", "bench");
    await c.pki.ca.init("sm2", "bench");
    await issuance(c, label, "ecdsa-p256", seconds);
    await issuance(c, label, "sm2", seconds);
    await ocsp(c, label, seconds);
    await c.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function pkiBench(opts: { seconds: number }): Promise<void> {
  const pgl = await openDatabase({ pgliteDir: "memory" });
  try {
    await benchOn("pglite", pgl, opts.seconds);
  } finally {
    await pgl.close();
  }
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchPostgres(process.env.DATABASE_URL);
    const pg = await openDatabase({ databaseUrl: scratch.url, poolSize: 10 });
    try {
      await benchOn("postgres", pg, opts.seconds);
    } finally {
      await pg.close();
      await scratch.drop();
    }
  } else {
    process.stderr.write("pki.postgres: skipped (set DATABASE_URL to a PostgreSQL server to measure it)\n");
  }
}
