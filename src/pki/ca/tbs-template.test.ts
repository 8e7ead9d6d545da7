import { describe, expect, it } from "vitest";
import { memorySigner, sm2MemorySigner } from "../../../test/helpers/node-signer.js";
import { buildExtensions, buildTbs, keyIdentifierOf } from "../asn1/certificate.js";
import { buildName, nameDer } from "../asn1/names.js";
import { pkiUrls } from "./naming.js";
import { PROFILES } from "./profiles.js";
import { randomSerial } from "./serial.js";
import { assembleTbs, makeTemplate } from "./tbs-template.js";

describe("TBS templates", () => {
  it("assemble exactly what buildTbs builds, for every leaf profile, key type and validity era", () => {
    const urls = pkiUrls("http://landtrade.test");
    const issuerName = buildName([["C", "CN"], ["O", "长沙县国土资源局"], ["CN", "子CA"]]);
    const keys = [memorySigner("ecdsa-p256"), sm2MemorySigner()];
    for (const issuerSuite of ["ecdsa-p256", "sm2", "rsa-2048"] as const) {
      for (const profile of Object.values(PROFILES).filter((p) => !p.isCa)) {
        for (const key of keys) {
          for (const [nb, na] of [["2026-03-02T01:00:00Z", "2028-03-01T01:00:00Z"], ["2049-06-01T00:00:00Z", "2051-06-01T00:00:00Z"]] as const) {
            const spec = {
              isCa: false,
              keyUsage: profile.keyUsage,
              ...(profile.eku ? { eku: profile.eku } : {}),
              ekuCritical: profile.ekuCritical ?? false,
              authorityKeyId: new Uint8Array(20).fill(9),
              ...(profile.revocationPointers ? { crlUrl: urls.crl("x-sub"), ocspUrl: urls.ocsp, caIssuersUrl: urls.caIssuers("x-sub") } : {}),
              ocspNoCheck: profile.ocspNoCheck ?? false,
            };
            const dnsNames = profile.requiresDnsSan ? ["trade.example.cn", "www.trade.example.cn"] : [];
            const serial = randomSerial().bytes;
            const subject = buildName([["C", "CN"], ["CN", "张三"]]);
            const expected = buildTbs({
              serial,
              signatureSuite: issuerSuite,
              issuer: issuerName,
              subject,
              notBefore: new Date(nb),
              notAfter: new Date(na),
              spki: key.spki,
              extensions: buildExtensions({ ...spec, subjectKeyId: keyIdentifierOf(key.spki), ...(dnsNames.length ? { dnsNames } : {}) }),
            });
            const t = makeTemplate(issuerSuite, nameDer(issuerName), spec);
            const got = assembleTbs(t, { serial, notBefore: new Date(nb), notAfter: new Date(na), subjectDer: nameDer(subject), spkiDer: key.spki, subjectKeyId: keyIdentifierOf(key.spki), dnsNames });
            expect(Buffer.from(got).toString("hex"), `${issuerSuite} ${profile.id} ${key.suite} ${nb}`).toBe(Buffer.from(expected).toString("hex"));
          }
        }
      }
    }
  });
});
