/** In-memory signers (ECDSA P-256 / RSA over node:crypto, SM2 over our SM2 code) for unit tests of the ASN.1 builders. */
import { generateKeyPairSync, sign as nodeSign, type KeyObject } from "node:crypto";
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import { sm2KeyPair, Sm2SigningKey } from "../../src/pki/algs/sm2.js";
import type { Signer } from "../../src/pki/algs/suite.js";
import { sm2Spki } from "../../src/pki/algs/verify.js";
import { buildExtensions, buildTbs, keyIdentifierOf, signTbs, type ExtensionSpec } from "../../src/pki/asn1/certificate.js";
import { buildName } from "../../src/pki/asn1/names.js";
import { randomSerial } from "../../src/pki/ca/serial.js";

export function memorySigner(suite: "ecdsa-p256" | "rsa-2048" = "ecdsa-p256"): Signer & { privateKey: KeyObject } {
  const { privateKey, publicKey } =
    suite === "ecdsa-p256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    suite,
    privateKey,
    spki: new Uint8Array(publicKey.export({ format: "der", type: "spki" })),
    sign: async (m) => new Uint8Array(nodeSign("sha256", m, suite === "ecdsa-p256" ? { key: privateKey, dsaEncoding: "der" } : privateKey)),
  };
}

/** An in-memory SM2 signer (GM/T 0009 default user ID) and its 32-byte private scalar. */
export function sm2MemorySigner(): Signer & { privateKey: Uint8Array } {
  const kp = sm2KeyPair();
  const key = new Sm2SigningKey(kp.privateKey);
  return { suite: "sm2", privateKey: kp.privateKey, spki: sm2Spki(kp.publicKey), sign: async (m) => key.sign(m) };
}

/** A self-signed certificate for a test signer (CA flag, digitalSignature + keyCertSign). */
export async function selfSigned(signer: Signer, cn = "test", extra: Partial<ExtensionSpec> = {}): Promise<Uint8Array> {
  const name = buildName([["C", "CN"], ["CN", cn]]);
  const tbs = buildTbs({
    serial: randomSerial().bytes,
    signatureSuite: signer.suite,
    issuer: name,
    subject: name,
    notBefore: new Date("2026-01-01T00:00:00Z"),
    notAfter: new Date("2036-01-01T00:00:00Z"),
    spki: signer.spki,
    extensions: buildExtensions({ isCa: true, keyUsage: KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, subjectKeyId: keyIdentifierOf(signer.spki), ...extra }),
  });
  return signTbs(tbs, signer);
}
