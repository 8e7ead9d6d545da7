/**
 * The path validator on certificates of our own CAs (all three suites): the
 * database is the authority on revocation, so a revocation or hold is seen
 * by the very next validation. Each failure has its own stable code.
 */
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../../src/app/clock.js";
import { sm2KeyPair, Sm2SigningKey } from "../../src/pki/algs/sm2.js";
import type { Signer } from "../../src/pki/algs/suite.js";
import { sm2Spki } from "../../src/pki/algs/verify.js";
import { buildExtensions, buildTbs, keyIdentifierOf, parseCertificate, signTbs, toPem } from "../../src/pki/asn1/certificate.js";
import { buildCsr } from "../../src/pki/asn1/csr-builder.js";
import { buildName } from "../../src/pki/asn1/names.js";
import type { ValidationResult } from "../../src/pki/validate/cert-validator.js";
import { AppError } from "../../src/shared/errors.js";
import { memorySigner } from "../helpers/node-signer.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { scratch } from "../helpers/shell.js";

function sm2Signer(): Signer {
  const kp = sm2KeyPair();
  const k = new Sm2SigningKey(kp.privateKey);
  return { suite: "sm2", spki: sm2Spki(kp.publicKey), sign: async (m) => k.sign(m) };
}

const failed = (r: ValidationResult) => r.checks.filter((c) => c.outcome === "fail").map((c) => `${c.check}:${c.code}`);

describe("certificate path validation — our own CAs", { timeout: 120_000 }, () => {
  let s: TestSystem;
  const x = scratch("lt-val-");

  async function issue(suite: "ecdsa-p256" | "sm2" | "rsa-2048", cn: string, signer: Signer = suite === "sm2" ? sm2Signer() : memorySigner(suite)) {
    const csr = await buildCsr([["CN", "ignored"]], signer);
    return s.c.pki.ca.issue({ suite, csr, profile: "individual-sign", via: "ra", subject: [["C", "CN"], ["CN", cn]], holder: `bidder:${cn}`, actor: "staff:test" });
  }

  beforeAll(async () => {
    s = await startTestSystem({ dataDir: x.file("data") });
    for (const suite of ["ecdsa-p256", "rsa-2048"] as const) await s.c.pki.ca.init(suite, "staff:test");
  }, 300_000);
  afterAll(() => s?.close());

  it("accepts a fresh certificate of each suite, chain leaf → sub-CA → root, with every check listed", async () => {
    for (const suite of ["ecdsa-p256", "rsa-2048", "sm2"] as const) {
      // The SM2 hierarchy is set up after the validator cached its trust anchors: it must be trusted at once anyway.
      if (suite === "sm2") await s.c.pki.ca.init("sm2", "staff:test");
      const cert = await issue(suite, `持有人 ${suite}`);
      const r = await s.c.validator.validate({ cert: toPem(cert.certDer, "CERTIFICATE"), purpose: "clientAuth", keyUsage: ["digitalSignature"] });
      expect(r.ok, `${suite}: ${JSON.stringify(r.checks.filter((c) => c.outcome !== "pass"))}`).toBe(true);
      expect(r.chain.map((c) => c.source)).toEqual(["presented", "own-ca", "own-ca"]);
      expect(r.trustAnchor).toEqual({ caId: `${suite}-root`, kind: "root" });
      expect(new Set(r.checks.map((c) => c.check))).toEqual(new Set(["parse", "path", "signature", "algorithm", "validity", "constraints", "usage", "revocation"]));
      expect(r.revocation.map((v) => [v.source, v.status])).toEqual([
        ["database", "good"],
        ["database", "good"],
      ]);
    }
  });

  it("sees a revocation and a hold at once (database is authoritative), and a revocation after the signing time is not one before it", async () => {
    const cert = await issue("ecdsa-p256", "王吊销");
    expect((await s.c.validator.validate({ cert: cert.certDer })).ok).toBe(true);
    const revokedAt = new Date(s.clock.now().getTime() + HOUR);
    await s.c.store.tx((r) => r.pki.setStatus(cert.serial, "hold", revokedAt, 6));
    s.clock.advance(2 * HOUR);
    const held = await s.c.validator.validate({ cert: cert.certDer });
    expect([held.ok, held.code]).toEqual([false, "SEC_CERT_ON_HOLD"]);
    await s.c.store.tx((r) => r.pki.setStatus(cert.serial, "revoked", revokedAt, 1));
    const revoked = await s.c.validator.validate({ cert: cert.certDer });
    expect([revoked.code, revoked.message?.zh]).toEqual(["SEC_CERT_REVOKED", "证书已被吊销"]);
    expect(revoked.detail).toContain("reason 1");
    // A bid signed (and timestamped) before the revocation still validates at its signing time, with a warning.
    const before = await s.c.validator.validate({ cert: cert.certDer, at: new Date(revokedAt.getTime() - 60_000) });
    expect(before.ok).toBe(true);
    expect(before.warnings.join()).toMatch(/revoked at .* after the validation time/);
    await expect(s.c.validator.assertValid({ cert: cert.certDer })).rejects.toMatchObject({ code: "SEC_CERT_REVOKED", status: 422 });
  });

  it("expired, not yet valid, wrong purpose: each its code", async () => {
    const cert = await issue("sm2", "李过期");
    const info = parseCertificate(cert.certDer).tbsCertificate.validity;
    const expired = await s.c.validator.validate({ cert: cert.certDer, at: new Date(info.notAfter.getTime().getTime() + 1000) });
    expect([expired.code, failed(expired)]).toEqual(["SEC_CERT_EXPIRED", ["validity:SEC_CERT_EXPIRED"]]);
    const early = await s.c.validator.validate({ cert: cert.certDer, at: new Date(info.notBefore.getTime().getTime() - 1000) });
    expect(early.code).toBe("SEC_CERT_NOT_YET_VALID");
    const tls = await s.c.validator.validate({ cert: cert.certDer, purpose: "serverAuth" });
    expect([tls.code, tls.detail]).toEqual(["SEC_CERT_USAGE_INVALID", expect.stringContaining("does not allow serverAuth")]);
    const ku = await s.c.validator.validate({ cert: cert.certDer, keyUsage: ["keyEncipherment"] });
    expect(ku.code).toBe("SEC_CERT_USAGE_INVALID");
  });

  it("a certificate from an unknown CA is untrusted; a forged or altered one fails its signature", async () => {
    // An outsider's CA with the very same name as our sub-CA.
    const sub = await s.c.pki.ca.issuingCa("ecdsa-p256");
    const outsider = memorySigner("ecdsa-p256");
    const leafKey = memorySigner("ecdsa-p256");
    const forgedTbs = buildTbs({
      serial: Uint8Array.of(0x42),
      signatureSuite: "ecdsa-p256",
      issuer: parseCertificate(sub.certDer).tbsCertificate.subject,
      subject: buildName([["CN", "冒名者"]]),
      notBefore: s.clock.now(),
      notAfter: new Date(s.clock.now().getTime() + 30 * 24 * HOUR),
      spki: leafKey.spki,
      extensions: buildExtensions({ isCa: false, keyUsage: KeyUsageFlags.digitalSignature, subjectKeyId: keyIdentifierOf(leafKey.spki) }),
    });
    const forged = await s.c.validator.validate({ cert: await signTbs(forgedTbs, outsider) });
    expect([forged.code, forged.chain]).toEqual(["SEC_SIG_INVALID", []]);

    const strangerRoot = memorySigner("ecdsa-p256");
    const strangerTbs = buildTbs({
      serial: Uint8Array.of(0x43),
      signatureSuite: "ecdsa-p256",
      issuer: buildName([["CN", "某未知 CA"]]),
      subject: buildName([["CN", "张三"]]),
      notBefore: s.clock.now(),
      notAfter: new Date(s.clock.now().getTime() + 30 * 24 * HOUR),
      spki: leafKey.spki,
      extensions: buildExtensions({ isCa: false, keyUsage: KeyUsageFlags.digitalSignature, subjectKeyId: keyIdentifierOf(leafKey.spki) }),
    });
    const stranger = await s.c.validator.validate({ cert: await signTbs(strangerTbs, strangerRoot) });
    expect(stranger.code).toBe("SEC_CHAIN_UNTRUSTED");

    const good = await issue("ecdsa-p256", "赵篡改");
    const altered = Uint8Array.from(good.certDer);
    const cnAt = Buffer.from(altered).indexOf(Buffer.from("赵篡改"));
    altered[cnAt + 2] = altered[cnAt + 2]! ^ 0x01; // one bit inside the signed subject
    expect((await s.c.validator.validate({ cert: altered })).code).toBe("SEC_SIG_INVALID");
  });

  it("a certificate signed with our CA key but absent from our records is SEC_CERT_UNKNOWN", async () => {
    const sub = await s.c.pki.ca.issuingCa("ecdsa-p256");
    const leafKey = memorySigner("ecdsa-p256");
    const tbs = buildTbs({
      serial: Uint8Array.of(0x11, 0x22, 0x33),
      signatureSuite: "ecdsa-p256",
      issuer: parseCertificate(sub.certDer).tbsCertificate.subject,
      subject: buildName([["CN", "无记录"]]),
      notBefore: s.clock.now(),
      notAfter: new Date(s.clock.now().getTime() + 30 * 24 * HOUR),
      spki: leafKey.spki,
      extensions: buildExtensions({ isCa: false, keyUsage: KeyUsageFlags.digitalSignature, subjectKeyId: keyIdentifierOf(leafKey.spki), authorityKeyId: Buffer.from(sub.ski, "hex") }),
    });
    const r = await s.c.validator.validate({ cert: await signTbs(tbs, await s.c.pki.ca.caSigner(sub)) });
    expect([r.code, failed(r)]).toEqual(["SEC_CERT_UNKNOWN", ["revocation:SEC_CERT_UNKNOWN"]]);
  });

  it("malformed input of every kind is SEC_CERT_MALFORMED, never a crash", async () => {
    const good = (await issue("ecdsa-p256", "模糊测试")).certDer;
    const inputs: (Uint8Array | string)[] = ["", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", Uint8Array.of(0x30, 0x80), good.subarray(0, good.length - 3), Uint8Array.from([...good, 0])];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 1500; i++) {
      const m = Uint8Array.from(good);
      for (let k = 0; k <= i % 4; k++) {
        const at = rnd() % m.length;
        m[at] = m[at]! ^ (1 + (rnd() % 255)); // always a real change
      }
      inputs.push(i % 50 === 0 ? m.subarray(0, rnd() % m.length) : m);
    }
    const codes = new Map<string, number>();
    for (const input of inputs) {
      const r = await s.c.validator.validate({ cert: input });
      const code = r.ok ? "ok" : r.code!;
      expect(code).toMatch(/^(ok|SEC_[A-Z_]+)$/);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect(codes.get("SEC_CERT_MALFORMED")).toBeGreaterThan(100);
    expect(codes.get("SEC_SIG_INVALID")).toBeGreaterThan(100);
    // No changed byte anywhere — signed part, signature or framing — yields a valid certificate.
    expect(codes.get("ok") ?? 0).toBe(0);
    await expect(s.c.validator.assertValid({ cert: "garbage" })).rejects.toBeInstanceOf(AppError);
  });
});
