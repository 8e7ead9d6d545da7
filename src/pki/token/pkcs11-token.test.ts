/**
 * The USB-key client on a SoftHSM2 token: key in the token, a PKCS#10 request
 * that OpenSSL verifies, the certificate stored beside the key and found
 * again after re-opening, and signatures that OpenSSL verifies with the
 * certificate's key.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memorySigner } from "../../../test/helpers/node-signer.js";
import { SOFTHSM_MODULE, SOFTHSM_SKIP_REASON, softhsm, softhsmAvailable } from "../../../test/helpers/softhsm.js";
import { AppError } from "../../shared/errors.js";
import { buildExtensions, buildTbs, keyIdentifierOf, signTbs, toPem } from "../asn1/certificate.js";
import { parseCsr } from "../asn1/csr.js";
import { buildName } from "../asn1/names.js";
import { Pkcs11Token } from "./pkcs11-token.js";

const PIN = "123456";

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e instanceof AppError ? e.code : `uncoded: ${(e as Error).message}`;
  }
  return "no error";
}

describe.skipIf(!softhsmAvailable)("PKCS#11 token client (USB key) on SoftHSM2", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lt-token-"));
  const ca = memorySigner("ecdsa-p256");
  const caName = buildName([["C", "CN"], ["O", "测试"], ["CN", "Token Test CA"]]);
  let caPem: string;
  let slotId: number;
  let token: Pkcs11Token;

  async function issue(spki: Uint8Array, serial: number, cn: string): Promise<Uint8Array> {
    const tbs = buildTbs({
      serial: Uint8Array.of(0x10, serial),
      signatureSuite: "ecdsa-p256",
      issuer: caName,
      subject: buildName([["C", "CN"], ["CN", cn]]),
      notBefore: new Date("2026-01-01T00:00:00Z"),
      notAfter: new Date(Date.UTC(2027, serial % 12, 1)),
      spki,
      extensions: buildExtensions({ isCa: false, keyUsage: KeyUsageFlags.digitalSignature, subjectKeyId: keyIdentifierOf(spki), authorityKeyId: keyIdentifierOf(ca.spki) }),
    });
    return signTbs(tbs, ca);
  }

  beforeAll(async () => {
    const hsm = softhsm();
    slotId = hsm.initToken("bidder-usbkey", PIN);
    const rootTbs = buildTbs({
      serial: Uint8Array.of(1),
      signatureSuite: "ecdsa-p256",
      issuer: caName,
      subject: caName,
      notBefore: new Date("2026-01-01T00:00:00Z"),
      notAfter: new Date("2036-01-01T00:00:00Z"),
      spki: ca.spki,
      extensions: buildExtensions({ isCa: true, keyUsage: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, subjectKeyId: keyIdentifierOf(ca.spki) }),
    });
    caPem = toPem(await signTbs(rootTbs, ca), "CERTIFICATE");
    writeFileSync(path.join(dir, "ca.pem"), caPem);
    token = Pkcs11Token.open({ modulePath: SOFTHSM_MODULE, slot: 0, pin: PIN }); // --slot 0: the first token present
  });
  afterAll(() => token?.close());

  it("enrolls: key in the token → CSR OpenSSL verifies → certificate stored beside the key → found again → signs", async () => {
    expect(token.info()).toMatchObject({ label: "bidder-usbkey", slotId: String(slotId) });
    const key = await token.generateKey({ label: "张三 签名密钥" });
    const csr = await token.createCsr(key.id);
    // Our own parser checks proof of possession; so does OpenSSL.
    expect(parseCsr(csr).spki).toEqual(key.spki);
    writeFileSync(path.join(dir, "req.pem"), toPem(csr, "CERTIFICATE REQUEST"));
    const verified = execFileSync("openssl", ["req", "-in", path.join(dir, "req.pem"), "-verify", "-noout"], { stdio: ["ignore", "pipe", "pipe"] });
    expect(verified.toString()).not.toContain("failure");

    const cert = await issue(parseCsr(csr).spki, 7, "张三");
    const stored = await token.storeCertificate(key.id, cert);
    expect(stored).toMatchObject({ id: key.id, subject: "C=CN, CN=张三", serial: "1007" });

    // A new process would re-open the token: do the same and find the credential by default, by id and by serial.
    token.close();
    token = Pkcs11Token.open({ modulePath: SOFTHSM_MODULE, tokenLabel: "bidder-usbkey", pin: PIN });
    const cred = await token.findCredential();
    expect(cred.id).toBe(key.id);
    expect(cred.certDer).toEqual(cert);
    expect((await token.findCredential({ serial: "1007" })).id).toBe(key.id);

    const challenge = Buffer.from("login challenge 2026-03-02 nonce=8f3a");
    const sig = await token.sign(cred.id, challenge);
    writeFileSync(path.join(dir, "cert.pem"), toPem(cred.certDer, "CERTIFICATE"));
    writeFileSync(path.join(dir, "challenge"), challenge);
    writeFileSync(path.join(dir, "sig.der"), sig);
    execFileSync("sh", ["-c", `openssl x509 -in cert.pem -pubkey -noout > pub.pem`], { cwd: dir });
    const out = execFileSync("openssl", ["dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "challenge"], { cwd: dir }).toString();
    expect(out).toContain("Verified OK");
    const forged = Buffer.from(challenge);
    forged[0] = forged[0]! ^ 1;
    writeFileSync(path.join(dir, "forged"), forged);
    expect(() => execFileSync("openssl", ["dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "forged"], { cwd: dir, stdio: "pipe" })).toThrow();
  });

  it("replaces the certificate on renewal and keeps the newest as default", async () => {
    const key = await token.generateKey({ label: "renewal" });
    await token.storeCertificate(key.id, await issue(key.spki, 2, "李四"));
    await token.storeCertificate(key.id, await issue(key.spki, 11, "李四"));
    const creds = (await token.credentials()).filter((c) => c.id === key.id);
    expect(creds).toHaveLength(1);
    expect(creds[0]!.serial).toBe("100b");
    expect((await token.findCredential()).id).toBe(key.id); // notAfter 2027-12 beats 2027-08
  });

  it("refuses a certificate for another key, SM2, unknown ids and a wrong PIN with coded errors", async () => {
    const key = await token.generateKey({ label: "victim" });
    const other = memorySigner("ecdsa-p256");
    expect(await codeOf(token.storeCertificate(key.id, await issue(other.spki, 3, "王五")))).toBe("PKI_TOKEN_CERT_MISMATCH");
    expect(await codeOf(token.storeCertificate(key.id, Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00)))).toBe("PKI_TOKEN_CERT_MISMATCH");
    expect((await token.credentials()).find((c) => c.id === key.id)?.certDer).toBeNull();
    expect(await codeOf(token.generateKey({ label: "sm2", suite: "sm2" }))).toBe("PKI_ALG_NOT_ON_TOKEN");
    expect(await codeOf(token.sign("abcdef", Buffer.from("x")))).toBe("PKI_TOKEN_OBJECT_NOT_FOUND");
    expect(await codeOf(token.findCredential({ serial: "ffff" }))).toBe("PKI_TOKEN_OBJECT_NOT_FOUND");
    expect(await codeOf(() => Pkcs11Token.open({ modulePath: SOFTHSM_MODULE, slot: 0, pin: "000000" }))).toBe("PKI_TOKEN_PIN_INCORRECT");
    await token.deleteKey(key.id);
    expect((await token.credentials()).find((c) => c.id === key.id)).toBeUndefined();
  });
});

if (!softhsmAvailable) describe("PKCS#11 token client", () => it.skip(SOFTHSM_SKIP_REASON, () => undefined));
