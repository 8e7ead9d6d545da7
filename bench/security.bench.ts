/**
 * The security service under many concurrent clients, through real sockets:
 * a separate client process (bench/security-clients.mjs) runs N keep-alive
 * clients (500 by default) against the live server for `seconds` per figure.
 *
 * - security.verify.<suite>: CMS SignedData verifications/s (signature +
 *   path validation under the freshness cache) vs raw signature verifies/s
 *   of the same key on one thread, measured in the same run;
 * - security.sign.<suite>: server-side signatures/s (system key, CMS, audit
 *   entry committed) vs raw signs/s of the same key;
 * - p50/p99 latency and the count of answers that differ from the expected
 *   one (must be 0); server memory before and after.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pino from "pino";
import { FakeClock } from "../src/app/clock.js";
import { loadConfig } from "../src/app/config.js";
import { createContainer } from "../src/app/container.js";
import { buildApp } from "../src/http/build-app.js";
import { SIGNATURE_ALGORITHMS, type SuiteId } from "../src/pki/algs/suite.js";
import { verifySignature } from "../src/pki/algs/verify.js";
import { provisionServiceKeys } from "../src/signing/provision.js";
import { openDatabase } from "../src/storage/db.js";
import { migrateToLatest } from "../src/storage/migrate.js";
import { login, TEST_PASSWORD } from "../test/helpers/app.js";
import { rate, report } from "./report.js";

const run = promisify(execFile);
const CLIENTS = Number(process.env.LT_BENCH_CLIENTS ?? 500);

interface LoadResult {
  done: number;
  perSecond: number;
  mismatches: number;
  p50: number | null;
  p99: number | null;
  statuses: Record<string, number>;
  sample: string[];
}

async function load(cfg: { base: string; path: string; cookie: string; csrf: string; bodies: string[]; expect: string; ms: number }): Promise<LoadResult> {
  const script = new URL("./security-clients.mjs", import.meta.url).pathname;
  const { stdout } = await run(process.execPath, [script, JSON.stringify({ ...cfg, clients: CLIENTS })], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}

const mb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

export async function securityBench({ seconds }: { seconds: number }): Promise<void> {
  const ms = seconds * 1000;
  const dataDir = mkdtempSync(path.join(tmpdir(), "lt-bench-sec-"));
  const dbh = await openDatabase({ pgliteDir: "memory" });
  await migrateToLatest(dbh.db);
  const clock = new FakeClock("2026-03-02T01:00:00.000Z");
  const c = await createContainer(loadConfig({ env: {}, cwd: "/nonexistent", overrides: { logLevel: "silent", dataDir } }), { clock, dbh, log: pino({ level: "silent" }) });
  const app = await buildApp({ ...c, webDir: undefined });
  try {
    await c.staff.create({ username: "bench-ops", displayName: "基准运维", roles: ["ops"], password: TEST_PASSWORD }, "system:bench");
    const who = await login(app, "bench-ops");
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const memBefore = mb();
    let mismatches = 0;
    for (const suite of ["ecdsa-p256", "sm2"] as SuiteId[]) {
      await c.pki.ca.init(suite, "system:bench");
      await provisionServiceKeys({ ca: c.pki.ca, keys: c.pki.keys, security: c.security.service }, suite, "system:bench");
      const key = (await c.security.service.listServiceKeys()).find((k) => k.purpose === "sign" && k.suite === suite)!;
      const signer = await c.pki.keys.signer(key.keyRef);

      // Documents signed by the service (attached CMS, no timestamp), to be verified by the clients.
      const docs = Array.from({ length: 10 }, (_, i) => new TextEncoder().encode(`长沙县国土资源局 成交确认书 LT-2026-${String(i).padStart(4, "0")} ${suite}`));
      const signed = await Promise.all(docs.map((d) => c.security.service.sign(d, { suite, detached: false, timestamp: false }, "system:bench")));
      const verifyBodies = signed.map((s) => JSON.stringify({ cms: Buffer.from(s.cms).toString("base64") }));
      const signBodies = docs.map((d) => JSON.stringify({ data: Buffer.from(d).toString("base64"), suite, timestamp: false }));

      // Raw limits, same key, one thread: sign, and verify of a signature over a signed-attributes-sized message.
      const msg = new Uint8Array(200).fill(7);
      const sig = await signer.sign(msg);
      const oid = SIGNATURE_ALGORITHMS[suite].oid;
      const rawVerify = await rate(async () => {
        if (!verifySignature(signer.spki, oid, msg, sig)) throw new Error("raw verify failed");
      }, ms);
      const rawSign = await rate(() => signer.sign(msg), ms);

      const v = await load({ base, path: "/api/security/verify", cookie: who.cookie, csrf: who.csrf, bodies: verifyBodies, expect: '"valid":true', ms });
      report({ name: `security.verify.${suite}`, value: v.perSecond, unit: "verifications/s", baseline: rawVerify, note: `HTTP, ${CLIENTS} keep-alive clients (separate process) vs raw verify on one thread` });
      report({ name: `security.verify.${suite}.p50`, value: v.p50 ?? NaN, unit: "ms" });
      report({ name: `security.verify.${suite}.p99`, value: v.p99 ?? NaN, unit: "ms" });
      const s = await load({ base, path: "/api/security/sign", cookie: who.cookie, csrf: who.csrf, bodies: signBodies, expect: '"cms":"', ms });
      report({ name: `security.sign.${suite}`, value: s.perSecond, unit: "signatures/s", baseline: rawSign, note: `HTTP, ${CLIENTS} clients; each signature's audit entry committed` });
      report({ name: `security.sign.${suite}.p50`, value: s.p50 ?? NaN, unit: "ms" });
      report({ name: `security.sign.${suite}.p99`, value: s.p99 ?? NaN, unit: "ms" });
      for (const [what, r] of [["verify", v], ["sign", s]] as const) {
        mismatches += r.mismatches;
        if (r.mismatches) process.stderr.write(`security.${what}.${suite}: ${r.mismatches} unexpected answers, statuses ${JSON.stringify(r.statuses)}: ${r.sample.join(" | ")}\n`);
      }
    }
    report({ name: "security.unexpected", value: mismatches, unit: "answers", note: "answers that differ from the expected one (must be 0)" });
    report({ name: "security.rss", value: mb(), unit: "MB", baseline: memBefore, note: "server process memory after the load vs before" });
  } finally {
    await app.close();
    await c.close();
    await dbh.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
