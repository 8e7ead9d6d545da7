/**
 * `landtrade security init|keys` as an operator runs them: separate
 * processes on a file-backed data directory (or a scratch PostgreSQL
 * database with DATABASE_URL). init certifies the service's keys under our
 * sub-CA (OpenSSL checks the chain), is idempotent, rotates on request, and
 * fails with one coded line when the suite has no CA yet.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchPostgres, onPostgres } from "../helpers/db.js";
import { openssl } from "../helpers/openssl.js";
import { runCli } from "../helpers/cli-process.js";


describe("landtrade security CLI", { timeout: 300_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  let dropPg: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "lt-sec-cli-"));
    env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LANDTRADE_DATA_DIR: path.join(dir, "data"), LANDTRADE_PUBLIC_URL: "http://ca.example.test" };
    if (onPostgres) {
      const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
      env.DATABASE_URL = scratch.url;
      dropPg = scratch.drop;
    }
  });
  afterAll(async () => {
    await dropPg?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]) => runCli(args, { env, cwd: dir, timeoutMs: 120_000 });

  it("refuses without a CA; creates sign + encrypt keys certified by our sub-CA; keeps them; rotates on request", async () => {
    const early = await cli(["security", "init", "--suite", "ecdsa-p256"]);
    expect(early.code).toBe(1);
    expect(early.stderr.trim().split("\n")).toHaveLength(1);
    expect(early.stderr).toMatch(/^landtrade: PKI_CA_NOT_INITIALISED: /);

    expect((await cli(["ca", "init", "--suite", "ecdsa-p256"])).code).toBe(0);
    const first = await cli(["security", "init", "--suite", "ecdsa-p256"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^created sign\s+ecdsa-p256\s+certificate serial [0-9a-f]+$/m);
    expect(first.stdout).toMatch(/^created encrypt\s+ecdsa-p256\s+certificate serial [0-9a-f]+$/m);
    const again = await cli(["security", "init", "--suite", "ecdsa-p256"]);
    expect(again.stdout.match(/^kept/gm)).toHaveLength(2);

    const keys = await cli(["security", "keys", "--pem"]);
    expect(keys.code, keys.stderr).toBe(0);
    const pems = keys.stdout.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!;
    expect(pems).toHaveLength(2);
    expect(keys.stdout + keys.stderr).not.toMatch(/PRIVATE KEY|passphrase/i);
    writeFileSync(path.join(dir, "svc.pem"), `${pems[0]}\n`);
    expect((await cli(["ca", "export", "--suite", "ecdsa-p256", "--out", "chain.pem"])).code).toBe(0);
    const v = await openssl(["verify", "-CAfile", "chain.pem", "svc.pem"], dir);
    expect(v.stdout, v.stderr).toMatch(/svc.pem: OK/);
    const text = await openssl(["x509", "-in", "svc.pem", "-noout", "-subject", "-nameopt", "utf8"], dir);
    expect(text.stdout).toMatch(/CN\s*=\s*长沙县国土资源局 安全应用支持服务 (签名|加密) \(ECDSA\)/);

    const rotated = await cli(["security", "init", "--suite", "ecdsa-p256", "--rotate"]);
    expect(rotated.stdout.match(/^created/gm)).toHaveLength(2);
    const serialsBefore = [...first.stdout.matchAll(/serial ([0-9a-f]+)/g)].map((m) => m[1]);
    const serialsAfter = [...rotated.stdout.matchAll(/serial ([0-9a-f]+)/g)].map((m) => m[1]);
    expect(serialsAfter.some((x) => serialsBefore.includes(x))).toBe(false);
  });
});
