/**
 * Revocation, hold and release with their CRLs; CRL numbers under
 * concurrency; the idempotent CRL refresh; OCSP caching and invalidation on
 * this node and across nodes; the CA management API with its roles.
 */
import { createHash, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../../src/app/clock.js";
import { derAlgorithm, derInteger, derOctetString, derSequence, derExplicit } from "../../src/pki/asn1/der.js";
import { buildCsr } from "../../src/pki/asn1/csr-builder.js";
import { certParts } from "../../src/pki/asn1/cert-parts.js";
import { parseCrl } from "../../src/pki/asn1/crl.js";
import { digestOf, SHA1_OID } from "../../src/pki/algs/hash.js";
import type { Signer } from "../../src/pki/algs/suite.js";
import { OcspService } from "../../src/pki/ocsp/ocsp.service.js";
import { parseBasicResponse } from "../../src/pki/asn1/ocsp.js";
import { verifySignature } from "../../src/pki/algs/verify.js";
import { PkiEvents } from "../../src/pki/ca/pki-events.js";
import { login, startTestSystem, TEST_PASSWORD, type TestSystem } from "../helpers/app.js";

function p256(): Signer {
  const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { suite: "ecdsa-p256", spki: new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" })), sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key: kp.privateKey, dsaEncoding: "der" })) };
}

/** A nonce-less OCSP request for one serial of the ECDSA sub-CA (SHA-1 CertID), built by hand. */
function ocspRequest(issuerCert: Uint8Array, serial: string, nonce?: Uint8Array): Uint8Array {
  const p = certParts(issuerCert);
  const certId = derSequence([derAlgorithm(SHA1_OID, true), derOctetString(digestOf(SHA1_OID, p.subjectDer)!), derOctetString(digestOf(SHA1_OID, p.publicKeyBits)!), derInteger(serial)]);
  const tbs = [derSequence([derSequence([certId])])];
  if (nonce) tbs.push(derExplicit(2, derSequence([derSequence([Uint8Array.of(0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02), derOctetString(derOctetString(nonce))])])));
  return derSequence([derSequence(tbs)]);
}

describe("revocation, CRLs and OCSP caching", () => {
  let s: TestSystem;
  let subCert: Uint8Array;
  const serials: string[] = [];

  const issue = async (cn: string) =>
    (await s.c.pki.ca.issue({ suite: "ecdsa-p256", csr: await buildCsr([["CN", cn]], p256(), { dnsNames: [cn] }), profile: "server-tls", actor: "test:admin", via: "admin" })).serial;
  const crlCount = async () => Number((await s.dbh.db.selectFrom("pki_crl").select((eb) => eb.fn.countAll<number>().as("n")).where("ca_id", "=", "ecdsa-p256-sub").executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    s = await startTestSystem();
    await s.c.pki.ca.init("ecdsa-p256", "test:admin");
    await s.c.pki.crl.refreshDue();
    subCert = (await s.c.pki.ca.chain("ecdsa-p256"))[0]!;
    for (let i = 0; i < 8; i++) serials.push(await issue(`host${i}.example.cn`));
    await s.c.staff.create({ username: "ra-admin", displayName: "RA admin", roles: ["ra_admin"], password: TEST_PASSWORD }, "test");
    await s.c.staff.create({ username: "ra-auditor", displayName: "RA auditor", roles: ["ra_auditor"], password: TEST_PASSWORD }, "test");
  }, 120_000);
  afterAll(() => s?.close());

  it("revoke: status, audit entry and a new CRL listing it commit together; CRL numbers strictly increase", async () => {
    const before = await s.c.pki.crl.current("ecdsa-p256-sub");
    const r = await s.c.pki.revocation.revoke(serials[0]!, "keyCompromise", "test:admin");
    expect(r).toMatchObject({ status: "revoked", reason: "keyCompromise", crlNumber: before.crlNumber + 1 });
    const crl = await s.c.pki.crl.current("ecdsa-p256-sub");
    expect(crl.crlNumber).toBe(before.crlNumber + 1);
    const list = parseCrl(crl.der);
    expect(list.tbsCertList.revokedCertificates?.map((e) => Buffer.from(e.userCertificate).toString("hex"))).toContain(serials[0]);
    const audit = await s.c.store.read.audit.list({ subject: `cert:${serials[0]}`, limit: 10 });
    expect(audit.map((e) => e.action)).toContain("pki.cert.revoke");
  });

  it("revoked is final; release only from hold; unknown serials and reasons are coded errors; nothing changes on refusal", async () => {
    const n = await crlCount();
    await expect(s.c.pki.revocation.revoke(serials[0]!, "superseded", "t")).rejects.toMatchObject({ code: "PKI_REVOCATION_INVALID" });
    await expect(s.c.pki.revocation.hold(serials[0]!, "t")).rejects.toMatchObject({ code: "PKI_REVOCATION_INVALID" });
    await expect(s.c.pki.revocation.release(serials[1]!, "t")).rejects.toMatchObject({ code: "PKI_REVOCATION_INVALID" });
    await expect(s.c.pki.revocation.revoke("00ff00ff00ff", "superseded", "t")).rejects.toMatchObject({ code: "PKI_CERT_NOT_FOUND" });
    await expect(s.c.pki.revocation.revoke("zz", "superseded", "t")).rejects.toMatchObject({ code: "PKI_CERT_NOT_FOUND" });
    expect(await crlCount()).toBe(n);

    const held = await s.c.pki.revocation.revoke(serials[1]!, "certificateHold", "t");
    expect(held).toMatchObject({ status: "hold", reason: "certificateHold" });
    const heldCrl = parseCrl((await s.c.pki.crl.current("ecdsa-p256-sub")).der);
    const entry = heldCrl.tbsCertList.revokedCertificates!.find((e) => Buffer.from(e.userCertificate).toString("hex") === serials[1]);
    expect(entry?.crlEntryExtensions?.[0]?.extnID).toBe("2.5.29.21");
    const released = await s.c.pki.revocation.release(serials[1]!, "t");
    expect(released).toMatchObject({ status: "issued", reason: null });
    const after = parseCrl((await s.c.pki.crl.current("ecdsa-p256-sub")).der);
    expect(after.tbsCertList.revokedCertificates?.some((e) => Buffer.from(e.userCertificate).toString("hex") === serials[1]) ?? false).toBe(false);
    // hold → revoked is allowed
    await s.c.pki.revocation.hold(serials[2]!, "t");
    expect(await s.c.pki.revocation.revoke(serials[2]!, "cessationOfOperation", "t")).toMatchObject({ status: "revoked", reason: "cessationOfOperation" });
  });

  it("concurrent revocations get distinct, consecutive CRL numbers and the last CRL lists them all", async () => {
    const start = (await s.c.pki.crl.current("ecdsa-p256-sub")).crlNumber;
    const batch = serials.slice(3, 7);
    const results = await Promise.all(batch.map((x) => s.c.pki.revocation.revoke(x, "affiliationChanged", "t")));
    expect(results.map((r) => r.crlNumber).sort((a, b) => a - b)).toEqual([start + 1, start + 2, start + 3, start + 4]);
    const last = parseCrl((await s.c.pki.crl.current("ecdsa-p256-sub")).der);
    const listed = new Set(last.tbsCertList.revokedCertificates!.map((e) => Buffer.from(e.userCertificate).toString("hex")));
    for (const x of batch) expect(listed.has(x)).toBe(true);
  });

  it("refreshDue is idempotent: nothing while fresh, one CRL per CA when due even if called concurrently", async () => {
    expect(await s.c.pki.crl.refreshDue()).toEqual([]);
    const before = await crlCount();
    s.clock.advance(20 * HOUR); // within the 6 h margin of the 24 h CRLs
    const runs = await Promise.all([s.c.pki.crl.refreshDue(), s.c.pki.crl.refreshDue(), s.c.pki.crl.refreshDue()]);
    expect(runs.flat().filter((c) => c.caId === "ecdsa-p256-sub")).toHaveLength(1);
    expect(await crlCount()).toBe(before + 1);
    expect(await s.c.pki.crl.refreshDue()).toEqual([]);
    const st = (await s.c.pki.crl.status()).find((x) => x.caId === "ecdsa-p256-sub")!;
    expect(st.stale).toBe(false);
    expect(st.nextUpdate!.getTime() - s.clock.now().getTime()).toBeGreaterThan(23 * HOUR);
  });

  it("OCSP: second identical request is a cache hit; revocation here drops it at once", async () => {
    const x = serials[7]!;
    const req = ocspRequest(subCert, x);
    const a = await s.c.pki.ocsp.respond(req);
    expect(a.cached).toBe(false);
    const b = await s.c.pki.ocsp.respond(req);
    expect(b.cached).toBe(true);
    expect(Buffer.from(b.der).equals(Buffer.from(a.der))).toBe(true);
    // With a nonce: never the cached bytes, the nonce is echoed.
    const nonce = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const withNonce = await s.c.pki.ocsp.respond(ocspRequest(subCert, x, nonce));
    expect(withNonce.cached).toBe(false);
    expect(Buffer.from(withNonce.der).includes(Buffer.from(nonce))).toBe(true);

    await s.c.pki.revocation.revoke(x, "privilegeWithdrawn", "t");
    const c = await s.c.pki.ocsp.respond(req);
    expect(c.cached).toBe(false);
    expect(Buffer.from(c.der).includes(Buffer.of(0xa0, 0x03, 0x0a, 0x01, 0x09))).toBe(true); // revocationReason [0] ENUMERATED 9
  });

  it("OCSP on another node notices a revocation through the CRL number", async () => {
    const otherNode = new OcspService(s.c.store, s.clock, s.c.pki.ca, new PkiEvents());
    const y = await issue("cross-node.example.cn");
    const req = ocspRequest(subCert, y);
    await otherNode.respond(req);
    expect((await otherNode.respond(req)).cached).toBe(true);
    await s.c.pki.revocation.revoke(y, "superseded", "t"); // on "this" node: the other one hears nothing
    expect((await otherNode.respond(req)).cached).toBe(true); // still inside its check interval
    s.clock.advance(2000);
    await otherNode.respond(req); // starts the CRL-number check
    await new Promise((r) => setTimeout(r, 200));
    const fresh = await otherNode.respond(req);
    expect(fresh.cached).toBe(false);
    expect(Buffer.from(fresh.der).includes(Buffer.of(0xa0, 0x03, 0x0a, 0x01, 0x04))).toBe(true); // superseded
  });

  it("API: RA admin searches, sees detail with PEM, revokes with a reason; the auditor reads but cannot revoke", async () => {
    const admin = await login(s.app, "ra-admin");
    const auditor = await login(s.app, "ra-auditor");
    const h = (l: { cookie: string; csrf: string }) => ({ cookie: l.cookie, "x-csrf-token": l.csrf });
    const target = await issue("api-target.example.cn");

    const cas = await s.app.inject({ method: "GET", url: "/api/pki/cas", headers: h(auditor) });
    expect(cas.statusCode).toBe(200);
    const sub = cas.json().items.find((c: { id: string }) => c.id === "ecdsa-p256-sub");
    expect(sub).toMatchObject({ kind: "sub", status: "active" });
    expect(sub.key).toMatch(/^file:ecdsa-p256-/);
    expect(cas.json().services.map((x: { purpose: string }) => x.purpose).sort()).toEqual(["ocsp", "tsa"]);

    const found = await s.app.inject({ method: "GET", url: "/api/pki/certificates?subject=api-target", headers: h(admin) });
    expect(found.json().items.map((c: { serial: string }) => c.serial)).toEqual([target]);
    const bySerial = await s.app.inject({ method: "GET", url: `/api/pki/certificates?serial=${target.slice(0, 8).toUpperCase()}`, headers: h(admin) });
    expect(bySerial.json().items.map((c: { serial: string }) => c.serial)).toContain(target);
    const detail = await s.app.inject({ method: "GET", url: `/api/pki/certificates/${target}`, headers: h(admin) });
    expect(detail.json().pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(detail.json().history.map((e: { action: string }) => e.action)).toEqual(["pki.cert.issue"]);

    const crlBefore = (await s.app.inject({ method: "GET", url: "/api/pki/crls", headers: h(auditor) })).json().items.find((c: { caId: string }) => c.caId === "ecdsa-p256-sub");
    const denied = await s.app.inject({ method: "POST", url: `/api/pki/certificates/${target}/revoke`, headers: h(auditor), payload: { reason: "keyCompromise" } });
    expect(denied.statusCode).toBe(403);
    const badReason = await s.app.inject({ method: "POST", url: `/api/pki/certificates/${target}/revoke`, headers: h(admin), payload: { reason: "removeFromCRL" } });
    expect(badReason.json().code).toBe("VALIDATION_FAILED");
    const ok = await s.app.inject({ method: "POST", url: `/api/pki/certificates/${target}/revoke`, headers: h(admin), payload: { reason: "keyCompromise" } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "revoked", reason: "keyCompromise", crlNumber: crlBefore.crlNumber + 1 });
    const again = await s.app.inject({ method: "POST", url: `/api/pki/certificates/${target}/revoke`, headers: h(admin), payload: { reason: "keyCompromise" } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("PKI_REVOCATION_INVALID");
    const history = (await s.app.inject({ method: "GET", url: `/api/pki/certificates/${target}`, headers: h(admin) })).json().history;
    expect(history[0]).toMatchObject({ action: "pki.cert.revoke", actor: "staff:ra-admin" });
    const missing = await s.app.inject({ method: "GET", url: "/api/pki/certificates/00abcdef", headers: h(admin) });
    expect(missing.json().code).toBe("PKI_CERT_NOT_FOUND");
  });

  it("OCSP: when the delegated signer is revoked, the sub-CA answers itself", async () => {
    const req = ocspRequest(subCert, serials[1]!);
    const keyHashOf = (cert: Uint8Array) => createHash("sha1").update(certParts(cert).publicKeyBits).digest();
    const svc = (await s.c.store.read.pki.serviceKey("ocsp", "ecdsa-p256"))!;
    const signerCert = (await s.c.pki.ca.certificate(svc.serial))!.certDer!;
    const before = parseBasicResponse((await s.c.pki.ocsp.respond(req)).der);
    expect(Buffer.from(before.tbs).includes(keyHashOf(signerCert))).toBe(true);
    await s.c.pki.revocation.revoke(svc.serial, "superseded", "t");
    const after = parseBasicResponse((await s.c.pki.ocsp.respond(req)).der);
    expect(Buffer.from(after.tbs).includes(keyHashOf(subCert))).toBe(true);
    expect(after.certs).toHaveLength(0);
    expect(verifySignature(certParts(subCert).spkiDer, after.signatureAlgorithm, after.tbs, after.signature)).toBe(true);
  });
});
