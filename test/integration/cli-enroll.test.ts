/**
 * The enrollment and trust CLI as an operator runs it (separate processes on
 * a file-backed PGlite, or a scratch PostgreSQL database): `est grant`,
 * `ca import`, `cert validate` — results and coded one-line errors.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.js";
import { createContainer } from "../../src/app/container.js";
import { createScratchPostgres, onPostgres } from "../helpers/db.js";
import { createOpenSslCa, type OpenSslCa } from "../helpers/openssl-ca.js";
import { scratch } from "../helpers/shell.js";
import { runCli } from "../helpers/cli-process.js";

const SLOW = 240_000;

describe("landtrade est / ca import / cert validate", { timeout: SLOW }, () => {
  const x = scratch("lt-cli-enroll-");
  let env: Record<string, string>;
  let dropPg: (() => Promise<void>) | undefined;
  let ext: OpenSslCa;
  let leaf: string;

  const cli = (args: string[]) => runCli(args, { env, cwd: x.dir, timeoutMs: 120_000 });

  beforeAll(async () => {
    env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LANDTRADE_DATA_DIR: x.file("data"), LANDTRADE_LOG_LEVEL: "silent" };
    if (onPostgres) {
      const scratchPg = await createScratchPostgres(process.env.DATABASE_URL!);
      env.DATABASE_URL = scratchPg.url;
      dropPg = scratchPg.drop;
    }
    // The CA is set up in-process (its own CLI belongs to the CA commands).
    const c = await createContainer(loadConfig({ env, cwd: x.dir }), { log: pino({ level: "silent" }) });
    await c.pki.ca.init("ecdsa-p256", "staff:test");
    await c.close();
    ext = await createOpenSslCa();
    leaf = ext.issueLeaf("wang");
    ext.gencrl();
  }, 300_000);
  afterAll(async () => {
    await ext?.close();
    await dropPg?.();
  });

  it("est grant prints the id and a one-time code; bad grants are one coded line", async () => {
    const r = await cli(["est", "grant", "--subject", "C=CN,CN=张三,serialNumber=430121199001011234", "--id", "APP-CLI-1", "--holder", "bidder:zhang", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const g = JSON.parse(r.stdout) as { id: string; code: string };
    expect(g.id).toBe("APP-CLI-1");
    expect(g.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const bad = await cli(["est", "grant", "--subject", "CN=x", "--profile", "server-tls"]);
    expect([bad.code, bad.stderr.trim()]).toEqual([1, expect.stringMatching(/^landtrade: EST_GRANT_INVALID: /)]);
  });

  it("ca import trusts an existing CA; its users' certificates validate (CRL), hard- and soft-fail when revocation is unreachable", async () => {
    x.sh(`cp ${ext.x.file("ca.pem")} old-ca.pem && cp ${ext.x.file("wang.pem")} wang.pem`);

    const imp = await cli(["ca", "import", "--file", "old-ca.pem", "--name", "湖南某CA"]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain("imported 1 external CA certificate(s)");
    const again = await cli(["ca", "import", "--file", "old-ca.pem"]);
    expect([again.code, again.stderr.trim()]).toEqual([1, expect.stringMatching(/^landtrade: PKI_EXTERNAL_CA_EXISTS: /)]);

    const ok = await cli(["cert", "validate", "--file", "wang.pem", "--purpose", "clientAuth"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("valid: CN=老用户 wang → C=CN, O=Old Provincial CA, CN=湖南某CA 根证书");

    ext.crlServer.up = false; // and no OCSP responder runs
    const hard = await cli(["cert", "validate", "--file", "wang.pem"]);
    expect([hard.code, hard.stderr.trim()]).toEqual([1, expect.stringMatching(/^landtrade: SEC_REVOCATION_UNAVAILABLE: 无法取得证书吊销状态 \/ /)]);
    const soft = await cli(["cert", "validate", "--file", "wang.pem", "--soft", "--json"]);
    expect(soft.code, soft.stderr).toBe(0);
    expect(JSON.parse(soft.stdout)).toMatchObject({ ok: true, warnings: [expect.stringContaining("soft-fail")] });
    expect(leaf).toContain("BEGIN CERTIFICATE");
  });
});
