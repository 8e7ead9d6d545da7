/**
 * Certificate lifecycle through the RA: USB keys handed out and reported
 * lost/damaged (certificates revoked with the right reason, on the CRL, a
 * replacement opened), renewal retiring the old certificate, suspend and
 * unsuspend, a bidder's own revocation request, online pre-application, and
 * dual certificates with key escrow and recovery under dual control.
 */
import { createPrivateKey } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificateList } from "@peculiar/asn1-x509";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCsr } from "../../src/pki/asn1/csr-builder.js";
import { parseCertificate } from "../../src/pki/asn1/certificate.js";
import { toHex } from "../../src/pki/asn1/der.js";
import type { Actor } from "../../src/ra/application-state.js";
import { activationMessage } from "../../src/ra/enrollment.service.js";
import { generateSoftKey, softKeyFromPkcs8 } from "../../src/ra/km/key-pair.js";
import { nodeGm } from "../../src/pki/algs/gm-node.js";
import { decryptEnvelope, describeEnvelope, encryptEnvelope } from "../../src/pki/asn1/cms-enveloped.js";
import { softwareDecrypter } from "../../src/pki/keys/software-decrypter.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { createBidder, ensureCa, loginBidder, TEST_AUDITOR, TEST_OPERATOR, TINY_PNG, uniqueResidentId } from "../helpers/bidder.js";
import { countRows, RA_TABLES } from "../helpers/rows.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const AUDITOR2: Actor = { id: "staff:test-ra-auditor-2", roles: ["ra_auditor"] };
const ADMIN: Actor = { id: "staff:test-ra-admin", roles: ["ra_admin"] };

describe("RA lifecycle", () => {
  let s: TestSystem;

  beforeAll(async () => {
    s = await startTestSystem();
    await ensureCa(s.c, "ecdsa-p256");
    await ensureCa(s.c, "sm2");
  }, 120_000);
  afterAll(() => s.close());

  const ra = () => s.c.ra;

  /** A vetted + approved application for a new individual, with a code issued onto USB key `tokenSerial`. */
  async function onUsbKey(tokenSerial: string, suite: "ecdsa-p256" | "sm2" = "ecdsa-p256") {
    const a = await ra().applicants.register({ kind: "individual", name: "钱七", idNumber: uniqueResidentId(), phone: "13800138001", email: "qian@example.org" }, TEST_OPERATOR.id);
    await ra().applicants.uploadDocument(a.id, { kind: "id_card", fileName: "id.png", mediaType: "image/png", content: TINY_PNG }, TEST_OPERATOR.id);
    const app = await ra().applications.submit({ applicantId: a.id, type: "new", suite, tokenKind: "usb" }, TEST_OPERATOR.id, "counter");
    await ra().applications.vet(app.id, { originalsChecked: true }, TEST_OPERATOR);
    await ra().applications.approve(app.id, TEST_AUDITOR);
    const { code } = await ra().applications.issueCode(app.id, { tokenSerial }, TEST_OPERATOR);
    const key = generateSoftKey(suite);
    const issued = await ra().enrollment.enroll(app.id, code, await buildCsr([["CN", "x"]], key));
    await ra().enrollment.activate(app.id, code, await key.sign(utf8(activationMessage(app.id, issued.serial))));
    return { applicantId: a.id, applicationId: app.id, serial: issued.serial, key };
  }

  async function onCrl(caId: string, serial: string): Promise<number | null> {
    const crl = await s.c.store.read.pki.latestCrl(caId);
    const list = AsnConvert.parse(crl!.der, CertificateList);
    const entry = list.tbsCertList.revokedCertificates?.find((e) => toHex(e.userCertificate) === serial);
    if (!entry) return null;
    const reasonExt = entry.crlEntryExtensions?.find((x) => x.extnID === "2.5.29.21");
    return reasonExt ? new Uint8Array(reasonExt.extnValue.buffer)[2]! : 0;
  }

  describe("USB key registry", () => {
    it("stock → issued with the code; the certificate is recorded on the key; duplicates and unknown keys refused", async () => {
      const t = await ra().tokens.register({ serial: "HT-2026-0001", model: "飞天诚信 ePass3003" }, TEST_OPERATOR);
      expect(t.state).toBe("stock");
      const dup = await ra().tokens.register({ serial: "HT-2026-0001", model: "x" }, TEST_OPERATOR).catch((e) => e);
      expect(dup.code).toBe("RA_TOKEN_EXISTS");
      const b = await onUsbKey("HT-2026-0001");
      const after = await ra().tokens.get(t.id);
      expect(after).toMatchObject({ state: "issued", applicantId: b.applicantId });
      expect(after.certificates.map((c) => [c.serial, c.usage])).toEqual([[b.serial, "sign"]]);
    });

    it("a key handed to one applicant cannot be handed to another; nothing changes", async () => {
      await ra().tokens.register({ serial: "HT-2026-0002", model: "ePass3003" }, TEST_OPERATOR);
      await onUsbKey("HT-2026-0002");
      const other = await ra().applicants.register({ kind: "individual", name: "孙八", idNumber: uniqueResidentId(), phone: "13800138002", email: "sun@example.org" }, TEST_OPERATOR.id);
      await ra().applicants.uploadDocument(other.id, { kind: "id_card", fileName: "id.png", mediaType: "image/png", content: TINY_PNG }, TEST_OPERATOR.id);
      const app = await ra().applications.submit({ applicantId: other.id, type: "new", tokenKind: "usb" }, TEST_OPERATOR.id, "counter");
      await ra().applications.vet(app.id, { originalsChecked: true }, TEST_OPERATOR);
      await ra().applications.approve(app.id, TEST_AUDITOR);
      const before = await countRows(s.dbh.db, RA_TABLES);
      const e = await ra().applications.issueCode(app.id, { tokenSerial: "HT-2026-0002" }, TEST_OPERATOR).catch((x) => x);
      expect(e.code).toBe("RA_TOKEN_STATE_INVALID");
      const missing = await ra().applications.issueCode(app.id, { tokenSerial: "NO-SUCH-KEY" }, TEST_OPERATOR).catch((x) => x);
      expect(missing.code).toBe("RA_TOKEN_NOT_FOUND");
      expect(await countRows(s.dbh.db, RA_TABLES)).toEqual(before);
      expect((await ra().applications.get(app.id)).state).toBe("approved");
    });

    it("lost: certificates revoked as keyCompromise (on the CRL), sessions ended, a replacement opened; then destroyed", async () => {
      const t = await ra().tokens.register({ serial: "HT-2026-0003", model: "ePass3003" }, TEST_OPERATOR);
      const b = await onUsbKey("HT-2026-0003");
      const r = await ra().tokens.report(t.id, "lost", "持有人电话挂失", TEST_OPERATOR);
      expect(r.token.state).toBe("lost");
      expect(r.revoked).toEqual([b.serial]);
      expect(await s.c.pki.ca.certificate(b.serial)).toMatchObject({ status: "revoked", revocationReason: 1 });
      expect(await onCrl("ecdsa-p256-sub", b.serial)).toBe(1);
      expect(r.replacement).toMatchObject({ type: "replace", state: "submitted", channel: "token_report", targetSerial: b.serial, applicantId: b.applicantId });
      const again = await ra().tokens.report(t.id, "damaged", undefined, TEST_OPERATOR).catch((e) => e);
      expect(again.code).toBe("RA_TOKEN_STATE_INVALID");
      expect((await ra().tokens.destroy(t.id, TEST_OPERATOR)).state).toBe("destroyed");
    });

    it("damaged: superseded; the replacement runs to a new active certificate on a new key", async () => {
      const t = await ra().tokens.register({ serial: "HT-2026-0004", model: "ePass3003" }, TEST_OPERATOR);
      const b = await onUsbKey("HT-2026-0004");
      const r = await ra().tokens.report(t.id, "damaged", undefined, TEST_OPERATOR);
      expect(await s.c.pki.ca.certificate(b.serial)).toMatchObject({ status: "revoked", revocationReason: 4 });
      const rep = r.replacement!;
      await ra().tokens.register({ serial: "HT-2026-0005", model: "ePass3003" }, TEST_OPERATOR);
      await ra().applications.vet(rep.id, { originalsChecked: true }, TEST_OPERATOR);
      await ra().applications.approve(rep.id, TEST_AUDITOR);
      const { code } = await ra().applications.issueCode(rep.id, { tokenSerial: "HT-2026-0005" }, TEST_OPERATOR);
      // The old key (on the damaged token) cannot come back on the new one.
      const e = await ra().enrollment.enroll(rep.id, code, await buildCsr([["CN", "x"]], b.key)).catch((x) => x);
      expect(e.code).toBe("RA_KEY_ON_OTHER_TOKEN");
      const key = generateSoftKey("ecdsa-p256");
      const issued = await ra().enrollment.enroll(rep.id, code, await buildCsr([["CN", "x"]], key));
      const done = await ra().enrollment.activate(rep.id, code, await key.sign(utf8(activationMessage(rep.id, issued.serial))));
      expect(done.application.state).toBe("active");
    });
  });

  describe("renew, suspend, unsuspend, revoke", () => {
    it("renewal: the new certificate is active and the old one superseded at activation", async () => {
      const b = await createBidder(s, { name: "更新户" });
      const app = await ra().applications.submit({ applicantId: b.applicantId, type: "renew", targetSerial: b.serial, tokenKind: "soft" }, TEST_OPERATOR.id, "counter");
      expect(app.suite).toBe("ecdsa-p256");
      const dup = await ra().applications.submit({ applicantId: b.applicantId, type: "renew", targetSerial: b.serial, tokenKind: "soft" }, TEST_OPERATOR.id, "counter").catch((e) => e);
      expect(dup.code).toBe("RA_APPLICATION_OPEN");
      await ra().applications.vet(app.id, { originalsChecked: true }, TEST_OPERATOR);
      await ra().applications.approve(app.id, TEST_AUDITOR);
      const { code } = await ra().applications.issueCode(app.id, {}, TEST_OPERATOR);
      const key = generateSoftKey("ecdsa-p256");
      const issued = await ra().enrollment.enroll(app.id, code, await buildCsr([["CN", "x"]], key));
      expect((await s.c.pki.ca.certificate(b.serial))!.status).toBe("issued"); // still valid until the new one is active
      await ra().enrollment.activate(app.id, code, await key.sign(utf8(activationMessage(app.id, issued.serial))));
      expect(await s.c.pki.ca.certificate(b.serial)).toMatchObject({ status: "revoked", revocationReason: 4 });
    });

    it("suspend then unsuspend through applications; the target must be in the right state", async () => {
      const b = await createBidder(s, { name: "冻结户" });
      const wrong = await ra().applications.submit({ applicantId: b.applicantId, type: "unsuspend", targetSerial: b.serial }, TEST_OPERATOR.id, "counter").catch((e) => e);
      expect(wrong.code).toBe("RA_TARGET_CERT_INVALID");
      const noTarget = await ra().applications.submit({ applicantId: b.applicantId, type: "suspend" }, TEST_OPERATOR.id, "counter").catch((e) => e);
      expect(noTarget.code).toBe("RA_TARGET_CERT_REQUIRED");
      const other = await createBidder(s, { name: "别人" });
      const notMine = await ra().applications.submit({ applicantId: b.applicantId, type: "suspend", targetSerial: other.serial }, TEST_OPERATOR.id, "counter").catch((e) => e);
      expect(notMine.code).toBe("RA_TARGET_CERT_INVALID");

      const sus = await ra().applications.submit({ applicantId: b.applicantId, type: "suspend", targetSerial: b.serial }, TEST_OPERATOR.id, "counter");
      await ra().applications.vet(sus.id, { originalsChecked: true }, TEST_OPERATOR);
      expect((await ra().applications.approve(sus.id, TEST_AUDITOR)).state).toBe("completed");
      expect(await s.c.pki.ca.certificate(b.serial)).toMatchObject({ status: "hold", revocationReason: 6 });
      expect(await onCrl("ecdsa-p256-sub", b.serial)).toBe(6);

      const un = await ra().applications.submit({ applicantId: b.applicantId, type: "unsuspend", targetSerial: b.serial }, TEST_OPERATOR.id, "counter");
      await ra().applications.vet(un.id, { originalsChecked: true }, TEST_OPERATOR);
      await ra().applications.approve(un.id, TEST_AUDITOR);
      expect((await s.c.pki.ca.certificate(b.serial))!.status).toBe("issued");
      expect(await onCrl("ecdsa-p256-sub", b.serial)).toBeNull();
    });

    it("a logged-in bidder asks to revoke their certificate; the RA vets by the certificate login and approves", async () => {
      const b = await createBidder(s, { name: "自助吊销" });
      const { cookie, csrf } = await loginBidder(s.app, b);
      const r = await s.app.inject({ method: "POST", url: "/api/portal/requests", headers: { cookie, "x-csrf-token": csrf }, payload: { serial: b.serial, type: "revoke", reason: "cessationOfOperation", note: "公司停止参与竞买" } });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ type: "revoke", channel: "certificate", submittedBy: `bidder:${b.applicantId}`, revocationReason: 5 });
      await ra().applications.vet(r.json().id, { originalsChecked: false, identityCheck: "certificate_login" }, TEST_OPERATOR);
      await ra().applications.approve(r.json().id, TEST_AUDITOR);
      expect(await s.c.pki.ca.certificate(b.serial)).toMatchObject({ status: "revoked", revocationReason: 5 });
      const mine = await s.app.inject({ method: "GET", url: "/api/portal/certificates", headers: { cookie } });
      expect(mine.json().code).toBe("RA_BIDDER_LOGIN_REQUIRED");
    });

    it("online pre-application: public, creates a submitted application; an existing applicant is linked, never changed", async () => {
      const idNumber = uniqueResidentId();
      const body = { applicant: { kind: "individual", name: "网上预约", idNumber, phone: "13800138009", email: "pre@example.org" }, suite: "sm2", tokenKind: "soft" };
      const r = await s.app.inject({ method: "POST", url: "/api/portal/pre-applications", payload: body });
      expect(r.statusCode, r.body).toBe(201);
      const app = await ra().applications.get(r.json().applicationId);
      expect(app).toMatchObject({ state: "submitted", channel: "online", suite: "sm2", dual: true, tokenKind: "soft" });
      const again = await s.app.inject({ method: "POST", url: "/api/portal/pre-applications", payload: { ...body, applicant: { ...body.applicant, name: "冒名顶替", email: "evil@example.org" } } });
      expect(again.statusCode).toBe(201);
      const linked = await ra().applications.get(again.json().applicationId);
      expect(linked.applicantId).toBe(app.applicantId);
      expect(await ra().applicants.get(app.applicantId)).toMatchObject({ name: "网上预约", email: "pre@example.org" });
      const bad = await s.app.inject({ method: "POST", url: "/api/portal/pre-applications", payload: { ...body, applicant: { ...body.applicant, idNumber: "110105194912310021" } } });
      expect(bad.json().code).toBe("RA_RESIDENT_ID_INVALID");
    });
  });

  describe("dual certificates and key escrow (GM/T 0034)", () => {
    it("SM2: a signing certificate from the token and an escrowed encryption certificate under the same vetted subject", async () => {
      const b = await createBidder(s, { name: "双证企业有限公司", kind: "enterprise", suite: "sm2" });
      const app = await ra().applications.get(b.applicationId);
      expect(app.dual).toBe(true);
      const enc = (await s.c.pki.ca.certificate(app.encSerial!))!;
      const sign = (await s.c.pki.ca.certificate(b.serial))!;
      expect(enc).toMatchObject({ profile: "encryption", suite: "sm2", holder: b.applicantId, subject: sign.subject });
      expect(sign.subject).toMatch(/organizationIdentifier=91430121/);
      const escrow = await s.c.store.read.km.escrowBySerial(enc.serial);
      expect(escrow).toMatchObject({ signSerial: b.serial, applicantId: b.applicantId, suite: "sm2" });
      // The wrapped key is not the plain PKCS#8 (no SM2 OID in clear).
      expect(Buffer.from(escrow!.wrappedKey).includes(Buffer.from("2a811ccf5501822d", "hex"))).toBe(false);
    });

    it("judicial recovery: two approvals by two different people, never the requester; released as encrypted PKCS#8 that matches the certificate", async () => {
      const b = await createBidder(s, { name: "司法恢复", suite: "sm2" });
      const encSerial = (await ra().applications.get(b.applicationId)).encSerial!;
      const req = await ra().km.requestRecovery({ encSerial, kind: "judicial", reason: "长沙县人民法院协助执行通知书", caseRef: "(2026)湘0121执123号" }, AUDITOR2.id);
      const self = await ra().km.approveRecovery(req.id, AUDITOR2).catch((e) => e);
      expect(self.code).toBe("RA_RECOVERY_DUAL_CONTROL");
      const one = await ra().km.approveRecovery(req.id, TEST_AUDITOR);
      expect(one).toMatchObject({ state: "requested", approvals: [{ by: TEST_AUDITOR.id }] });
      const twice = await ra().km.approveRecovery(req.id, TEST_AUDITOR).catch((e) => e);
      expect(twice.code).toBe("RA_RECOVERY_DUAL_CONTROL");
      const early = await ra().km.releaseRecovery(req.id, ADMIN, { passphrase: "court-passphrase-2026" }).catch((e) => e);
      expect(early.code).toBe("RA_RECOVERY_STATE_INVALID");
      expect((await ra().km.approveRecovery(req.id, ADMIN)).state).toBe("approved");
      const out = await ra().km.releaseRecovery(req.id, ADMIN, { passphrase: "court-passphrase-2026" });
      expect(out.record.state).toBe("released");
      const priv = createPrivateKey({ key: out.pkcs8Pem!, format: "pem", passphrase: "court-passphrase-2026" });
      const encCert = parseCertificate((await s.c.pki.ca.certificate(encSerial))!.certDer!);
      const certSpki = Buffer.from(AsnConvert.serialize(encCert.tbsCertificate.subjectPublicKeyInfo));
      const recovered = softKeyFromPkcs8("sm2", new Uint8Array(priv.export({ format: "der", type: "pkcs8" })));
      expect(Buffer.compare(Buffer.from(recovered.spki), certSpki)).toBe(0);
      const again = await ra().km.releaseRecovery(req.id, ADMIN, { passphrase: "court-passphrase-2026" }).catch((e) => e);
      expect(again.code).toBe("RA_RECOVERY_STATE_INVALID");
      const trail = (await s.c.store.read.audit.list({ subject: `recovery:${req.id}`, limit: 10 })).map((e) => e.action).reverse();
      expect(trail).toEqual(["ra.km.recovery.request", "ra.km.recovery.approve", "ra.km.recovery.approve", "ra.km.recovery.release"]);
    });

    it("delivery: the encryption key comes as an envelope to the signing certificate that only the holder's signing key opens (SM2 GM/T 0010, P-256 CMS)", async () => {
      for (const suite of ["sm2", "ecdsa-p256"] as const) {
        const b = await createBidder(s, { name: `信封${suite}`, suite, dual: true });
        const encSerial = (await ra().applications.get(b.applicationId)).encSerial!;
        const d = await ra().km.deliver(encSerial, "test");
        expect(d.envelopeDer).not.toBeNull();
        expect(describeEnvelope(d.envelopeDer!).format).toBe(suite === "sm2" ? "gmt-0010" : "cms-auth-enveloped");
        const opened = await decryptEnvelope(d.envelopeDer!, [{ certificate: b.certDer, decrypter: softwareDecrypter(b.key.pkcs8) }], { gm: nodeGm });
        const recovered = softKeyFromPkcs8(suite, opened.content);
        const encSpki = Buffer.from(AsnConvert.serialize(parseCertificate(d.encCertDer).tbsCertificate.subjectPublicKeyInfo));
        expect(Buffer.compare(Buffer.from(recovered.spki), encSpki)).toBe(0);
        // Someone else's signing key cannot open it.
        const other = await createBidder(s, { name: "旁人", suite });
        await expect(decryptEnvelope(d.envelopeDer!, [{ certificate: other.certDer, decrypter: softwareDecrypter(other.key.pkcs8) }], { gm: nodeGm })).rejects.toThrow();
      }
    });

    it("the security service opens a document encrypted to the holder under an approved judicial recovery, not before", async () => {
      const b = await createBidder(s, { name: "司法解密", suite: "sm2" });
      const encSerial = (await ra().applications.get(b.applicationId)).encSerial!;
      const encCert = (await s.c.pki.ca.certificate(encSerial))!.certDer!;
      const doc = (await encryptEnvelope(utf8("投标文件：报价 12,345,000 元"), [encCert], { gm: nodeGm })).der;
      const req = await ra().km.requestRecovery({ encSerial, kind: "judicial", reason: "刑事侦查调取", caseRef: "长公(经)字〔2026〕7号" }, TEST_OPERATOR.id);
      const early = await s.c.security.service.decrypt(doc, req.id, "staff:ops").catch((e) => e);
      expect(early.code).toBe("SEC_KEY_ESCROW_DENIED");
      await ra().km.approveRecovery(req.id, TEST_AUDITOR);
      await ra().km.approveRecovery(req.id, AUDITOR2);
      const opened = await s.c.security.service.decrypt(doc, req.id, "staff:ops");
      expect(new TextDecoder().decode(opened.data)).toBe("投标文件：报价 12,345,000 元");
      const used = await s.c.store.read.audit.list({ action: "ra.km.escrow-use", limit: 5 });
      expect(used[0]).toMatchObject({ actor: "staff:ops", subject: `recovery:${req.id}` });
    });

    it("holder recovery needs one approval by someone else; an operator cannot approve", async () => {
      const b = await createBidder(s, { name: "持有人恢复", suite: "sm2" });
      const encSerial = (await ra().applications.get(b.applicationId)).encSerial!;
      const req = await ra().km.requestRecovery({ encSerial, kind: "holder", reason: "持有人更换电脑后需要解密旧文件" }, TEST_OPERATOR.id);
      const op = await ra().km.approveRecovery(req.id, TEST_OPERATOR).catch((e) => e);
      expect(op.code).toBe("AUTH_FORBIDDEN");
      expect((await ra().km.approveRecovery(req.id, TEST_AUDITOR)).state).toBe("approved");
      const out = await ra().km.releaseRecovery(req.id, TEST_AUDITOR);
      expect(out.delivery).toMatchObject({ encSerial });
      const opened = await decryptEnvelope(out.delivery!.envelopeDer!, [{ certificate: b.certDer, decrypter: softwareDecrypter(b.key.pkcs8) }], { gm: nodeGm });
      expect(softKeyFromPkcs8("sm2", opened.content).suite).toBe("sm2");
    });

    it("a tampered escrow record does not unwrap: RA_ESCROW_INTEGRITY", async () => {
      const b = await createBidder(s, { name: "篡改检测", suite: "sm2" });
      const encSerial = (await ra().applications.get(b.applicationId)).encSerial!;
      await sql`update ra_escrow set wrapped_key = overlay(wrapped_key placing '\\x00'::bytea from 5 for 1) where serial = ${encSerial}`.execute(s.dbh.db);
      const req = await ra().km.requestRecovery({ encSerial, kind: "judicial", reason: "测试", caseRef: "T-1" }, TEST_OPERATOR.id);
      await ra().km.approveRecovery(req.id, TEST_AUDITOR);
      await ra().km.approveRecovery(req.id, AUDITOR2);
      const e = await ra().km.releaseRecovery(req.id, ADMIN, { passphrase: "court-passphrase-2026" }).catch((x) => x);
      expect(e.code).toBe("RA_ESCROW_INTEGRITY");
      expect((await s.c.store.read.km.recoveryForUpdate(req.id))!.state).toBe("approved");
    });
  });
});

