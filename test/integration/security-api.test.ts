/**
 * The security service over HTTP, end to end on the real app: negotiation and
 * SEC_FUNCTION_UNKNOWN (server and SDK), server-side sign → SDK receipt check
 * and server verify, tampering, unknown CA, revocation before/after the
 * validation time, payload limit, envelopes to and from the service's key,
 * certificate authentication with replay refused, the call log (with its
 * digest chain) and the stats the ops view shows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileKeyStore } from "../../src/pki/keys/file-key-store.js";
import { keyIdentifierOf } from "../../src/pki/asn1/certificate.js";
import { LandtradeClient, MemoryToken, isSdkError } from "../../sdk/src/index.js";
import { miniCa, type MiniCa } from "../helpers/mini-ca.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "../helpers/app.js";

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const DOC = new TextEncoder().encode("长沙县国土资源局 成交确认书 LT-2026-0017");
const dir = mkdtempSync(path.join(tmpdir(), "lt-secapi-"));

let s: TestSystem;
let ops: LoggedIn;
let ca: MiniCa, stranger: MiniCa;
let base: string;
const token = new MemoryToken();
let bidderKey: string;

/** Records a certificate in the CA's certificate table, as our CA does when it issues. */
async function registerCert(cert: Uint8Array) {
  const { readCert } = await import("../../sdk/src/cms/cert-info.js");
  const info = readCert(cert);
  const t = s.clock.now();
  await s.c.store.tx((r) =>
    r.pki.insertCertificates([
      { serial: info.serialHex, caId: "test-root", profile: "individual-sign", suite: "ecdsa-p256", subject: info.subject, spkiSha256: "", tbsDer: info.tbs, certDer: cert, status: "issued", notBefore: info.notBefore, notAfter: info.notAfter, revokedAt: null, revocationReason: null, holder: null, requestedBy: "test", createdAt: t, issuedAt: t },
    ]),
  );
  return info;
}

async function post(url: string, payload: unknown, who = ops) {
  return s.app.inject({ method: "POST", url, payload: payload as object, headers: { cookie: who.cookie, "x-csrf-token": who.csrf } });
}

beforeAll(async () => {
  s = await startTestSystem({ dataDir: dir, keyPassphrase: "test-passphrase-123", securityMaxPayloadBytes: 64 * 1024, securityFreshnessSeconds: 30 });
  const now = s.clock.now();
  ca = await miniCa("ecdsa-p256", now, "长沙县国土资源局 测试根CA");
  stranger = await miniCa("ecdsa-p256", now, "Unknown CA");
  await s.c.store.tx((r) =>
    r.pki.insertCa({ id: "test-root", suite: "ecdsa-p256", kind: "root", name: "test root", parentId: null, keyRef: null, certDer: ca.cert, ski: Buffer.from(keyIdentifierOf(ca.signer.spki)).toString("hex"), notBefore: new Date(now.getTime() - 86400000), notAfter: new Date(now.getTime() + 3650 * 86400000), crlNumber: 0, createdAt: now }),
  );
  // the service's own keys, in the configured key directory
  const keys = new FileKeyStore(path.join(dir, "keys"), "test-passphrase-123", "1234567812345678");
  for (const purpose of ["sign", "encrypt"] as const) {
    const k = await keys.generate("ecdsa-p256", `security ${purpose}`);
    const cert = await ca.issue(k.spki, `安全服务 ${purpose}`, { usage: purpose });
    await s.c.security.service.putServiceKey({ purpose, suite: "ecdsa-p256", serial: (await registerCert(cert)).serialHex, keyRef: k, certDer: cert }, "system:test");
  }
  await s.c.staff.create({ username: "ops1", displayName: "运维", roles: ["ops"], password: TEST_PASSWORD }, "system:test");
  ops = await login(s.app, "ops1");
  const bk = await token.generate("ecdsa-p256", "bidder");
  token.attachCertificate(bk.id, await ca.issue(bk.spki, "竞买人 王五"));
  bidderKey = bk.id;
  base = await s.app.listen({ port: 0, host: "127.0.0.1" });
}, 300_000);
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("negotiation", () => {
  it("lists functions; an unknown function is SEC_FUNCTION_UNKNOWN on the server and in the SDK, without a request", async () => {
    const r = await post("/api/security/functions", { sdkVersion: "9.0.0", functions: [{ name: "verify", version: 1 }, { name: "timestampOnly", version: 1 }, { name: "sign", version: 7 }] });
    expect(r.statusCode).toBe(200);
    expect(r.json().missing).toEqual(["timestampOnly v1", "sign v7"]);
    const u = await post("/api/security/frobnicate", {});
    expect(u.statusCode).toBe(404);
    expect(u.json().code).toBe("SEC_FUNCTION_UNKNOWN");
    expect(u.json().detail).toContain("verify v1");

    const client = new LandtradeClient({ baseUrl: base });
    await client.loginWithPassword("ops1", TEST_PASSWORD);
    expect(client.serverFunctions?.missing).toEqual([]);
    let code = "";
    try {
      await client.call("frobnicate", {});
    } catch (e) {
      code = isSdkError(e) ? e.code : String(e);
    }
    expect(code).toBe("SEC_FUNCTION_UNKNOWN");
  });
});

describe("sign and verify", () => {
  it("the service signs; the SDK checks the receipt against /trust; the server verifies it; tampering and strangers fail with codes", async () => {
    const client = new LandtradeClient({ baseUrl: base, now: () => s.clock.now() });
    await client.loginWithPassword("ops1", TEST_PASSWORD);
    const signed = await client.api.sign({ data: b64(DOC), detached: true });
    expect(signed.signer.subject).toContain("安全服务 sign");
    const receipt = await client.verifyReceipt(new Uint8Array(Buffer.from(signed.cms, "base64")), { content: DOC });
    expect(receipt.signer.serialHex).toBe(signed.signer.serial);

    const ok = await client.api.verify({ cms: signed.cms, content: b64(DOC) });
    expect(ok).toMatchObject({ valid: true, code: null, format: "cms", detached: true });
    expect(ok.validation?.revocation).toMatchObject({ status: "good", source: "db" });
    const changed = await client.api.verify({ cms: signed.cms, content: b64(new TextEncoder().encode("另一份文件")) });
    expect(changed).toMatchObject({ valid: false, code: "SEC_SIG_INVALID" });

    const bad = await post("/api/security/verify", { cms: b64(DOC) });
    expect(bad.json().code).toBe("SEC_CMS_MALFORMED");
    const missing = await post("/api/security/verify", { cms: signed.cms });
    expect(missing.json().code).toBe("SEC_CONTENT_MISSING");
    const big = await post("/api/security/verify", { cms: signed.cms, content: b64(new Uint8Array(70 * 1024)) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe("SEC_PAYLOAD_TOO_LARGE");

    // a bidder's signature under a CA nobody imported
    const k = await token.generate("ecdsa-p256", "stranger");
    token.attachCertificate(k.id, await stranger.issue(k.spki, "stranger"));
    const foreign = await client.signDocument(token, DOC, { keyId: k.id });
    expect((await client.api.verify({ cms: b64(foreign) })).code).toBe("SEC_CHAIN_UNTRUSTED");
  });

  it("a revoked signer: valid for a time before the revocation, invalid after (cache honours the freshness window)", async () => {
    const client = new LandtradeClient({ baseUrl: base, now: () => s.clock.now() });
    await client.loginWithPassword("ops1", TEST_PASSWORD);
    const cms = await client.signDocument(token, DOC, { keyId: bidderKey });
    const cert = (await token.list()).find((x) => x.id === bidderKey)!.certificate!;
    const info = await registerCert(cert);
    expect((await client.api.verify({ cms: b64(cms) })).valid).toBe(true);
    s.clock.advance(60_000);
    const revokedAt = s.clock.now();
    await s.c.store.tx((r) => r.pki.setStatus(info.serialHex, "revoked", revokedAt, 1));
    // within the freshness window a cached "good" may still be served…
    s.clock.advance(31_000);
    // …but not after it:
    const after = await client.api.verify({ cms: b64(cms) });
    expect(after).toMatchObject({ valid: false, code: "SEC_CERT_REVOKED" });
    expect(after.validation?.revocation.reason).toBe("keyCompromise");
    const before = await client.api.verify({ cms: b64(cms), at: new Date(revokedAt.getTime() - 1000).toISOString() });
    expect(before).toMatchObject({ valid: true, code: null });
    const v = await client.api.validate({ certificate: b64(cert) });
    expect(v.code).toBe("SEC_CERT_REVOKED");
  });
});

describe("envelopes and authentication", () => {
  it("encrypt to the service's certificate → decrypt (audited); not held → SEC_KEY_NOT_HELD", async () => {
    const enc = (await s.c.store.read.security.serviceKeys()).find((k) => k.purpose === "encrypt")!;
    const e = await post("/api/security/encrypt", { data: b64(DOC), recipients: [b64(enc.certDer)] });
    expect(e.statusCode).toBe(200);
    const d = await post("/api/security/decrypt", { cms: e.json().cms });
    expect(Buffer.from(d.json().data, "base64").equals(Buffer.from(DOC))).toBe(true);
    const other = await post("/api/security/encrypt", { data: b64(DOC), recipients: [b64(await ca.issue((await token.generate("ecdsa-p256", "x", "encrypt")).spki, "x", { usage: "encrypt" }))] });
    expect((await post("/api/security/decrypt", { cms: other.json().cms })).json().code).toBe("SEC_KEY_NOT_HELD");
    const audit = await s.c.store.read.audit.list({ limit: 50 } as never);
    expect(JSON.stringify(audit)).toContain("security.decrypt");
  });

  it("certificate authentication: a signed challenge proves the token; a replay is refused", async () => {
    const client = new LandtradeClient({ baseUrl: base, now: () => s.clock.now() });
    await client.loginWithPassword("ops1", TEST_PASSWORD);
    const r = await client.authenticate(token, bidderKey).catch((e) => e);
    // the bidder certificate was revoked above
    expect(isSdkError(r) && r.code).toBe("SEC_CERT_REVOKED");
    const k = await token.generate("ecdsa-p256", "fresh");
    token.attachCertificate(k.id, await ca.issue(k.spki, "竞买人 赵六"));
    const ok = await client.authenticate(token, k.id).catch((e) => e);
    // signed by our CA key but not in the certificate table: the path validator says the CA has no record of it
    expect(isSdkError(ok) && ok.code).toBe("SEC_CERT_UNKNOWN");
    const ch = await post("/api/security/authenticate/challenge", {});
    const signer = await token.signer(k.id);
    const sig = await signer.sign(new Uint8Array(Buffer.from(ch.json().challenge, "base64")));
    const cert = (await token.list()).find((x) => x.id === k.id)!.certificate!;
    await post("/api/security/authenticate", { challengeId: ch.json().challengeId, signature: b64(sig), certificate: b64(cert) });
    const replay = await post("/api/security/authenticate", { challengeId: ch.json().challengeId, signature: b64(sig), certificate: b64(cert) });
    expect(replay.json().code).toBe("SEC_CHALLENGE_INVALID");
  });
});

describe("call log and statistics", () => {
  it("every call is logged with its outcome in digest-chained batches; stats group them by function and code; tampering is detected", async () => {
    const st = await s.app.inject({ method: "GET", url: "/api/security/stats", headers: { cookie: ops.cookie } });
    expect(st.statusCode).toBe(200);
    const rows = st.json().byFunction as { fn: string; outcome: string; calls: number }[];
    const get = (fn: string, outcome: string) => rows.find((r) => r.fn === fn && r.outcome === outcome)?.calls ?? 0;
    expect(get("verify", "SEC_SIG_INVALID")).toBeGreaterThanOrEqual(1);
    expect(get("verify", "SEC_CERT_REVOKED")).toBeGreaterThanOrEqual(1);
    expect(get("unknown", "SEC_FUNCTION_UNKNOWN")).toBe(1);
    expect(get("decrypt", "OK")).toBe(1);
    const v = await s.c.security.calls.verify();
    expect(v.ok).toBe(true);
    expect(v.calls).toBeGreaterThan(10);
    await s.dbh.db.updateTable("security_call").set({ outcome: "OK" }).where("outcome", "=", "SEC_SIG_INVALID").execute();
    const broken = await s.c.security.calls.verify();
    expect(broken.ok).toBe(false);
    expect(broken.firstBreak?.reason).toContain("digest");
  });
});
