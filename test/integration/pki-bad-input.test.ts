/**
 * Bad input at the PKI's boundaries gets a stable code and changes nothing:
 * CSRs (malformed, truncated, oversized DER/PEM, wrong signature, RSA 1024,
 * an unsupported curve, a key certified to someone else, unknown profile or
 * suite), OCSP requests and TSA queries over HTTP. Rows are counted before
 * and after every refusal.
 */
import { generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OID, type Signer } from "../../src/pki/algs/suite.js";
import { toPem } from "../../src/pki/asn1/certificate.js";
import { buildCsr } from "../../src/pki/asn1/csr-builder.js";
import { derAlgorithm, derBoolean, derInteger, derOctetString, derOid, derSequence } from "../../src/pki/asn1/der.js";
import { responseStatusOf } from "../../src/pki/asn1/ocsp.js";
import { parseTimeStampResp } from "../../src/pki/asn1/tsp.js";
import type { IssueRequest } from "../../src/pki/ca/ca.service.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { scratch } from "../helpers/openssl.js";

function p256(): Signer {
  const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { suite: "ecdsa-p256", spki: new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" })), sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key: kp.privateKey, dsaEncoding: "der" })) };
}

const tsq = (o: { alg?: string; imprint?: Uint8Array; policy?: string; nonce?: bigint; certReq?: boolean } = {}) =>
  derSequence([
    derInteger(1),
    derSequence([derAlgorithm(o.alg ?? OID.sha256, true), derOctetString(o.imprint ?? new Uint8Array(32).fill(7))]),
    ...(o.policy ? [derOid(o.policy)] : []),
    ...(o.nonce !== undefined ? [derInteger(o.nonce)] : []),
    ...(o.certReq ? [derBoolean(true)] : []),
  ]);

describe("bad input to the PKI", () => {
  let s: TestSystem;
  const f = scratch("lt-badinput-");
  let goodCsr: Uint8Array;

  const counts = async () => {
    const db = s.dbh.db;
    const n = async (t: "pki_certificate" | "audit_log" | "pki_tsa_token" | "pki_crl") => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    return { certs: await n("pki_certificate"), audit: await n("audit_log"), tokens: await n("pki_tsa_token"), crls: await n("pki_crl") };
  };
  const req = (csr: Uint8Array | string, over: Partial<IssueRequest> = {}): IssueRequest => ({ suite: "ecdsa-p256", csr, profile: "server-tls", actor: "test:admin", via: "admin", ...over });

  /** Expects `fn` to fail with `code` and every PKI table and the audit log to be unchanged. */
  async function refused(code: string, fn: () => Promise<unknown>): Promise<void> {
    const before = await counts();
    await expect(fn()).rejects.toMatchObject({ code });
    expect(await counts()).toEqual(before);
  }

  beforeAll(async () => {
    s = await startTestSystem();
    await s.c.pki.ca.init("ecdsa-p256", "test:admin");
    await s.c.pki.crl.refreshDue();
    goodCsr = await buildCsr([["CN", "good.example.cn"]], p256(), { dnsNames: ["good.example.cn"] });
  }, 120_000);
  afterAll(() => s?.close());

  it("malformed, truncated and oversized DER/PEM requests", async () => {
    await refused("PKI_CSR_INVALID", () => s.c.pki.ca.issue(req(new TextEncoder().encode("definitely not a CSR"))));
    await refused("PKI_CSR_INVALID", () => s.c.pki.ca.issue(req(goodCsr.subarray(0, goodCsr.length - 9))));
    await refused("PKI_CSR_INVALID", () => s.c.pki.ca.issue(req(Uint8Array.from([...goodCsr, 0, 0]))));
    await refused("PKI_CSR_INVALID", () => s.c.pki.ca.issue(req("-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n")));
    await refused("PKI_CSR_INVALID", () => s.c.pki.ca.issue(req(toPem(goodCsr.subarray(0, 40), "CERTIFICATE REQUEST"))));
    const big = new Uint8Array(70 * 1024);
    big.set([0x30, 0x83, 0x01, 0x17, 0xfc]);
    await refused("PKI_INPUT_TOO_LARGE", () => s.c.pki.ca.issue(req(big)));
    await refused("PKI_INPUT_TOO_LARGE", () => s.c.pki.ca.issue(req(toPem(new Uint8Array(100 * 1024), "CERTIFICATE REQUEST"))));
  });

  it("a request whose signature does not match its key", async () => {
    const bad = Uint8Array.from(goodCsr);
    bad[bad.length - 4]! ^= 0x40;
    await refused("PKI_CSR_SIGNATURE_INVALID", () => s.c.pki.ca.issue(req(bad)));
    // Signed by another key than the one it carries.
    const other = p256();
    const honest = p256();
    const forged = await buildCsr([["CN", "forged.example.cn"]], { ...other, spki: honest.spki }, { dnsNames: ["forged.example.cn"] });
    await refused("PKI_CSR_SIGNATURE_INVALID", () => s.c.pki.ca.issue(req(forged)));
  });

  it("RSA 1024 and secp384r1 keys from OpenSSL are refused", async () => {
    expect((await f.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa1024.key"])).code).toBe(0);
    expect((await f.run(["req", "-new", "-key", "rsa1024.key", "-subj", "/CN=weak.example.cn", "-addext", "subjectAltName=DNS:weak.example.cn", "-out", "rsa1024.csr"])).code).toBe(0);
    await refused("PKI_KEY_TOO_WEAK", () => s.c.pki.ca.issue(req(f.read("rsa1024.csr"))));
    expect((await f.run(["ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "p384.key"])).code).toBe(0);
    expect((await f.run(["req", "-new", "-key", "p384.key", "-subj", "/CN=p384.example.cn", "-addext", "subjectAltName=DNS:p384.example.cn", "-out", "p384.csr"])).code).toBe(0);
    await refused("PKI_KEY_UNSUPPORTED", () => s.c.pki.ca.issue(req(f.read("p384.csr"))));
  });

  it("a public key already certified to someone else", async () => {
    const key = p256();
    await s.c.pki.ca.issue(req(await buildCsr([["CN", "first.example.cn"]], key, { dnsNames: ["first.example.cn"] })));
    const second = await buildCsr([["CN", "second.example.cn"]], key, { dnsNames: ["second.example.cn"] });
    await refused("PKI_KEY_ALREADY_CERTIFIED", () => s.c.pki.ca.issue(req(second)));
    // Within one batch, too: the whole batch is refused and nothing is stored.
    const k2 = p256();
    const a = await buildCsr([["CN", "a.example.cn"]], k2, { dnsNames: ["a.example.cn"] });
    const b = await buildCsr([["CN", "b.example.cn"]], k2, { dnsNames: ["b.example.cn"] });
    await refused("PKI_KEY_ALREADY_CERTIFIED", () => s.c.pki.ca.issueMany([req(a), req(b)]));
  });

  it("unknown profile or suite, RA-only profiles, a suite without a CA, a server certificate without DNS names", async () => {
    await refused("PKI_PROFILE_UNKNOWN", () => s.c.pki.ca.issue(req(goodCsr, { profile: "super-user" })));
    await refused("PKI_SUITE_UNKNOWN", () => s.c.pki.ca.issue(req(goodCsr, { suite: "ed25519" as never })));
    await refused("PKI_PROFILE_NOT_ALLOWED", () => s.c.pki.ca.issue(req(goodCsr, { profile: "individual-sign" })));
    await refused("PKI_PROFILE_NOT_ALLOWED", () => s.c.pki.ca.issue(req(goodCsr, { profile: "sub-ca" })));
    await refused("PKI_CA_NOT_INITIALISED", () => s.c.pki.ca.issue(req(goodCsr, { suite: "rsa-2048" })));
    await refused("PKI_KEY_UNSUPPORTED", () => s.c.pki.ca.issue(req(goodCsr, { suite: "sm2" })));
    const noSan = await buildCsr([["CN", "nosan.example.cn"]], p256());
    await refused("PKI_LINT_FAILED", () => s.c.pki.ca.issue(req(noSan)));
  });

  it("OCSP: malformed, truncated, oversized and foreign requests get protocol errors with a code, nothing else", async () => {
    const post = (body: Uint8Array, type = "application/ocsp-request") => s.app.inject({ method: "POST", url: "/pki/ocsp", headers: { "content-type": type }, payload: Buffer.from(body) });
    const before = await counts();
    for (const body of [new Uint8Array(0), Uint8Array.of(0x30, 0x03, 0x30, 0x01), new TextEncoder().encode("GET / HTTP/1.1"), Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff)]) {
      const r = await post(body);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers["content-type"], r.body).toBe("application/ocsp-response");
      expect(responseStatusOf(new Uint8Array(r.rawPayload))).toBe(1);
      expect(r.headers["x-landtrade-error"]).toBe("PKI_OCSP_REQUEST_INVALID");
    }
    const big = new Uint8Array(70 * 1024);
    big.set([0x30, 0x83, 0x01, 0x17, 0xfc]);
    const tooBig = await post(big);
    expect(responseStatusOf(new Uint8Array(tooBig.rawPayload))).toBe(1);
    expect(tooBig.headers["x-landtrade-error"]).toBe("PKI_INPUT_TOO_LARGE");
    const huge = await post(new Uint8Array(200 * 1024));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe("BODY_TOO_LARGE");
    const wrongType = await s.app.inject({ method: "POST", url: "/pki/ocsp", headers: { "content-type": "text/plain" }, payload: "hello" });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const badGet = await s.app.inject({ method: "GET", url: "/pki/ocsp/not*base64!" });
    expect(responseStatusOf(new Uint8Array(badGet.rawPayload))).toBe(1);
    expect(badGet.headers["cache-control"]).toBe("no-store");
    // A path that is not even URL-encoded properly is refused by the router, still with a code.
    const badUrl = await s.app.inject({ method: "GET", url: "/pki/ocsp/%%%" });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().code).toBe("REQUEST_MALFORMED");
    // A well-formed request about a CA we do not run: unauthorized.
    f.write("foreign.key", "");
    expect((await f.run(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "foreign.key"])).code).toBe(0);
    expect((await f.run(["req", "-new", "-x509", "-key", "foreign.key", "-subj", "/CN=foreign CA", "-days", "2", "-out", "foreign.pem"])).code).toBe(0);
    expect((await f.run(["ocsp", "-issuer", "foreign.pem", "-serial", "0x1234", "-reqout", "foreign.req"])).code).toBe(0);
    const foreign = await post(f.read("foreign.req"));
    expect(responseStatusOf(new Uint8Array(foreign.rawPayload))).toBe(6);
    expect(foreign.headers["x-landtrade-error"]).toBe("PKI_CA_NOT_FOUND");
    expect(await counts()).toEqual(before);
  });

  it("TSA: malformed queries, unsupported hashes and policies are rejections with failure info and a code; no token is stored", async () => {
    const post = (body: Uint8Array) => s.app.inject({ method: "POST", url: "/pki/tsa", headers: { "content-type": "application/timestamp-query" }, payload: Buffer.from(body) });
    const before = await counts();
    const cases: [Uint8Array, string][] = [
      [new TextEncoder().encode("no"), "PKI_TSA_QUERY_INVALID"],
      [tsq().subarray(0, 20), "PKI_TSA_QUERY_INVALID"],
      [tsq({ alg: "1.3.14.3.2.26", imprint: new Uint8Array(20) }), "PKI_TSA_ALG_UNSUPPORTED"],
      [tsq({ imprint: new Uint8Array(31) }), "PKI_TSA_QUERY_INVALID"],
      [tsq({ policy: "1.2.3.4" }), "PKI_TSA_POLICY_UNSUPPORTED"],
      [tsq({ alg: OID.sm3 }), "PKI_TSA_UNAVAILABLE"], // no SM2 hierarchy in this system
      [Uint8Array.from([0x30, 0x83, 0x01, 0x17, 0xfc, ...new Uint8Array(70 * 1024)]), "PKI_INPUT_TOO_LARGE"],
    ];
    for (const [body, code] of cases) {
      const r = await post(body);
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-type"]).toBe("application/timestamp-reply");
      expect(r.headers["x-landtrade-error"], code).toBe(code);
      const resp = parseTimeStampResp(new Uint8Array(r.rawPayload));
      expect(resp.status).toBe(2);
      expect(resp.token).toBeNull();
    }
    expect(await counts()).toEqual(before);
    // And a good one is granted and stored (so the counting above can fail).
    const ok = parseTimeStampResp(new Uint8Array((await post(tsq({ nonce: 42n, certReq: true }))).rawPayload));
    expect(ok.status).toBe(0);
    expect((await counts()).tokens).toBe(before.tokens + 1);
  });
});
