/**
 * `landtrade security init|keys` as an operator runs them: separate
 * processes on a file-backed data directory (or a scratch PostgreSQL
 * database with DATABASE_URL). init certifies the service's keys under our
 * sub-CA (OpenSSL checks the chain), is idempotent, rotates on request, and
 * fails with one coded line when the suite has no CA yet.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openssl } from "../helpers/openssl.js";
import { cliSite } from "../helpers/cli-process.js";


describe("landtrade security CLI", { timeout: 300_000 }, () => {
  const site = cliSite({ prefix: "lt-sec-cli-", env: { LANDTRADE_PUBLIC_URL: "http://ca.example.test" }, timeoutMs: 120_000 });
  const cli = site.cli;

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
    writeFileSync(path.join(site.dir, "svc.pem"), `${pems[0]}\n`);
    expect((await cli(["ca", "export", "--suite", "ecdsa-p256", "--out", "chain.pem"])).code).toBe(0);
    const v = await openssl(["verify", "-CAfile", "chain.pem", "svc.pem"], site.dir);
    expect(v.stdout, v.stderr).toMatch(/svc.pem: OK/);
    const text = await openssl(["x509", "-in", "svc.pem", "-noout", "-subject", "-nameopt", "utf8"], site.dir);
    expect(text.stdout).toMatch(/CN\s*=\s*长沙县国土资源局 安全应用支持服务 (签名|加密) \(ECDSA\)/);

    const rotated = await cli(["security", "init", "--suite", "ecdsa-p256", "--rotate"]);
    expect(rotated.stdout.match(/^created/gm)).toHaveLength(2);
    const serialsBefore = [...first.stdout.matchAll(/serial ([0-9a-f]+)/g)].map((m) => m[1]);
    const serialsAfter = [...rotated.stdout.matchAll(/serial ([0-9a-f]+)/g)].map((m) => m[1]);
    expect(serialsAfter.some((x) => serialsBefore.includes(x))).toBe(false);
  });
});
