/**
 * Certificate login for bidders, end to end through HTTP: challenge → token
 * signature → session cookie; the contract other areas build on (access
 * "bidder", req.bidder, CSRF); and each failure with its own code, leaving
 * sessions and bindings untouched.
 */
import { createPrivateKey, sign as nodeSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../../src/app/clock.js";
import { buildExtensions, buildTbs, keyIdentifierOf, signTbs } from "../../src/pki/asn1/certificate.js";
import { buildName } from "../../src/pki/asn1/names.js";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { memorySigner } from "../helpers/node-signer.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { createBidder, loginBidder, TEST_AUDITOR, TEST_OPERATOR, type TestBidder } from "../helpers/bidder.js";
import { countRows } from "../helpers/rows.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

describe("bidder certificate login", () => {
  let s: TestSystem;
  let zhang: TestBidder;
  let firm: TestBidder;

  beforeAll(async () => {
    s = await startTestSystem();
    zhang = await createBidder(s, { name: "张三" });
    firm = await createBidder(s, { name: "长沙星城置业有限公司", kind: "enterprise", suite: "sm2" });
  }, 120_000);
  afterAll(() => s.close());

  /** A login attempt with full control over what is sent. */
  async function attempt(opts: { cert: Uint8Array; sign: (d: Uint8Array) => Promise<Uint8Array>; withCookie?: boolean; reuse?: { challengeId: string; attempt: string; toSign: string }; advance?: number }) {
    let ch = opts.reuse;
    if (!ch) {
      const r = await s.app.inject({ method: "POST", url: "/api/bidder-auth/challenge" });
      const body = r.json() as { challengeId: string; toSign: string };
      ch = { challengeId: body.challengeId, toSign: body.toSign, attempt: r.cookies.find((c) => c.name === "lt_bidder_attempt")!.value };
    }
    if (opts.advance) s.clock.advance(opts.advance);
    const r = await s.app.inject({
      method: "POST",
      url: "/api/bidder-auth/login",
      ...(opts.withCookie === false ? {} : { cookies: { lt_bidder_attempt: ch.attempt } }),
      payload: { challengeId: ch.challengeId, certificate: b64(opts.cert), signature: b64(await opts.sign(utf8(ch.toSign))) },
    });
    return { r, ch };
  }

  const unchanged = async <T>(fn: () => Promise<T>) => {
    const before = await countRows(s.dbh.db, ["bidder_session", "ra_cert_binding"]);
    const out = await fn();
    expect(await countRows(s.dbh.db, ["bidder_session", "ra_cert_binding"])).toEqual(before);
    return out;
  };

  it("logs in an individual (ECDSA P-256) and an enterprise (SM2 with the GM/T 0009 user ID); req.bidder is the contract", async () => {
    for (const [b, suite, kind] of [
      [zhang, "ecdsa-p256", "individual"],
      [firm, "sm2", "enterprise"],
    ] as const) {
      const { cookie, csrf } = await loginBidder(s.app, b);
      const me = await s.app.inject({ method: "GET", url: "/api/bidder-auth/me", headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ bidder: { applicantId: b.applicantId, displayName: b.name, kind, certSerial: b.serial, suite }, csrfToken: csrf });
      expect(me.json().bidder.sessionId).toMatch(/^[0-9a-f]{64}$/);
    }
    const audit = await s.c.store.read.audit.list({ action: "bidder.login", limit: 10 });
    expect(audit.map((e) => e.subject)).toEqual(expect.arrayContaining([`applicant:${zhang.applicantId}`, `applicant:${firm.applicantId}`]));
  });

  it("accepts raw r‖s signatures (WebCrypto, PKCS#11) as well as DER", async () => {
    const raw = async (d: Uint8Array) => new Uint8Array(nodeSign("sha256", d, { key: privateKeyOf(zhang), dsaEncoding: "ieee-p1363" }));
    const { r } = await attempt({ cert: zhang.certDer, sign: raw });
    expect(r.statusCode).toBe(200);
  });

  it("the cookie is httpOnly and SameSite=Strict; unsafe bidder calls need the CSRF header; staff cookies do not open bidder routes", async () => {
    const { r } = await attempt({ cert: zhang.certDer, sign: zhang.sign });
    const set = r.cookies.find((c) => c.name === "lt_bidder")!;
    expect(set.httpOnly).toBe(true);
    expect(set.sameSite).toBe("Strict");
    const cookie = `lt_bidder=${set.value}`;
    const noCsrf = await s.app.inject({ method: "POST", url: "/api/portal/requests", headers: { cookie }, payload: { serial: zhang.serial, type: "suspend" } });
    expect(noCsrf.json().code).toBe("AUTH_CSRF_INVALID");
    const anon = await s.app.inject({ method: "GET", url: "/api/portal/certificates" });
    expect([anon.statusCode, anon.json().code]).toEqual([401, "RA_BIDDER_LOGIN_REQUIRED"]);
    const mine = await s.app.inject({ method: "GET", url: "/api/portal/certificates", headers: { cookie } });
    expect(mine.json().items.map((c: { serial: string }) => c.serial)).toEqual([zhang.serial]);
  });

  it("wrong key: a signature by another key than the certificate's → RA_LOGIN_WRONG_KEY", async () => {
    const other = memorySigner("ecdsa-p256");
    const { r } = await unchanged(() => attempt({ cert: zhang.certDer, sign: (d) => other.sign(d) }));
    expect([r.statusCode, r.json().code]).toEqual([401, "RA_LOGIN_WRONG_KEY"]);
    const failed = await s.c.store.read.audit.list({ action: "bidder.login.failed", limit: 1 });
    expect(failed[0]!.payload).toMatchObject({ code: "RA_LOGIN_WRONG_KEY", serial: zhang.serial });
  });

  it("a challenge works once, in the browser that asked for it, for 5 minutes", async () => {
    const first = await attempt({ cert: zhang.certDer, sign: zhang.sign });
    expect(first.r.statusCode).toBe(200);
    const again = await unchanged(() => attempt({ cert: zhang.certDer, sign: zhang.sign, reuse: first.ch }));
    expect(again.r.json().code).toBe("RA_LOGIN_CHALLENGE_INVALID");
    const noCookie = await unchanged(() => attempt({ cert: zhang.certDer, sign: zhang.sign, withCookie: false }));
    expect(noCookie.r.json().code).toBe("RA_LOGIN_CHALLENGE_INVALID");
    const late = await unchanged(() => attempt({ cert: zhang.certDer, sign: zhang.sign, advance: 5 * 60_000 }));
    expect(late.r.json().code).toBe("RA_LOGIN_CHALLENGE_EXPIRED");
    const unknown = await unchanged(() => attempt({ cert: zhang.certDer, sign: zhang.sign, reuse: { ...first.ch, challengeId: "00000000-0000-0000-0000-000000000000" } }));
    expect(unknown.r.json().code).toBe("RA_LOGIN_CHALLENGE_INVALID");
  });

  it("unknown issuer: a certificate from a CA we do not trust → RA_LOGIN_UNKNOWN_ISSUER", async () => {
    const rogueCa = memorySigner("ecdsa-p256");
    const leafKey = memorySigner("ecdsa-p256");
    const now = s.clock.now();
    const tbs = buildTbs({
      serial: Uint8Array.of(0x11, 0x22),
      signatureSuite: "ecdsa-p256",
      issuer: buildName([["C", "CN"], ["O", "长沙县国土资源局"], ["CN", "长沙县国土资源局子CA (ECDSA)"]]), // same name as ours, other key
      subject: buildName([["C", "CN"], ["CN", "张三"]]),
      notBefore: new Date(now.getTime() - HOUR),
      notAfter: new Date(now.getTime() + 365 * 24 * HOUR),
      spki: leafKey.spki,
      extensions: buildExtensions({ isCa: false, keyUsage: KeyUsageFlags.digitalSignature, subjectKeyId: keyIdentifierOf(leafKey.spki), authorityKeyId: keyIdentifierOf(rogueCa.spki) }),
    });
    const cert = await signTbs(tbs, rogueCa);
    const { r } = await unchanged(() => attempt({ cert, sign: (d) => leafKey.sign(d) }));
    expect([r.statusCode, r.json().code]).toEqual([401, "RA_LOGIN_UNKNOWN_ISSUER"]);
  });

  it("garbage instead of a certificate → RA_LOGIN_CERT_INVALID; an encryption certificate cannot log in", async () => {
    const { r } = await unchanged(() => attempt({ cert: utf8("not a certificate at all"), sign: zhang.sign }));
    expect(r.json().code).toBe("RA_LOGIN_CERT_INVALID");
    const encSerial = (await s.c.store.read.ra.application(firm.applicationId))!.encSerial!;
    const enc = (await s.c.store.read.pki.certificate(encSerial))!;
    // The signature check comes first: an encryption certificate's key is not the signer's.
    const encLogin = await unchanged(() => attempt({ cert: enc.certDer!, sign: firm.sign }));
    expect(encLogin.r.json().code).toBe("RA_LOGIN_WRONG_KEY");
  });

  it("suspended → RA_LOGIN_CERT_SUSPENDED, and an open session ends; released → login works again", async () => {
    const b = await createBidder(s, { name: "李四" });
    const { cookie } = await loginBidder(s.app, b);
    await s.c.pki.revocation.hold(b.serial, "staff:test");
    const me = await s.app.inject({ method: "GET", url: "/api/bidder-auth/me", headers: { cookie } });
    expect(me.json().code).toBe("RA_LOGIN_CERT_SUSPENDED");
    const { r } = await unchanged(() => attempt({ cert: b.certDer, sign: b.sign }));
    expect([r.statusCode, r.json().code]).toEqual([401, "RA_LOGIN_CERT_SUSPENDED"]);
    await s.c.pki.revocation.release(b.serial, "staff:test");
    expect((await attempt({ cert: b.certDer, sign: b.sign })).r.statusCode).toBe(200);
  });

  it("revoked through an approved RA revocation → RA_LOGIN_CERT_REVOKED", async () => {
    const b = await createBidder(s, { name: "王五" });
    const { cookie } = await loginBidder(s.app, b);
    const app = await s.c.ra.applications.submit({ applicantId: b.applicantId, type: "revoke", targetSerial: b.serial, revocationReason: "keyCompromise" }, TEST_OPERATOR.id, "counter");
    await s.c.ra.applications.vet(app.id, { originalsChecked: true }, TEST_OPERATOR);
    const done = await s.c.ra.applications.approve(app.id, TEST_AUDITOR);
    expect(done.state).toBe("completed");
    expect((await s.c.store.read.pki.certificate(b.serial))).toMatchObject({ status: "revoked", revocationReason: 1 });
    const me = await s.app.inject({ method: "GET", url: "/api/bidder-auth/me", headers: { cookie } });
    expect(me.json().code).toBe("RA_BIDDER_LOGIN_REQUIRED"); // the session was deleted when the revocation completed
    const { r } = await unchanged(() => attempt({ cert: b.certDer, sign: b.sign }));
    expect([r.statusCode, r.json().code]).toEqual([401, "RA_LOGIN_CERT_REVOKED"]);
  });

  it("expired → RA_LOGIN_CERT_EXPIRED (clock moved past notAfter)", async () => {
    const b = await createBidder(s, { name: "赵六" });
    const cert = (await s.c.store.read.pki.certificate(b.serial))!;
    const saved = s.clock.now();
    s.clock.set(new Date(cert.notAfter.getTime() + 1000));
    try {
      const { r } = await unchanged(() => attempt({ cert: b.certDer, sign: b.sign }));
      expect([r.statusCode, r.json().code]).toEqual([401, "RA_LOGIN_CERT_EXPIRED"]);
    } finally {
      s.clock.set(saved);
    }
  });

  it("logout ends the session", async () => {
    const { cookie, csrf } = await loginBidder(s.app, zhang);
    const out = await s.app.inject({ method: "POST", url: "/api/bidder-auth/logout", headers: { cookie, "x-csrf-token": csrf } });
    expect(out.statusCode).toBe(204);
    const me = await s.app.inject({ method: "GET", url: "/api/bidder-auth/me", headers: { cookie } });
    expect(me.json().code).toBe("RA_BIDDER_LOGIN_REQUIRED");
  });
});

/** The test keeps the key as PKCS#8; node signs raw r‖s with it. */
const privateKeyOf = (b: TestBidder) => createPrivateKey({ key: Buffer.from(b.key.pkcs8), format: "der", type: "pkcs8" });
