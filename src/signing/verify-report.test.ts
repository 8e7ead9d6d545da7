import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { decodeSignedFile, explain, partyName, verifyReport } from "./verify-report.js";
import type { VerifyResult } from "./verify.service.js";

const DER = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]);
const b64 = Buffer.from(DER).toString("base64").repeat(1);

describe("decodeSignedFile", () => {
  it("keeps DER, decodes PEM of any label and bare base64 text, passes anything else on", () => {
    expect(decodeSignedFile(DER)).toEqual({ der: DER, encoding: "der" });
    const pem = new TextEncoder().encode(`junk before\r\n-----BEGIN PKCS7-----\r\n${b64}\r\n-----END PKCS7-----\r\n`);
    expect(decodeSignedFile(pem)).toEqual({ der: DER, encoding: "pem" });
    const cmsLabel = new TextEncoder().encode(`-----BEGIN CMS-----\n${b64}\n-----END CMS-----\n`);
    expect(decodeSignedFile(cmsLabel).encoding).toBe("pem");
    const long = new Uint8Array([0x30, 0x10, ...new Uint8Array(16)]);
    const text = new TextEncoder().encode(`${Buffer.from(long).toString("base64")}\n`);
    expect(decodeSignedFile(text)).toEqual({ der: long, encoding: "base64" });
    const garbage = new TextEncoder().encode("this is not a signature at all");
    expect(decodeSignedFile(garbage)).toEqual({ der: garbage, encoding: "der" });
    // base64 text that does not decode to a SEQUENCE stays as it is
    const notSeq = new TextEncoder().encode("QUJDREVGR0hJSktMTU5PUFFSU1RVVldY");
    expect(decodeSignedFile(notSeq).der).toBe(notSeq);
  });
});

describe("partyName", () => {
  it("takes CN and O, also when a value contains a comma", () => {
    expect(partyName("CN=张伟, O=长沙县国土资源局, C=CN")).toEqual({ commonName: "张伟", organization: "长沙县国土资源局", dn: "CN=张伟, O=长沙县国土资源局, C=CN" });
    expect(partyName("CN=Acme, Inc. signing, O=Acme, Inc., C=US")).toMatchObject({ commonName: "Acme, Inc. signing", organization: "Acme, Inc." });
    expect(partyName("C=CN")).toMatchObject({ commonName: null, organization: null });
  });
});

describe("explain", () => {
  it("gives message, cause and remedy of catalogue codes; null for none/unknown", () => {
    const e = explain("SEC_CMS_MALFORMED")!;
    expect(e.message.zh).toContain("格式错误");
    expect(e.cause?.en).toContain("truncated");
    expect(e.remedy?.zh).toBeTruthy();
    expect(explain(null)).toBeNull();
    expect(explain("NOPE")).toBeNull();
  });
});

describe("verifyReport", () => {
  const result: VerifyResult = {
    valid: false,
    code: "SEC_CERT_REVOKED",
    message: { zh: "z", en: "e" },
    format: "cms",
    signer: { subject: "CN=张伟, O=某公司", issuer: "CN=子CA, O=局", serial: "0a", notBefore: "2026-01-01T00:00:00.000Z", notAfter: "2027-01-01T00:00:00.000Z", suite: "ecdsa-p256" },
    signingTime: null,
    timestampTime: null,
    contentType: "1.2.840.113549.1.7.1",
    detached: false,
    validation: {
      valid: false,
      code: "SEC_CERT_REVOKED",
      message: null,
      at: "2026-03-01T00:00:00.000Z",
      chain: [
        { subject: "CN=张伟, O=某公司", issuer: "CN=子CA", serial: "0a", notBefore: "", notAfter: "", suite: null },
        { subject: "CN=子CA", issuer: "CN=根CA", serial: "02", notBefore: "", notAfter: "", suite: null },
        { subject: "CN=根CA, O=局", issuer: "CN=根CA", serial: "01", notBefore: "", notAfter: "", suite: null },
      ],
      revocation: { status: "revoked", source: "db", checkedAt: null, revokedAt: null, reason: "keyCompromise" },
      softFail: false,
    },
  };
  it("names signer, issuer and root and explains the code", async () => {
    const r = await verifyReport(DER, async (der) => {
      expect(der).toEqual(DER);
      return result;
    });
    expect(r).toMatchObject({ outcome: "invalid", code: "SEC_CERT_REVOKED", signer: { commonName: "张伟", organization: "某公司", serial: "0a" }, issuer: { commonName: "子CA" }, root: { commonName: "根CA" } });
    expect(r.explanation?.remedy).not.toBeNull();
  });
  it("turns coded SEC_ failures into findings and lets other errors through", async () => {
    const r = await verifyReport(DER, () => Promise.reject(new AppError("SEC_CONTENT_MISSING", { detail: "detached" })));
    expect(r).toMatchObject({ outcome: "error", code: "SEC_CONTENT_MISSING", detail: "detached", result: null, signer: null });
    await expect(verifyReport(DER, () => Promise.reject(new AppError("INTERNAL_ERROR")))).rejects.toMatchObject({ code: "INTERNAL_ERROR" });
    await expect(verifyReport(DER, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});
