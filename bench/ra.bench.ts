/**
 * RA certificate login: complete logins/s through the HTTP app (challenge →
 * client signature → login: challenge taken in a transaction, signature and
 * chain checked, revocation from the database, session + audit entry
 * committed) for P-256 and SM2 bidders, against the raw limit measured in
 * the same run — the same key signing and the server verifying, nothing
 * else; and bidder-session resolution (GET /api/bidder-auth/me, which also
 * re-checks the certificate's status) against the bare /healthz route.
 */
import type { SuiteId } from "../src/pki/algs/suite.js";
import { SIGNATURE_ALGORITHMS } from "../src/pki/algs/suite.js";
import { verifySignature } from "../src/pki/algs/verify.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { FakeClock } from "../src/app/clock.js";
import { loadConfig } from "../src/app/config.js";
import { createContainer } from "../src/app/container.js";
import { buildApp } from "../src/http/build-app.js";
import { openDatabase } from "../src/storage/db.js";
import { migrateToLatest } from "../src/storage/migrate.js";
import { createBidder, loginBidder } from "../test/helpers/bidder.js";
import { rate, report } from "./report.js";

export async function raBench({ seconds }: { seconds: number }): Promise<void> {
  const ms = seconds * 1000;
  // In-memory PGlite, a private key directory, the real app (inject: no sockets in the way).
  const dataDir = mkdtempSync(path.join(tmpdir(), "lt-bench-ra-"));
  const dbh = await openDatabase({ pgliteDir: "memory" });
  await migrateToLatest(dbh.db);
  const clock = new FakeClock("2026-03-02T01:00:00.000Z");
  const c = await createContainer(loadConfig({ env: {}, cwd: "/nonexistent", overrides: { logLevel: "silent", dataDir } }), { clock, dbh, log: pino({ level: "silent" }) });
  const app = await buildApp({ ...c, webDir: undefined });
  const s = { c, app };
  try {
    for (const suite of ["ecdsa-p256", "sm2"] as SuiteId[]) {
      const b = await createBidder(s, { name: `基准${suite}`, suite });
      const spki = b.key.spki;
      const msg = new TextEncoder().encode("landtrade bidder login\nbenchmark");
      const raw = await rate(async () => {
        const sig = await b.sign(msg);
        if (!verifySignature(spki, SIGNATURE_ALGORITHMS[suite].oid, msg, sig)) throw new Error("raw verify failed");
      }, ms);
      const logins = await rate(() => loginBidder(s.app, b), ms);
      report({ name: `ra.login.${suite}`, value: logins, unit: "logins/s", baseline: raw, note: "full HTTP login vs the same sign+verify alone" });
    }
    const b = await createBidder(s, { name: "基准会话" });
    const { cookie } = await loginBidder(s.app, b);
    const bare = await rate(() => s.app.inject({ method: "GET", url: "/healthz" }), ms);
    const me = await rate(async () => {
      const r = await s.app.inject({ method: "GET", url: "/api/bidder-auth/me", headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(r.body);
    }, ms);
    report({ name: "ra.session.resolve", value: me, unit: "requests/s", baseline: bare, note: "bidder route (session + certificate status) vs /healthz" });
  } finally {
    await app.close();
    await c.close();
    await dbh.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
