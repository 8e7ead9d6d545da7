#!/usr/bin/env node
// `npm test`: runs the whole suite with vitest and says plainly which suites
// run on what, and which are skipped and why.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.LANDTRADE_CHROMIUM ?? "/usr/bin/chromium";
const skipBrowser = process.env.LANDTRADE_TEST_BROWSER === "skip";
const db = process.env.DATABASE_URL;
const redacted = db ? db.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@") : "";
const softhsm = process.env.LANDTRADE_TEST_PKCS11_MODULE ?? "/usr/lib/softhsm/libsofthsm2.so";
const lines = [
  `database suites: ${db ? `PostgreSQL at ${redacted}` : "embedded PGlite in memory (set DATABASE_URL=postgres://… to run them on PostgreSQL)"}`,
  `PKCS#11 suites (HSM key store, USB-key token, CA on HSM): ${existsSync(softhsm) ? `run on SoftHSM2 (${softhsm}), a private token directory per test file` : `SKIPPED — no SoftHSM2 at ${softhsm} (apt-get install softhsm2)`}`,
  `browser suite (test/e2e): ${
    skipBrowser
      ? "SKIPPED — LANDTRADE_TEST_BROWSER=skip (.ci/run runs it once, in its PostgreSQL phase)"
      : existsSync(chromium)
        ? `runs in ${chromium}`
        : `SKIPPED — no Chromium at ${chromium} (apt-get install chromium fonts-wqy-microhei, or set LANDTRADE_CHROMIUM)`
  }`,
];
const banner = () => console.log(`\nlandtrade tests\n${lines.map((l) => `  - ${l}`).join("\n")}\n`);
banner();
const r = spawnSync("npx", ["vitest", "run", ...(skipBrowser ? ["--exclude", "test/e2e/**"] : []), ...process.argv.slice(2)], { stdio: "inherit" });
banner();
process.exit(r.status ?? 1);
