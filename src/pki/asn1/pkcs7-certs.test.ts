import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { describe, expect, it } from "vitest";
import { memorySigner } from "../../../test/helpers/node-signer.js";
import { buildExtensions, buildTbs, keyIdentifierOf, signTbs } from "./certificate.js";
import { DerError } from "./der-reader.js";
import { buildName } from "./names.js";
import { buildCertsOnly, fromBase64Body, parseCertsOnly, toBase64Body } from "./pkcs7-certs.js";

async function selfSigned(cn: string): Promise<Uint8Array> {
  const k = memorySigner();
  const name = buildName([["CN", cn]]);
  return signTbs(
    buildTbs({
      serial: Uint8Array.of(5),
      signatureSuite: "ecdsa-p256",
      issuer: name,
      subject: name,
      notBefore: new Date("2026-01-01T00:00:00Z"),
      notAfter: new Date("2030-01-01T00:00:00Z"),
      spki: k.spki,
      extensions: buildExtensions({ isCa: true, keyUsage: KeyUsageFlags.keyCertSign, subjectKeyId: keyIdentifierOf(k.spki) }),
    }),
    k,
  );
}

describe("certs-only PKCS#7", () => {
  it("round-trips certificates byte for byte, and OpenSSL reads the bag", async () => {
    const certs = [await selfSigned("甲 CA"), await selfSigned("乙 CA")];
    const p7 = buildCertsOnly(certs);
    expect(parseCertsOnly(p7)).toEqual(certs);
    const pem = execFileSync("openssl", ["pkcs7", "-inform", "DER", "-print_certs"], { input: p7 }).toString();
    expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(execFileSync("openssl", ["pkcs7", "-inform", "DER", "-print_certs", "-noout"], { input: p7 }).toString()).toContain("subject=CN = \\E7\\94\\B2 CA");
    expect(fromBase64Body(toBase64Body(p7))).toEqual(p7);
    expect(parseCertsOnly(buildCertsOnly([]))).toEqual([]);
  });

  it("reads certs-only bags that OpenSSL makes", async () => {
    const c = await selfSigned("丙");
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(c).toString("base64")}\n-----END CERTIFICATE-----\n`;
    const dir = mkdtempSync(path.join(tmpdir(), "lt-p7-"));
    writeFileSync(path.join(dir, "c.pem"), pem);
    const p7 = execFileSync("openssl", ["crl2pkcs7", "-nocrl", "-certfile", path.join(dir, "c.pem"), "-outform", "DER"]);
    expect(parseCertsOnly(new Uint8Array(p7))).toEqual([c]);
  });

  it("rejects truncated, trailing and foreign input with DerError", async () => {
    const p7 = buildCertsOnly([await selfSigned("x")]);
    for (const bad of [p7.subarray(0, p7.length - 1), Uint8Array.from([...p7, 0]), Uint8Array.of(0x30, 0x00), Uint8Array.of(0x04, 0x01, 0x00)]) {
      expect(() => parseCertsOnly(bad)).toThrow(DerError);
    }
    expect(() => fromBase64Body("not*base64")).toThrow(DerError);
  });
});
