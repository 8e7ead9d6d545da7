import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { memorySigner } from "../../../test/helpers/node-signer.js";
import { buildExtensions, buildTbs, keyIdentifierOf, parseCertificate, signTbs, toPem } from "./certificate.js";
import { buildName, nameToString } from "./names.js";

describe("certificate builder", () => {
  it("builds a root and a leaf that OpenSSL verifies, with Chinese names intact", async () => {
    for (const suite of ["ecdsa-p256", "rsa-2048"] as const) {
      const rootKey = memorySigner(suite);
      const leafKey = memorySigner("ecdsa-p256");
      const rootName = buildName([["C", "CN"], ["O", "长沙县国土资源局"], ["CN", "测试根CA"]]);
      const rootSki = keyIdentifierOf(rootKey.spki);
      const notBefore = new Date("2026-01-01T00:00:00Z");
      const rootTbs = buildTbs({
        serial: Uint8Array.of(0x01, 0x23),
        signatureSuite: suite,
        issuer: rootName,
        subject: rootName,
        notBefore,
        notAfter: new Date("2046-01-01T00:00:00Z"),
        spki: rootKey.spki,
        extensions: buildExtensions({ isCa: true, keyUsage: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, subjectKeyId: rootSki }),
      });
      const root = await signTbs(rootTbs, rootKey);
      const leafTbs = buildTbs({
        serial: Uint8Array.of(0x45, 0x67, 0x89),
        signatureSuite: suite,
        issuer: rootName,
        subject: buildName([["C", "CN"], ["CN", "张三"]]),
        notBefore,
        notAfter: new Date("2027-01-01T00:00:00Z"),
        spki: leafKey.spki,
        extensions: buildExtensions({
          isCa: false,
          keyUsage: KeyUsageFlags.digitalSignature,
          subjectKeyId: keyIdentifierOf(leafKey.spki),
          authorityKeyId: rootSki,
          crlUrl: "http://127.0.0.1:8080/pki/crl/x.crl",
          ocspUrl: "http://127.0.0.1:8080/pki/ocsp",
          caIssuersUrl: "http://127.0.0.1:8080/pki/ca/x.cer",
        }),
      });
      const leaf = await signTbs(leafTbs, rootKey);
      expect(nameToString(parseCertificate(leaf).tbsCertificate.subject)).toBe("C=CN, CN=张三");

      const dir = mkdtempSync(path.join(tmpdir(), "lt-cert-"));
      writeFileSync(path.join(dir, "root.pem"), toPem(root, "CERTIFICATE"));
      writeFileSync(path.join(dir, "leaf.pem"), toPem(leaf, "CERTIFICATE"));
      const out = execFileSync("openssl", ["verify", "-attime", String(Date.UTC(2026, 5, 1) / 1000), "-CAfile", path.join(dir, "root.pem"), path.join(dir, "leaf.pem")]).toString();
      expect(out).toContain("leaf.pem: OK");
      const text = execFileSync("openssl", ["x509", "-in", path.join(dir, "leaf.pem"), "-noout", "-text", "-nameopt", "utf8"]).toString();
      expect(text).toContain("OCSP - URI:http://127.0.0.1:8080/pki/ocsp");
      expect(text).toContain("CN=张三");
    }
  });
});
