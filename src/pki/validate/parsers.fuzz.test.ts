/**
 * The parsers that read what other parties send us — OCSP responses and CRLs
 * from external CAs, certs-only PKCS#7 from EST servers — fed thousands of
 * mutated copies of real OpenSSL output: only their own coded errors, no
 * crash, no hang, and no mutated input accepted as valid.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenSslCa, type OpenSslCa } from "../../../test/helpers/openssl-ca.js";
import { DerError } from "../asn1/der-reader.js";
import { parseCertsOnly } from "../asn1/pkcs7-certs.js";
import { certInfo, type CertInfo } from "./cert-info.js";
import { CrlError, readCrl } from "./crl-client.js";
import { buildOcspRequest, OcspError, readOcspResponse } from "./ocsp-client.js";

function* mutations(good: Uint8Array, n: number): Generator<Uint8Array> {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < n; i++) {
    const m = Uint8Array.from(good);
    const flips = 1 + (i % 3);
    for (let k = 0; k < flips; k++) {
      const at = rnd() % m.length;
      m[at] = m[at]! ^ (1 + (rnd() % 255)); // always a real change
    }
    if (i % 40 === 0) yield m.subarray(0, rnd() % m.length);
    else if (i % 97 === 0) yield Uint8Array.from([...m, ...m.subarray(0, 5)]);
    else yield m;
  }
}

describe("parsers of other parties' data under mutation", { timeout: 120_000 }, () => {
  let ext: OpenSslCa;
  let ca: CertInfo;
  let leaf: CertInfo;
  const SM2_ID = "1234567812345678";

  beforeAll(async () => {
    ext = await createOpenSslCa();
    leaf = certInfo(ext.issueLeaf("fuzz"));
    ext.issueLeaf("gone");
    ext.revoke("gone", "keyCompromise");
    ext.gencrl();
    ca = certInfo(ext.caPem);
  }, 120_000);
  afterAll(() => ext?.close());

  it("CRLs: the real one reads; 3000 mutations give CrlError only", () => {
    const good = new Uint8Array(readFileSync(ext.x.file("crl.der")));
    expect(readCrl(good, ca, SM2_ID).revoked.size).toBe(1);
    let n = 0;
    for (const m of mutations(good, 3000)) {
      expect(() => readCrl(m, ca, SM2_ID)).toThrow(CrlError);
      n++;
    }
    expect(n).toBe(3000);
  });

  it("OCSP responses: the real one reads with our nonce; 3000 mutations give OcspError only", () => {
    const q = buildOcspRequest(leaf, ca);
    ext.x.sh(`printf '%s' '${Buffer.from(q.der).toString("base64")}' | base64 -d > q.der`);
    ext.x.sh(`openssl ocsp -index index.txt -rsigner ocsp.pem -rkey ocsp.key -CA ca.pem -reqin q.der -respout r.der -nmin 60 >/dev/null 2>&1`);
    const good = new Uint8Array(readFileSync(ext.x.file("r.der")));
    const ctx = { cert: leaf, issuer: ca, nonce: q.nonce, now: new Date(Math.floor(leaf.notBefore.getTime()) + 60_000), sm2Id: SM2_ID };
    expect(readOcspResponse(good, ctx)).toMatchObject({ status: "good", nonceEchoed: true });
    expect(() => readOcspResponse(good, { ...ctx, nonce: new Uint8Array(16) })).toThrow(/nonce mismatch/);
    for (const m of mutations(good, 3000)) expect(() => readOcspResponse(m, ctx)).toThrow(OcspError);
  });

  it("certs-only PKCS#7: 3000 mutations give DerError or certificates that are exactly bytes of the input", () => {
    ext.x.sh(`openssl crl2pkcs7 -nocrl -certfile ca.pem -certfile fuzz.pem -outform DER -out bag.p7`);
    const good = new Uint8Array(readFileSync(ext.x.file("bag.p7")));
    expect(parseCertsOnly(good)).toHaveLength(2);
    for (const m of mutations(good, 3000)) {
      try {
        for (const c of parseCertsOnly(m)) expect(Buffer.from(m).includes(Buffer.from(c))).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(DerError);
      }
    }
  });
});
