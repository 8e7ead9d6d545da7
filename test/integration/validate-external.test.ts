/**
 * External trust against REAL independent peers: a CA made with OpenSSL,
 * its `openssl ocsp` responder as a child process, and its CRL from a local
 * HTTP server. The RA admin imports the CA; its users' certificates then
 * validate like ours, with revocation from OCSP (nonce) and CRL fallback,
 * under the freshness policy, hard- and soft-fail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemClock } from "../../src/app/clock.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "../helpers/app.js";
import { createOpenSslCa, type OpenSslCa } from "../helpers/openssl-ca.js";

const CACHE_S = 120;

describe("external CA: import, OCSP and CRL from an independent OpenSSL CA", { timeout: 120_000 }, () => {
  let s: TestSystem;
  let ext: OpenSslCa;
  let admin: LoggedIn;
  let operator: LoggedIn;
  const leaves: Record<string, string> = {};

  beforeAll(async () => {
    ext = await createOpenSslCa();
    for (const n of ["wang", "li", "zhao", "sun"]) leaves[n] = ext.issueLeaf(n);
    leaves.sha1 = ext.issueLeaf("sha1", { md: "sha1" });
    ext.gencrl();
    await ext.startOcsp();
    s = await startTestSystem({ revocationCacheSeconds: CACHE_S, revocationTimeoutMs: 10_000 });
    // The responder signs with the real time; our clock starts there and is moved by hand.
    s.clock.set(new SystemClock().now());
    await s.c.staff.create({ username: "ra-admin", displayName: "RA 管理员", roles: ["ra_admin"], password: TEST_PASSWORD }, "system:test");
    await s.c.staff.create({ username: "ra-op", displayName: "RA 操作员", roles: ["ra_operator"], password: TEST_PASSWORD }, "system:test");
    admin = await login(s.app, "ra-admin");
    operator = await login(s.app, "ra-op");
  }, 300_000);
  afterAll(async () => {
    await ext?.close();
    await s?.close();
  });

  const importChain = (who: LoggedIn, pem: string, name?: string) =>
    s.app.inject({ method: "POST", url: "/api/pki/external-cas", payload: { pem, ...(name ? { name } : {}) }, headers: { cookie: who.cookie, "x-csrf-token": who.csrf } });

  it("before import the old CA's certificates are untrusted; the RA admin imports its chain (operators may not)", async () => {
    expect((await s.c.validator.validate({ cert: leaves.wang! })).code).toBe("SEC_CHAIN_UNTRUSTED");
    expect((await importChain(operator, ext.caPem)).statusCode).toBe(403);
    const leafAsCa = await importChain(admin, leaves.wang!);
    expect([leafAsCa.statusCode, leafAsCa.json().code]).toEqual([400, "PKI_EXTERNAL_CA_INVALID"]);

    const r = await importChain(admin, ext.caPem, "湖南某CA（原有用户）");
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.imported).toHaveLength(1);
    expect(body.imported[0]).toMatchObject({ label: "湖南某CA（原有用户）", subject: "C=CN, O=Old Provincial CA, CN=湖南某CA 根证书", selfSigned: true, parentId: null });
    const again = await importChain(admin, ext.caPem);
    expect([again.statusCode, again.json().code]).toEqual([409, "PKI_EXTERNAL_CA_EXISTS"]);
    const list = await s.app.inject({ url: "/api/pki/external-cas", headers: { cookie: operator.cookie } });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([body.imported[0].id]);
    const audit = await s.c.store.read.audit.list({ action: "pki.ca.import", limit: 5 });
    expect(audit[0]).toMatchObject({ actor: "staff:ra-admin", subject: `ca:${body.imported[0].id}` });
  });

  it("validates an old user's certificate via the CA's own OCSP responder (nonce echoed), then from the cache", async () => {
    const r = await s.c.validator.validate({ cert: leaves.wang!, purpose: "clientAuth" });
    expect(r.ok, JSON.stringify(r.checks)).toBe(true);
    expect(r.chain.map((c) => c.source)).toEqual(["presented", "external-ca"]);
    expect(r.trustAnchor?.kind).toBe("external");
    expect(r.revocation[0]).toMatchObject({ source: "ocsp", status: "good", url: ext.ocspUrl, cached: false });
    expect(r.revocation[0]!.detail).toContain("nonce echoed");
    expect(r.revocation[0]!.detail).toContain("Old CA OCSP responder"); // the delegated responder, checked against the CA
    const fetches = s.c.revocationChecker.stats.ocspFetches;
    const again = await s.c.validator.validate({ cert: leaves.wang! });
    expect(again.revocation[0]).toMatchObject({ status: "good", cached: true });
    expect(s.c.revocationChecker.stats.ocspFetches).toBe(fetches);
  });

  it("a revocation in OpenSSL's index is seen within the freshness window, never later", async () => {
    ext.revoke("wang", "keyCompromise");
    ext.gencrl();
    await ext.pokeOcsp();
    // Inside the window the cached answer may still say good — that is the documented policy.
    s.clock.advance((CACHE_S - 10) * 1000);
    expect((await s.c.validator.validate({ cert: leaves.wang! })).revocation[0]).toMatchObject({ status: "good", cached: true });
    // Past the window it must ask again, and sees the revocation.
    s.clock.advance(11 * 1000);
    const r = await s.c.validator.validate({ cert: leaves.wang! });
    expect([r.ok, r.code]).toEqual([false, "SEC_CERT_REVOKED"]);
    expect(r.revocation[0]).toMatchObject({ source: "ocsp", status: "revoked", reason: 1, cached: false });
  });

  it("a SHA-1 signed certificate is refused as SEC_ALG_UNSUPPORTED", async () => {
    const r = await s.c.validator.validate({ cert: leaves.sha1! });
    expect([r.code, r.detail]).toEqual(["SEC_ALG_UNSUPPORTED", expect.stringContaining("1.2.840.113549.1.1.5")]);
  });

  it("responder down: the CRL answers (good, revoked, on hold); both down: hard-fail SEC_REVOCATION_UNAVAILABLE, soft-fail ok with a warning", async () => {
    ext.revoke("zhao", "certificateHold");
    ext.gencrl();
    await ext.stopOcsp();
    s.clock.advance((CACHE_S + 1) * 1000);

    const li = await s.c.validator.validate({ cert: leaves.li! });
    expect(li.ok, JSON.stringify(li.revocation)).toBe(true);
    expect(li.revocation[0]).toMatchObject({ source: "crl", status: "good", url: ext.crlUrl });
    expect(li.revocation[0]!.attempts[0]).toMatch(/^OCSP .*unreachable/);
    const wang = await s.c.validator.validate({ cert: leaves.wang! });
    expect([wang.code, wang.revocation[0]?.source]).toEqual(["SEC_CERT_REVOKED", "crl"]);
    const zhao = await s.c.validator.validate({ cert: leaves.zhao! });
    expect(zhao.code).toBe("SEC_CERT_ON_HOLD");

    ext.crlServer.up = false;
    s.clock.advance((CACHE_S + 1) * 1000);
    const hard = await s.c.validator.validate({ cert: leaves.sun! });
    expect([hard.ok, hard.code]).toEqual([false, "SEC_REVOCATION_UNAVAILABLE"]);
    expect(hard.revocation[0]!.attempts.join("\n")).toMatch(/OCSP .*unreachable[\s\S]*CRL .*HTTP 503/);
    const soft = await s.c.validator.validate({ cert: leaves.sun!, failMode: "soft" });
    expect(soft.ok).toBe(true);
    expect(soft.checks.find((c) => c.check === "revocation")).toMatchObject({ outcome: "warn", code: "SEC_REVOCATION_UNAVAILABLE" });
    expect(soft.warnings.join()).toContain("soft-fail");
    // Soft-fail never hides a known revocation: the cached revoked CRL entry is gone with the window, so wang is "unavailable", not "good".
    const wangSoft = await s.c.validator.validate({ cert: leaves.wang!, failMode: "soft" });
    expect(wangSoft.revocation[0]?.status).toBe("unavailable");
  });

  it("a CRL past its nextUpdate is stale and refused, even when the server still serves it", async () => {
    ext.crlServer.up = true;
    s.clock.advance(2 * 86_400_000); // the CRL was made for 1 day
    const r = await s.c.validator.validate({ cert: leaves.li! });
    expect(r.code).toBe("SEC_REVOCATION_UNAVAILABLE");
    expect(r.revocation[0]!.detail).toMatch(/stale: nextUpdate .* has passed/);
  });
});
