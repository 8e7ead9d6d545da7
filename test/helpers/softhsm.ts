/**
 * A private SoftHSM2 for one test file: its own token directory and
 * SOFTHSM2_CONF (set before the module is first initialised in this process,
 * which is when SoftHSM2 reads it). Create every token a file needs before
 * opening the module: SoftHSM2 scans the token directory at C_Initialize.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const SOFTHSM_MODULE = process.env.LANDTRADE_TEST_PKCS11_MODULE ?? "/usr/lib/softhsm/libsofthsm2.so";

function hasUtil(): boolean {
  try {
    execFileSync("softhsm2-util", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const softhsmAvailable = existsSync(SOFTHSM_MODULE) && hasUtil();

export const SOFTHSM_SKIP_REASON = `SoftHSM2 not installed (need ${SOFTHSM_MODULE} and softhsm2-util: apt-get install softhsm2) — PKCS#11 tests SKIPPED`;

if (!softhsmAvailable) console.warn(`\n*** ${SOFTHSM_SKIP_REASON} ***\n`);

export interface SoftHsm {
  dir: string;
  conf: string;
  /** Initialises a token in the next free slot; returns its slot ID. */
  initToken(label: string, pin: string, soPin?: string): number;
}

export function softhsm(): SoftHsm {
  const dir = mkdtempSync(path.join(tmpdir(), "lt-softhsm-"));
  const tokens = path.join(dir, "tokens");
  mkdirSync(tokens);
  const conf = path.join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  return {
    dir,
    conf,
    initToken(label, pin, soPin = "87654321") {
      const out = execFileSync("softhsm2-util", ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", soPin], {
        env: { ...process.env, SOFTHSM2_CONF: conf },
      }).toString();
      const m = /reassigned to slot (\d+)/.exec(out);
      if (!m) throw new Error(`softhsm2-util: ${out}`);
      return Number(m[1]);
    },
  };
}
