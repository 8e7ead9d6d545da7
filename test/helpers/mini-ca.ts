/**
 * A throw-away CA for tests that need certificates without the database:
 * root (P-256, RSA or SM2) → leaf certificates for any public key, built with
 * the same builders the real CA uses. Times come from the caller (FakeClock).
 */
import { generateKeyPairSync, randomBytes, sign as nodeSign } from "node:crypto";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { sm2KeyPair, Sm2SigningKey } from "../../src/pki/algs/sm2.js";
import type { Signer, SuiteId } from "../../src/pki/algs/suite.js";
import { sm2Spki } from "../../src/pki/algs/verify.js";
import { buildExtensions, buildTbs, keyIdentifierOf, signTbs } from "../../src/pki/asn1/certificate.js";
import { buildName } from "../../src/pki/asn1/names.js";

const DAY = 86_400_000;

export function softSigner(suite: SuiteId): Signer & { pkcs8Pem: string } {
  if (suite === "sm2") {
    const kp = sm2KeyPair();
    const k = new Sm2SigningKey(kp.privateKey);
    return { suite, spki: sm2Spki(kp.publicKey), sign: async (m) => k.sign(m), pkcs8Pem: "" };
  }
  const { privateKey, publicKey } = suite === "ecdsa-p256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    suite,
    spki: new Uint8Array(publicKey.export({ format: "der", type: "spki" })),
    sign: async (m) => new Uint8Array(nodeSign("sha256", m, suite === "ecdsa-p256" ? { key: privateKey, dsaEncoding: "der" } : privateKey)),
    pkcs8Pem: privateKey.export({ format: "pem", type: "pkcs8" }) as string,
  };
}

export interface MiniCa {
  suite: SuiteId;
  cert: Uint8Array;
  signer: Signer;
  issue(spki: Uint8Array, cn: string, opts?: { usage?: "sign" | "encrypt"; from?: Date; days?: number; serial?: Uint8Array }): Promise<Uint8Array>;
}

export async function miniCa(suite: SuiteId, now: Date, name = `Test Root ${suite}`): Promise<MiniCa> {
  const signer = softSigner(suite);
  const caName = buildName([
    ["CN", name],
    ["O", "landtrade test"],
  ]);
  const ski = keyIdentifierOf(signer.spki);
  const tbs = buildTbs({
    serial: Uint8Array.of(1, ...randomBytes(8)),
    signatureSuite: suite,
    issuer: caName,
    subject: caName,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    spki: signer.spki,
    extensions: buildExtensions({ isCa: true, keyUsage: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, subjectKeyId: ski }),
  });
  const cert = await signTbs(tbs, signer);
  return {
    suite,
    cert,
    signer,
    async issue(spki, cn, opts = {}) {
      const from = opts.from ?? new Date(now.getTime() - 60_000);
      const rsa = suite === "rsa-2048";
      const usage =
        opts.usage === "encrypt"
          ? rsa || spki.length > 200
            ? KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment
            : KeyUsageFlags.keyAgreement | KeyUsageFlags.dataEncipherment
          : KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;
      const t = buildTbs({
        serial: opts.serial ?? Uint8Array.of(0x40, ...randomBytes(15)),
        signatureSuite: suite,
        issuer: caName,
        subject: buildName([
          ["CN", cn],
          ["O", "landtrade test"],
        ]),
        notBefore: from,
        notAfter: new Date(from.getTime() + (opts.days ?? 365) * DAY),
        spki,
        extensions: buildExtensions({ isCa: false, keyUsage: usage, subjectKeyId: keyIdentifierOf(spki), authorityKeyId: ski }),
      });
      return signTbs(t, signer);
    },
  };
}
