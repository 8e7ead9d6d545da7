/**
 * The failover drill (docs/operations.md §7), shared by the test and
 * `npm run bench -- ops`: real `landtrade serve` processes on one PostgreSQL
 * database with issuance failover on, an EST issuance storm through a client
 * that behaves like a load balancer (next node on a refused connection or a
 * 503), and a SIGKILL of the primary in the middle of it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { SystemClock } from "../../src/app/clock.js";
import { loadConfig } from "../../src/app/config.js";
import { createContainer } from "../../src/app/container.js";
import { seedPkiDemo } from "../../src/app/demo-seed-pki.js";
import { buildCsr } from "../../src/pki/asn1/csr-builder.js";
import type { Signer } from "../../src/pki/algs/suite.js";

const BIN = path.resolve("bin/landtrade.mjs");
export const DRILL_PASSPHRASE = "failover-drill-passphrase";

export interface Grant {
  id: string;
  code: string;
  csrB64: string;
}

export interface DrillSite {
  dbUrl: string;
  dataDir: string;
  env: Record<string, string>;
  grants: Grant[];
  close(): void;
}

function throwawaySigner(): Signer {
  const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { suite: "ecdsa-p256", spki: new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" })), sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key: kp.privateKey, dsaEncoding: "der" })) };
}

/** One installation: CA hierarchies (keys in the shared data directory) and `grants` approved EST enrollments with their CSRs. */
export async function prepareSite(dbUrl: string, grants: number, leaseSeconds = 3): Promise<DrillSite> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lt-drill-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    DATABASE_URL: dbUrl,
    LANDTRADE_DATA_DIR: dataDir,
    LANDTRADE_KEY_PASSPHRASE: DRILL_PASSPHRASE,
    LANDTRADE_ISSUANCE_FAILOVER: "true",
    LANDTRADE_LEADER_LEASE_SECONDS: String(leaseSeconds),
    LANDTRADE_LOG_LEVEL: "warn",
  };
  const config = loadConfig({ env, cwd: "/nonexistent", overrides: { logLevel: "silent" } });
  const c = await createContainer(config, { clock: new SystemClock(), log: pino({ level: "silent" }) });
  const out: Grant[] = [];
  try {
    await c.cluster.beat(); // the setup node is the primary while it creates the CA
    await seedPkiDemo(c.pki);
    for (let i = 0; i < grants; i++) {
      const id = `DRILL-${String(i).padStart(4, "0")}`;
      const g = await c.enrollment.grant({ id, suite: "ecdsa-p256", profile: "individual-sign", subject: [["C", "CN"], ["CN", `演练投标人 ${i}`]], holder: `drill:${i}`, actor: "staff:ra-drill" });
      const csr = await buildCsr([["CN", "ignored: the grant's subject is used"]], throwawaySigner());
      out.push({ id, code: g.code, csrB64: Buffer.from(csr).toString("base64") });
    }
  } finally {
    await c.close(); // gives the lease up
  }
  return { dbUrl, dataDir, env, grants: out, close: () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export interface DrillNode {
  name: string;
  url: string;
  child: ChildProcess;
  log(): string;
}

/** Starts `landtrade serve` and waits until it answers /readyz. */
export async function startNode(site: Pick<DrillSite, "env">, name: string, timeoutMs = 120_000): Promise<DrillNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, "serve", "--host", "127.0.0.1", "--port", String(port)], { env: { ...site.env, LANDTRADE_PUBLIC_URL: url }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${log.slice(-2000)}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { name, url, child, log: () => log };
    await sleep(200);
  }
  child.kill("SIGKILL");
  throw new Error(`${name} did not become ready within ${timeoutMs} ms: ${log.slice(-2000)}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function roleOf(node: DrillNode): Promise<string> {
  const r = await fetch(`${node.url}/readyz`).catch(() => null);
  return r?.ok ? ((await r.json()) as { role: string }).role : "down";
}

export async function waitForRole(node: DrillNode, role: string, timeoutMs = 30_000): Promise<void> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if ((await roleOf(node)) === role) return;
    await sleep(100);
  }
  throw new Error(`${node.name} is not ${role} after ${timeoutMs} ms`);
}

export interface Outcome {
  grant: string;
  /** issued: the client got its certificate; consumed: an attempt's answer was lost with the killed node and the retry found the grant used. */
  kind: "issued" | "consumed";
  node: string;
  at: number;
}

/**
 * One client enrollment as it goes through a load balancer: tries the nodes
 * in order, moves on when a node refuses the connection, drops it, or
 * answers 503 (a standby), and starts over after a short pause.
 */
async function enroll(nodes: DrillNode[], g: Grant, deadline: number): Promise<Outcome> {
  let lostAnAnswer = false;
  while (performance.now() < deadline) {
    for (const n of nodes) {
      let res: Response;
      try {
        res = await fetch(`${n.url}/.well-known/est/simpleenroll`, {
          method: "POST",
          body: g.csrB64,
          headers: { "content-type": "application/pkcs10", authorization: `Basic ${Buffer.from(`${g.id}:${g.code}`).toString("base64")}` },
          signal: AbortSignal.timeout(20_000),
        });
      } catch {
        lostAnAnswer = true; // refused, reset or timed out: the request may or may not have committed
        continue;
      }
      if (res.status === 200) {
        await res.arrayBuffer();
        return { grant: g.id, kind: "issued", node: n.name, at: performance.now() };
      }
      const body = (await res.json().catch(() => ({}))) as { code?: string };
      if (res.status === 503) continue;
      if (body.code === "EST_CODE_USED" && lostAnAnswer) return { grant: g.id, kind: "consumed", node: n.name, at: performance.now() };
      throw new Error(`${g.id} on ${n.name}: ${res.status} ${JSON.stringify(body)}`);
    }
    await sleep(150);
  }
  throw new Error(`${g.id}: not enrolled before the deadline`);
}

export interface DrillResult {
  outcomes: Outcome[];
  /** SIGKILL of the primary → the first certificate the standby delivered. */
  failoverMs: number;
}

/** Runs the storm over `grants` with `concurrency` clients and SIGKILLs `primary` after `killAfter` certificates. */
export async function issuanceStormWithKill(nodes: DrillNode[], primary: DrillNode, grants: Grant[], opts: { concurrency: number; killAfter: number; deadlineMs?: number }): Promise<DrillResult> {
  const deadline = performance.now() + (opts.deadlineMs ?? 180_000);
  const outcomes: Outcome[] = [];
  let killedAt: number | null = null;
  let next = 0;
  const worker = async () => {
    while (next < grants.length) {
      const g = grants[next++]!;
      const o = await enroll(nodes, g, deadline);
      outcomes.push(o);
      if (killedAt === null && outcomes.length >= opts.killAfter) {
        primary.child.kill("SIGKILL");
        killedAt = performance.now();
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  if (killedAt === null) throw new Error("the primary was never killed (killAfter too large)");
  const after = outcomes.filter((o) => o.kind === "issued" && o.node !== primary.name && o.at > killedAt!).map((o) => o.at);
  if (!after.length) throw new Error("the standby delivered no certificate after the kill (too few grants after killAfter)");
  return { outcomes, failoverMs: Math.min(...after) - killedAt };
}
