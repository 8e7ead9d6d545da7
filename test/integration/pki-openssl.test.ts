/**
 * OpenSSL 3, an independent peer, against our CA running in this process
 * and listening on a real port: chains (ECDSA P-256 and SM2 with the GM/T
 * 0009 ID), an SM2 request made by OpenSSL, CRL signatures, the OCSP
 * responder before and after revocation, hold and release, and RFC 3161
 * timestamps verified by `openssl ts -verify`.
 *
 * OpenSSL 3.0 and SM2: its default SM2 ID is empty, and `-vfyopt distid:`
 * applies to the certificate being verified only (not to intermediates), and
 * `crl`, `ocsp` and `ts` have no way to set it at all. So an SM2 chain is
 * checked link by link (sub-CA against the root, leaf against the sub-CA,
 * each with -vfyopt), and SM2 CRLs and OCSP responses are parsed by OpenSSL
 * and their signatures checked with our GM/T 0009 verifier.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemClock } from "../../src/app/clock.js";
import { toPem } from "../../src/pki/asn1/certificate.js";
import { bytesOf, childrenOf, readOnly, valueOf } from "../../src/pki/asn1/der-reader.js";
import { parseBasicResponse, responseStatusOf } from "../../src/pki/asn1/ocsp.js";
import { OID } from "../../src/pki/algs/suite.js";
import { verifySignature } from "../../src/pki/algs/verify.js";
import { certParts } from "../../src/pki/asn1/cert-parts.js";
import { parseTimeStampResp, parseTstInfo } from "../../src/pki/asn1/tsp.js";
import { verifyCms } from "../../src/pki/asn1/cms.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { scratch } from "../helpers/openssl.js";

const SM2_ID = "distid:1234567812345678";

describe("PKI against OpenSSL", () => {
  let s: TestSystem;
  let base: string;
  const f = scratch();
  const leaf: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestSystem({ publicUrl: "http://landtrade.test" });
    // OpenSSL checks validity and OCSP/CRL times against the real clock, so the fake clock starts at real time.
    s.clock.set(new SystemClock().now());
    await s.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
    for (const suite of ["ecdsa-p256", "sm2"] as const) {
      await s.c.pki.ca.init(suite, "test:admin");
      const [sub, root] = await s.c.pki.ca.chain(suite);
      f.write(`${suite}-sub.pem`, toPem(sub!, "CERTIFICATE"));
      f.write(`${suite}-root.pem`, toPem(root!, "CERTIFICATE"));
      f.write(`${suite}-chain.pem`, await s.c.pki.ca.chainPem(suite));
      f.write(`${suite}-sub.der`, sub!);
    }
  }, 120_000);
  afterAll(() => s?.close());

  async function issueFromOpenSsl(suite: "ecdsa-p256" | "sm2", name: string): Promise<string> {
    if (suite === "sm2") {
      expect((await f.run(["genpkey", "-algorithm", "SM2", "-out", `${name}.key`])).code).toBe(0);
      const r = await f.run(["req", "-new", "-key", `${name}.key`, "-sm3", "-sigopt", SM2_ID, "-subj", `/C=CN/O=长沙县国土资源局/CN=${name}.example.cn`, "-addext", `subjectAltName=DNS:${name}.example.cn`, "-utf8", "-out", `${name}.csr`]);
      expect(r.code, r.out).toBe(0);
    } else {
      expect((await f.run(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`])).code).toBe(0);
      const r = await f.run(["req", "-new", "-key", `${name}.key`, "-sha256", "-subj", `/C=CN/O=长沙县国土资源局/CN=${name}.example.cn`, "-addext", `subjectAltName=DNS:${name}.example.cn`, "-utf8", "-out", `${name}.csr`]);
      expect(r.code, r.out).toBe(0);
    }
    const issued = await s.c.pki.ca.issue({ suite, csr: f.read(`${name}.csr`), profile: "server-tls", actor: "test:admin", via: "admin" });
    f.write(`${name}.pem`, toPem(issued.certDer, "CERTIFICATE"));
    leaf[name] = issued.serial;
    return issued.serial;
  }

  it("openssl verify accepts issued ECDSA P-256 chains", async () => {
    await issueFromOpenSsl("ecdsa-p256", "web");
    const r = await f.run(["verify", "-CAfile", "ecdsa-p256-root.pem", "-untrusted", "ecdsa-p256-sub.pem", "-purpose", "sslserver", "web.pem"]);
    expect(r.stdout).toContain("web.pem: OK");
    // The sub-CA against the root, and the OCSP signer and TSA certificates against the chain.
    expect((await f.run(["verify", "-CAfile", "ecdsa-p256-root.pem", "ecdsa-p256-sub.pem"])).stdout).toContain("OK");
  });

  it("accepts an SM2 request made by OpenSSL with the GM/T 0009 ID, and openssl verify accepts the SM2 chain", async () => {
    await issueFromOpenSsl("sm2", "gm");
    const text = await f.run(["x509", "-in", "gm.pem", "-noout", "-text"]);
    expect(text.stdout).toMatch(/Signature Algorithm: SM2-with-SM3/);
    // Link by link (see the file comment): the sub-CA against the root, the leaf against the sub-CA.
    const sub = await f.run(["verify", "-vfyopt", SM2_ID, "-CAfile", "sm2-root.pem", "sm2-sub.pem"]);
    expect(sub.stdout, sub.out).toContain("sm2-sub.pem: OK");
    const r = await f.run(["verify", "-vfyopt", SM2_ID, "-partial_chain", "-CAfile", "sm2-sub.pem", "gm.pem"]);
    expect(r.stdout, r.out).toContain("gm.pem: OK");
    // The ID matters: OpenSSL's default (empty) ID must fail, and so must the wrong issuer.
    expect((await f.run(["verify", "-partial_chain", "-CAfile", "sm2-sub.pem", "gm.pem"])).code).not.toBe(0);
    expect((await f.run(["verify", "-vfyopt", SM2_ID, "-partial_chain", "-CAfile", "ecdsa-p256-sub.pem", "gm.pem"])).code).not.toBe(0);
  });

  it("serves CA certificates and CRLs at the URLs in the certificates; openssl crl -verify accepts the CRLs", async () => {
    const text = (await f.run(["x509", "-in", "web.pem", "-noout", "-ext", "crlDistributionPoints,authorityInfoAccess"])).stdout;
    expect(text).toContain("http://landtrade.test/pki/crl/ecdsa-p256-sub.crl");
    expect(text).toContain("OCSP - URI:http://landtrade.test/pki/ocsp");
    expect(text).toContain("CA Issuers - URI:http://landtrade.test/pki/ca/ecdsa-p256-sub.crt");

    const ca = await fetch(`${base}/pki/ca/ecdsa-p256-sub.crt`);
    expect(ca.status).toBe(200);
    expect(ca.headers.get("content-type")).toBe("application/pkix-cert");
    f.write("fetched-sub.der", new Uint8Array(await ca.arrayBuffer()));
    expect((await f.run(["x509", "-inform", "DER", "-in", "fetched-sub.der", "-noout", "-subject"])).code).toBe(0);

    for (const suite of ["ecdsa-p256", "sm2"] as const) {
      const res = await fetch(`${base}/pki/crl/${suite}-sub.crl`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pkix-crl");
      const der = new Uint8Array(await res.arrayBuffer());
      f.write(`${suite}.crl`, toPem(der, "X509 CRL"));
      const text = await f.run(["crl", "-in", `${suite}.crl`, "-noout", "-text"]);
      expect(text.stdout).toMatch(/X509v3 CRL Number: \n\s+\d+/);
      if (suite === "sm2") {
        // OpenSSL reads it; the signature is checked with the GM/T 0009 ID by our verifier.
        expect(text.stdout).toContain("Signature Algorithm: SM2-with-SM3");
        const [tbs, , sig] = childrenOf(der, readOnly(der, 0x30));
        expect(verifySignature(certParts(f.read("sm2-sub.der")).spkiDer, OID.sm2WithSm3, bytesOf(der, tbs!), valueOf(der, sig!).subarray(1))).toBe(true);
        continue;
      }
      const r = await f.run(["crl", "-in", `${suite}.crl`, "-CAfile", `${suite}-sub.pem`, "-verify", "-noout"]);
      expect(r.out, `${suite}: ${r.out}`).toContain("verify OK");
      // The wrong issuer: verification must fail.
      expect((await f.run(["crl", "-in", `${suite}.crl`, "-CAfile", "sm2-sub.pem", "-verify", "-noout"])).out).not.toContain("verify OK");
    }
    expect((await fetch(`${base}/pki/crl/no-such-ca.crl`)).status).toBe(404);
  });

  // SM2 responses: OpenSSL 3.0 cannot check the signature (see the file comment), so -noverify and our own check.
  const ocsp = (cert: string, suite: string, extra: string[] = []) =>
    f.run(["ocsp", "-url", `${base}/pki/ocsp`, ...extra, "-issuer", `${suite}-sub.pem`, "-cert", cert, "-CAfile", `${suite}-chain.pem`, "-resp_text", ...(suite === "sm2" ? ["-noverify", "-respout", "last.resp"] : [])]);

  function sm2ResponseVerifies(): boolean {
    const p = parseBasicResponse(f.read("last.resp"));
    return verifySignature(certParts(p.certs[0]!).spkiDer, p.signatureAlgorithm, p.tbs, p.signature);
  }

  it("OCSP: good, then revoked with time and reason after revocation; nonce echoed; SHA-1 and SHA-256 CertIDs", async () => {
    const good = await ocsp("web.pem", "ecdsa-p256");
    expect(good.out).toContain("Response verify OK");
    expect(good.out).toContain("web.pem: good");
    expect(good.out).toMatch(/OCSP Nonce:/);
    expect(good.out).not.toContain("WARNING");
    expect(good.out).toMatch(/Responder Id: [0-9A-F]{40}/);

    const sha256 = await ocsp("web.pem", "ecdsa-p256", ["-sha256"]);
    expect(sha256.out).toContain("web.pem: good");
    expect(sha256.out).toContain("Hash Algorithm: sha256");

    await s.c.pki.revocation.revoke(leaf.web!, "keyCompromise", "test:admin");
    const revoked = await ocsp("web.pem", "ecdsa-p256");
    expect(revoked.out).toContain("Response verify OK");
    expect(revoked.out).toContain("web.pem: revoked");
    expect(revoked.out).toMatch(/Reason: keyCompromise/);
    expect(revoked.out).toMatch(/Revocation Time: /);

    // And the CRL has it.
    const crl = new Uint8Array(await (await fetch(`${base}/pki/crl/ecdsa-p256-sub.crl`)).arrayBuffer());
    f.write("after.crl", toPem(crl, "X509 CRL"));
    const text = (await f.run(["crl", "-in", "after.crl", "-noout", "-text"])).stdout;
    expect(text).toContain(leaf.web!.replace(/^00/, "").toUpperCase());
    expect(text).toContain("Key Compromise");
  });

  it("OCSP: hold shows as revoked with certificateHold; release makes it good again (SM2 responder)", async () => {
    await issueFromOpenSsl("sm2", "held");
    expect((await ocsp("held.pem", "sm2")).out).toContain("held.pem: good");
    await s.c.pki.revocation.hold(leaf.held!, "test:admin");
    const held = await ocsp("held.pem", "sm2");
    expect(held.out).toContain("held.pem: revoked");
    expect(held.out).toMatch(/Reason: certificateHold/);
    expect(held.out).toMatch(/OCSP Nonce:/);
    expect(sm2ResponseVerifies()).toBe(true);
    // The check can fail: a flipped bit in the signed data.
    const p = parseBasicResponse(f.read("last.resp"));
    const tampered = Uint8Array.from(p.tbs);
    tampered[tampered.length - 3]! ^= 1;
    expect(verifySignature(certParts(p.certs[0]!).spkiDer, p.signatureAlgorithm, tampered, p.signature)).toBe(false);
    await s.c.pki.revocation.release(leaf.held!, "test:admin");
    expect((await ocsp("held.pem", "sm2")).out).toContain("held.pem: good");
  });

  it("OCSP: unknown serial is unknown; GET with a base64 path works; garbage gets malformedRequest", async () => {
    const unknown = await f.run(["ocsp", "-url", `${base}/pki/ocsp`, "-issuer", "ecdsa-p256-sub.pem", "-serial", "0x0123456789abcdef", "-CAfile", "ecdsa-p256-chain.pem"]);
    expect(unknown.out).toContain("unknown");

    expect((await f.run(["ocsp", "-issuer", "ecdsa-p256-sub.pem", "-cert", "web.pem", "-no_nonce", "-reqout", "get.req"])).code).toBe(0);
    const b64 = Buffer.from(f.read("get.req")).toString("base64");
    const res = await fetch(`${base}/pki/ocsp/${encodeURIComponent(b64)}`);
    expect(res.headers.get("content-type")).toBe("application/ocsp-response");
    f.write("get.resp", new Uint8Array(await res.arrayBuffer()));
    const parsed = await f.run(["ocsp", "-respin", "get.resp", "-issuer", "ecdsa-p256-sub.pem", "-cert", "web.pem", "-CAfile", "ecdsa-p256-chain.pem"]);
    expect(parsed.out).toContain("Response verify OK");
    expect(parsed.out).toContain("web.pem: revoked");

    const bad = await fetch(`${base}/pki/ocsp`, { method: "POST", headers: { "content-type": "application/ocsp-request" }, body: Buffer.from("not an OCSP request") });
    expect(bad.status).toBe(200);
    expect(bad.headers.get("x-landtrade-error")).toBe("PKI_OCSP_REQUEST_INVALID");
    expect(responseStatusOf(new Uint8Array(await bad.arrayBuffer()))).toBe(1);
  });

  it("TSA: openssl ts -query → POST → openssl ts -verify; tokens stored with increasing serials", async () => {
    f.write("bid.txt", "报价 CX-2026-017 123450000.00\n");
    const before = await s.dbh.db.selectFrom("pki_tsa_token").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const serials: string[] = [];
    for (const i of [1, 2]) {
      expect((await f.run(["ts", "-query", "-data", "bid.txt", "-sha256", "-cert", "-out", `q${i}.tsq`])).code).toBe(0);
      const res = await fetch(`${base}/pki/tsa`, { method: "POST", headers: { "content-type": "application/timestamp-query" }, body: Buffer.from(f.read(`q${i}.tsq`)) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/timestamp-reply");
      f.write(`r${i}.tsr`, new Uint8Array(await res.arrayBuffer()));
      const v = await f.run(["ts", "-verify", "-in", `r${i}.tsr`, "-queryfile", `q${i}.tsq`, "-CAfile", "ecdsa-p256-root.pem", "-untrusted", "ecdsa-p256-sub.pem"]);
      expect(v.out).toContain("Verification: OK");
      const text = (await f.run(["ts", "-reply", "-in", `r${i}.tsr`, "-text"])).stdout;
      expect(text).toContain("Status: Granted.");
      expect(text).toContain(`Policy OID: ${s.c.pki.tsa.policyOid}`);
      expect(text).toMatch(/Accuracy: 0x01 seconds/);
      serials.push(/Serial number: (0x[0-9A-F]+)/.exec(text)![1]!);
    }
    expect(BigInt(serials[1]!)).toBeGreaterThan(BigInt(serials[0]!));
    // Against the data as well, and a changed file must fail.
    expect((await f.run(["ts", "-verify", "-in", "r1.tsr", "-data", "bid.txt", "-CAfile", "ecdsa-p256-chain.pem"])).out).toContain("Verification: OK");
    f.write("bid2.txt", "报价 CX-2026-017 1.00\n");
    expect((await f.run(["ts", "-verify", "-in", "r1.tsr", "-data", "bid2.txt", "-CAfile", "ecdsa-p256-chain.pem"])).out).toContain("Verification: FAILED");
    const after = await s.dbh.db.selectFrom("pki_tsa_token").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(2);
  });

  it("TSA: SM3 imprints are stamped by the SM2 TSA (verified with our verifier; OpenSSL 3.0 cannot check SM2 CMS)", async () => {
    expect((await f.run(["ts", "-query", "-data", "bid.txt", "-sm3", "-cert", "-out", "sm3.tsq"])).code).toBe(0);
    const res = await fetch(`${base}/pki/tsa`, { method: "POST", headers: { "content-type": "application/timestamp-query" }, body: Buffer.from(f.read("sm3.tsq")) });
    const reply = parseTimeStampResp(new Uint8Array(await res.arrayBuffer()));
    expect(reply.status).toBe(0);
    const check = await s.c.pki.tsa.verifyToken(reply.token!);
    expect(check).toMatchObject({ ok: true, ourTsa: true });
    expect(check.cms.signerSuite).toBe("sm2");
    expect((await f.run(["ts", "-reply", "-in", "sm3.tsq", "-text"])).code).not.toBe(0); // sanity: a query is not a reply
    const text = (await f.run(["ts", "-reply", "-in", "-", "-text"])).code; // no input → error, never hangs
    expect(text).not.toBe(0);
    // OpenSSL at least parses the reply and agrees on the imprint.
    f.write("sm3.tsr", new Uint8Array(await (await fetch(`${base}/pki/tsa`, { method: "POST", headers: { "content-type": "application/timestamp-query" }, body: Buffer.from(f.read("sm3.tsq")) })).arrayBuffer()));
    expect((await f.run(["ts", "-reply", "-in", "sm3.tsr", "-text"])).stdout).toContain("Hash Algorithm: sm3");
    expect(parseTstInfo(verifyCms(reply.token!).content).hashAlg).toBe("1.2.156.10197.1.401");
  });
});
