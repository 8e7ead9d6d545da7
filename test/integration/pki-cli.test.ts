/**
 * `landtrade ca …` and `landtrade audit anchor|verify` as an operator runs
 * them: separate processes on a file-backed PGlite data directory (or a
 * scratch PostgreSQL database with DATABASE_URL), with OpenSSL checking
 * what they write. Errors are one coded line.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openssl } from "../helpers/openssl.js";
import { cliSite } from "../helpers/cli-process.js";

const SLOW = 240_000;

describe("landtrade ca CLI", () => {
  const serials: string[] = [];

  const site = cliSite({ prefix: "lt-ca-cli-", env: { LANDTRADE_PUBLIC_URL: "http://ca.example.test" }, timeoutMs: 90_000 });
  const cli = site.cli;
  const ossl = (args: string[]) => openssl(args, site.dir);

  it(
    "ca init creates the SM2 hierarchy once; bad suites and a second init are one coded line",
    async () => {
      const r = await cli(["ca", "init", "--suite", "sm2"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/root CA\s+sm2-root/);
      expect(r.stdout).toMatch(/CRLs\s+sm2-root #1, sm2-sub #1/);
      expect(r.stdout + r.stderr).not.toMatch(/PRIVATE KEY|passphrase/i);
      const again = await cli(["ca", "init", "--suite", "sm2"]);
      expect(again.code).toBe(1);
      expect(again.stderr.trim().split("\n")).toHaveLength(1);
      expect(again.stderr).toMatch(/^landtrade: PKI_CA_EXISTS: /);
      const bogus = await cli(["ca", "init", "--suite", "ed448"]);
      expect(bogus.stderr.trim()).toMatch(/^landtrade: PKI_SUITE_UNKNOWN: .*ed448/);
    },
    SLOW,
  );

  it(
    "ca issue from an OpenSSL SM2 request; export; list",
    async () => {
      expect((await ossl(["genpkey", "-algorithm", "SM2", "-out", "srv.key"])).code).toBe(0);
      expect((await ossl(["req", "-new", "-key", "srv.key", "-sm3", "-sigopt", "distid:1234567812345678", "-subj", "/CN=srv.example.cn", "-addext", "subjectAltName=DNS:srv.example.cn", "-out", "srv.csr"])).code).toBe(0);
      const r = await cli(["ca", "issue", "--csr", "srv.csr", "--profile", "server-tls", "--out", "srv.pem", "--chain"]);
      expect(r.code, r.stderr).toBe(0);
      serials.push(/issued ([0-9a-f]+)/.exec(r.stdout)![1]!);
      expect(readFileSync(path.join(site.dir, "srv.pem"), "utf8").match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
      const exp = await cli(["ca", "export", "--suite", "sm2", "--out", "chain.pem"]);
      expect(exp.code, exp.stderr).toBe(0);
      expect((await ossl(["verify", "-vfyopt", "distid:1234567812345678", "-CAfile", "chain.pem", "-partial_chain", "srv.pem"])).stdout).toContain("srv.pem: OK");

      const bad = await cli(["ca", "issue", "--csr", "chain.pem", "--profile", "server-tls", "--out", "x.pem"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim()).toMatch(/^landtrade: PKI_CSR_INVALID: /);
      const noFile = await cli(["ca", "issue", "--csr", "nope.csr", "--profile", "server-tls", "--out", "x.pem"]);
      expect(noFile.stderr.trim()).toMatch(/^landtrade: CLI_USAGE: .*ENOENT/);

      const list = await cli(["ca", "list"]);
      expect(list.stdout).toMatch(/sm2-root\s+root/);
      expect(list.stdout).toMatch(/sm2-sub\s+sub .*active/);
      expect(list.stdout).toMatch(/ocsp \(sm2\)/);
      expect(list.stdout).toMatch(/tsa \(sm2\)/);
      expect(list.stdout).toMatch(/file:sm2-[0-9a-f]+/);
    },
    SLOW,
  );

  it(
    "ca revoke / hold / release, and ca crl --out writes a CRL OpenSSL reads (label X509 CRL)",
    async () => {
      const rv = await cli(["ca", "revoke", "--serial", serials[0]!.toUpperCase(), "--reason", "keyCompromise"]);
      expect(rv.code, rv.stderr).toBe(0);
      expect(rv.stdout).toMatch(/revoked \(keyCompromise\); CRL #2 of sm2-sub/);
      const rel = await cli(["ca", "release", "--serial", serials[0]!]);
      expect(rel.stderr.trim()).toMatch(/^landtrade: PKI_REVOCATION_INVALID: /);
      const badReason = await cli(["ca", "revoke", "--serial", serials[0]!, "--reason", "bored"]);
      expect(badReason.stderr.trim()).toMatch(/^landtrade: PKI_REVOCATION_INVALID: .*unknown reason bored/);

      const crl = await cli(["ca", "crl", "--suite", "sm2", "--out", "sub.crl"]);
      expect(crl.code, crl.stderr).toBe(0);
      expect(crl.stdout).toMatch(/sm2-sub #3/);
      expect(readFileSync(path.join(site.dir, "sub.crl"), "utf8")).toMatch(/^-----BEGIN X509 CRL-----/);
      const text = await ossl(["crl", "-in", "sub.crl", "-noout", "-text"]);
      expect(text.stdout).toContain(serials[0]!.replace(/^00/, "").toUpperCase());
      expect(text.stdout).toContain("Key Compromise");
      expect((await cli(["ca", "crl"])).stdout).toContain("all CRLs are current");
    },
    SLOW,
  );

  it(
    "audit anchor, then audit verify checks chain and anchors",
    async () => {
      const a = await cli(["audit", "anchor"]);
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).toMatch(/anchored entry \d+ .* timestamp token #\d+/);
      const v = await cli(["audit", "verify"]);
      expect(v.code, v.stderr).toBe(0);
      expect(v.stdout).toMatch(/anchors OK: 1 timestamped heads/);
    },
    SLOW,
  );
});
