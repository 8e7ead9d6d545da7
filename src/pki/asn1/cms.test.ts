import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { memorySigner, selfSigned, sm2MemorySigner } from "../../../test/helpers/node-signer.js";
import { isAppError } from "../../shared/errors.js";
import { toPem } from "./certificate.js";
import { CMS_OID, parseCms, signCms, verifyCms } from "./cms.js";

const dir = mkdtempSync(path.join(tmpdir(), "lt-cms-"));
const content = new TextEncoder().encode("报价 CX-2026-017: 123450000.00 元\n");
const at = new Date("2026-03-02T08:30:00Z");

describe("CMS SignedData", () => {
  for (const suite of ["ecdsa-p256", "rsa-2048", "sm2"] as const) {
    it(`${suite}: attached and detached signatures verify as built, and tampering is caught`, async () => {
      const signer = suite === "sm2" ? sm2MemorySigner() : memorySigner(suite);
      const cert = await selfSigned(signer, `signer ${suite}`);
      const attached = await signCms({ signer, signerCert: cert, content, signingTime: at });
      const r = verifyCms(attached);
      expect(r).toMatchObject({ ok: true, digestOk: true, signatureOk: true, signingCertificateOk: true, signerSuite: suite, eContentType: CMS_OID.data });
      expect(r.signingTime?.toISOString()).toBe(at.toISOString());
      expect(Buffer.from(r.content).equals(Buffer.from(content))).toBe(true);
      expect(Buffer.from(r.signerCert).equals(Buffer.from(cert))).toBe(true);
      if (suite === "sm2") expect(parseCms(attached).signer.signatureAlgorithm).toBe(CMS_OID.sm2Sign);

      const detached = await signCms({ signer, signerCert: cert, content, detached: true });
      expect(parseCms(detached).content).toBeNull();
      expect(verifyCms(detached, { content }).ok).toBe(true);
      const other = new TextEncoder().encode("报价 CX-2026-017: 999.00 元\n");
      const bad = verifyCms(detached, { content: other });
      expect(bad).toMatchObject({ ok: false, digestOk: false });

      // A flipped bit inside the signature: structure intact, signature false.
      const sigTampered = Uint8Array.from(attached);
      sigTampered[sigTampered.length - 5]! ^= 0x01;
      const t = (() => {
        try {
          return verifyCms(sigTampered);
        } catch (e) {
          return e;
        }
      })();
      if (isAppError(t)) expect(t.code).toMatch(/^PKI_CMS_/);
      else expect((t as { ok: boolean }).ok).toBe(false);
    });
  }

  it("GM/T 0010 content types round-trip", async () => {
    const signer = sm2MemorySigner();
    const cert = await selfSigned(signer, "gm");
    const der = await signCms({ signer, signerCert: cert, content, gmContentTypes: true });
    const p = parseCms(der);
    expect(p.contentType).toBe(CMS_OID.gmSignedData);
    expect(p.eContentType).toBe(CMS_OID.gmData);
    expect(verifyCms(der).ok).toBe(true);
  });

  it("OpenSSL verifies our ECDSA and RSA SignedData (attached and detached)", async () => {
    for (const suite of ["ecdsa-p256", "rsa-2048"] as const) {
      const signer = memorySigner(suite);
      const cert = await selfSigned(signer, `openssl ${suite}`);
      writeFileSync(path.join(dir, `${suite}.pem`), toPem(cert, "CERTIFICATE"));
      writeFileSync(path.join(dir, "content.txt"), content);
      writeFileSync(path.join(dir, `${suite}.p7`), await signCms({ signer, signerCert: cert, content, signingTime: at }));
      writeFileSync(path.join(dir, `${suite}.d.p7`), await signCms({ signer, signerCert: cert, content, detached: true }));
      const out = execFileSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", path.join(dir, `${suite}.p7`), "-CAfile", path.join(dir, `${suite}.pem`), "-attime", String(at.getTime() / 1000)], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(Buffer.from(out).equals(Buffer.from(content))).toBe(true);
      const d = spawnSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", path.join(dir, `${suite}.d.p7`), "-content", path.join(dir, "content.txt"), "-CAfile", path.join(dir, `${suite}.pem`), "-attime", String(at.getTime() / 1000), "-out", "/dev/null"]);
      expect(d.stderr.toString()).toContain("Verification successful");
    }
  });

  it("accepts SignedData made by OpenSSL", async () => {
    execFileSync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path.join(dir, "o.key")]);
    execFileSync("openssl", ["req", "-new", "-x509", "-key", path.join(dir, "o.key"), "-subj", "/CN=openssl signer", "-days", "2", "-out", path.join(dir, "o.pem")]);
    writeFileSync(path.join(dir, "o.txt"), content);
    execFileSync("openssl", ["cms", "-sign", "-binary", "-nodetach", "-in", path.join(dir, "o.txt"), "-signer", path.join(dir, "o.pem"), "-inkey", path.join(dir, "o.key"), "-outform", "DER", "-out", path.join(dir, "o.p7")]);
    const r = verifyCms(new Uint8Array(readFileSync(path.join(dir, "o.p7"))));
    expect(r).toMatchObject({ ok: true, signerSuite: "ecdsa-p256" });
    expect(Buffer.from(r.content).equals(Buffer.from(content))).toBe(true);
  });

  it("garbage is a coded error, never a crash", () => {
    for (const input of [new Uint8Array(0), Uint8Array.of(0x30, 0x00), Uint8Array.of(0x30, 0x80, 0, 0), new TextEncoder().encode("not DER"), Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff)]) {
      try {
        verifyCms(input);
        expect.unreachable();
      } catch (e) {
        expect(isAppError(e) && e.code.startsWith("PKI_")).toBe(true);
      }
    }
  });
});
