import path from "node:path";
import type { Command } from "commander";
import { loadConfig, type Config } from "../../app/config.js";
import { createContainer, SECURITY_ANCHOR_JOB, type Container } from "../../app/container.js";
import { armExpiryJob } from "../../ra/notify/expiry-job.js";
import { demoBidderDir } from "../../app/demo-seed-ra.js";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../../app/demo-seed.js";
import { ROLE_LABELS } from "../../auth/roles.js";
import { buildApp } from "../../http/build-app.js";
import { startEstTls, type EstTlsServer } from "../../http/est-tls.js";
import { isAppError } from "../../shared/errors.js";
import { print, printTable } from "../output.js";
import { buildWeb, webBuildNeeded } from "../web-build.js";

interface ServeOpts {
  host?: string;
  port?: string;
}

function overridesOf(opts: ServeOpts): Partial<Record<keyof Config, unknown>> {
  return { ...(opts.host ? { host: opts.host } : {}), ...(opts.port ? { port: opts.port } : {}) };
}

async function listen(c: Container): Promise<string> {
  // Join the cluster first: the first node (or the only one) becomes the primary before it serves
  // (with failover on, a promotion itself signs what a previous primary left pending).
  await c.cluster.beat();
  c.cluster.start();
  // Certificates recorded but not signed before a crash are signed now (persist intent, then sign).
  if (!c.cluster.enabled) {
    const resumed = await c.pki.ca.resumePending().catch((e: unknown) => {
      c.log.warn({ detail: (e as Error).message }, "could not resume pending issuance");
      return [];
    });
    if (resumed.length) c.log.info({ serials: resumed }, "signed certificates left pending by an interrupted issuance");
  }
  const app = await buildApp(c, { logger: c.log });
  await app.listen({ host: c.config.host, port: c.config.port });
  // Deadlines are rows; the loop works them from now on (and catches up on any that fell due while down).
  // The security call log's anchoring job: one row, re-armed on every start (idempotent upsert).
  await c.store.tx((r) => c.scheduler.schedule(r, { kind: SECURITY_ANCHOR_JOB, key: "singleton", dueAt: new Date(c.clock.now().getTime() + 60_000) }));
  // Health probes and their history pruning: recurring jobs, armed on every start.
  await c.store.tx((r) => c.ops.armJobs(r));
  await armExpiryJob(c.store, c.scheduler, c.clock.now());
  c.schedulerLoop.start();
  if (c.config.smtpListenPort !== undefined) {
    const smtpPort = await c.support.startSmtpListener();
    c.log.info({ host: c.config.smtpListenHost, port: smtpPort }, "support mail listener (SMTP) started");
  }
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : c.config.port;
  const host = c.config.host === "0.0.0.0" ? "127.0.0.1" : c.config.host;
  const url = c.config.publicUrl ?? `http://${host}:${port}`;
  let est: EstTlsServer | undefined;
  if (c.config.estTlsPort !== undefined) {
    try {
      est = await startEstTls(c, { host: c.config.host, port: c.config.estTlsPort, logger: c.log });
      print(`EST over HTTPS (TLS client-certificate renewal) on https://${host}:${est.port}/.well-known/est/ (server certificate ${est.identity.serial}${est.identity.issued ? ", newly issued" : ""})`);
    } catch (e) {
      if (!isAppError(e) || e.code !== "PKI_CA_NOT_INITIALISED") throw e;
      print("EST HTTPS listener not started: no ECDSA CA yet (run `landtrade ca init --suite ecdsa-p256`, then restart)");
    }
  }
  const stop = async (signal: string) => {
    c.log.info({ signal }, "shutting down");
    await est?.close();
    await app.close();
    await c.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  return url;
}

export function serveCommands(program: Command): void {
  program
    .command("serve")
    .description("run the server (migrates the database first)")
    .option("--host <host>", "listen address (LANDTRADE_HOST)")
    .option("--port <port>", "listen port (LANDTRADE_PORT)")
    .action(async (opts: ServeOpts) => {
      const c = await createContainer(loadConfig({ overrides: overridesOf(opts) }));
      const url = await listen(c);
      print(`landtrade ${c.version} serving on ${url} (database: ${c.dbh.kind} ${c.dbh.location})`);
    });

  program
    .command("start")
    .description("what `npm start` runs: build the web app if needed, migrate, seed demo data on first run, serve")
    .option("--host <host>", "listen address")
    .option("--port <port>", "listen port")
    .action(async (opts: ServeOpts) => {
      const config = loadConfig({ overrides: overridesOf(opts) });
      if (webBuildNeeded()) {
        print("building the web app (first run or sources changed)…");
        const tb = performance.now();
        await buildWeb();
        print(`web app built in ${((performance.now() - tb) / 1000).toFixed(1)} s`);
      }
      const t0 = performance.now();
      // The demo path: if an upgrade needs a backup, make and verify one first.
      const c = await createContainer(config, { upgrade: { autoBackup: true } });
      const firstRun = (await c.staff.list()).length === 0;
      const seeded = firstRun ? await seedDemo(c, { ops: true }) : { created: [], incidents: 0, pki: { hierarchies: [], certificates: [] }, kb: undefined, ra: undefined, trading: [], ops: undefined };
      const url = await listen(c);
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      print("");
      print(`landtrade ${c.version} is ready in ${secs} s — open ${url}`);
      const kbSeeded = seeded.kb?.created.length ? `, ${seeded.kb.created.length} knowledge-base articles` : "";
      print(`  database: ${c.dbh.kind} (${c.dbh.location})${seeded.created.length ? `; demo data seeded (${seeded.created.length} staff accounts, ${seeded.incidents} support incidents${kbSeeded})` : ""}`);
      print(`  help centre (public): ${url}/help — self-diagnosis: ${url}/help/diagnose`);
      print(`  API docs: ${url}/api/docs`);
      if (seeded.trading.length) print(`  trading: ${seeded.trading.length} demo parcels (announced, listing, timed bidding, sold, withdrawn, draft); big screen at ${url}/board/<parcel id>`);
      if (seeded.pki.hierarchies.length) print(`  CA: ${seeded.pki.hierarchies.join(" and ")} hierarchies created (keys encrypted under ${c.config.dataDir}/keys), ${seeded.pki.certificates.length} demo server certificates`);
      if (seeded.ops?.probesRun.length) print(`  ops dashboard: ${url}/ops (log in as ops) — first run of ${seeded.ops.probesRun.length} health probes${seeded.ops.anchored ? ", audit chain anchored by the TSA" : ""}; no backup yet (make and verify one there, or \`landtrade backup create\`)`);
      print(`  PKI: OCSP ${url}/pki/ocsp · TSA ${url}/pki/tsa · CRLs ${url}/pki/crl/<ca>.crl · CA certificates ${url}/pki/ca/<ca>.crt`);
      if (seeded.ra?.bidders.length) {
        print(`  Bidder portal: ${url}/portal — demo bidders' keys in ${demoBidderDir(c.config)}/<name>/ (import key.pem + cert.pem at ${url}/portal/import, then log in with the certificate):`);
        for (const b of seeded.ra.bidders) print(`    ${path.basename(b.dir).padEnd(16)} ${b.name} (${b.suite})`);
        if (seeded.trading.length) print(`    张伟, 星沙置业 and 李娜 (SM2) are qualified, with deposits paid, on the parcel in its listing (the first two also in timed bidding): their bidding rooms are live`);
      }
      print("");
      print(`Demo logins (password for all: ${DEMO_PASSWORD}) — change or disable them before real use:`);
      printTable(DEMO_USERS.map((u) => ({ username: u.username, role: `${ROLE_LABELS[u.role].zh} / ${ROLE_LABELS[u.role].en}` })));
      print("");
      print("Press Ctrl+C to stop.");
    });
}
