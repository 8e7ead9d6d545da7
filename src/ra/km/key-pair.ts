/**
 * In-memory key pairs for the KM (encryption keys that get escrowed) and for
 * test/demo clients: P-256 and RSA through node:crypto, SM2 through our SM2
 * signer (GM/T 0009 user ID). The private key leaves only as PKCS#8 DER, to
 * be wrapped at once.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { ECParameters, ECPrivateKey } from "@peculiar/asn1-ecc";
import { PrivateKeyInfo } from "@peculiar/asn1-pkcs8";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { sm2KeyPair, Sm2SigningKey } from "../../pki/algs/sm2.js";
import { OID, SM2_DEFAULT_ID, type Signer, type SuiteId } from "../../pki/algs/suite.js";
import { sm2Spki } from "../../pki/algs/verify.js";

export interface SoftKey extends Signer {
  /** PKCS#8 PrivateKeyInfo DER (for SM2: id-ecPublicKey + SM2 curve, as OpenSSL writes it). */
  pkcs8: Uint8Array;
}

export function sm2Pkcs8(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const params = AsnConvert.serialize(new ECParameters({ namedCurve: OID.sm2Curve }));
  const ec = new ECPrivateKey({ version: 1, privateKey: new OctetString(privateKey), publicKey: publicKey.slice().buffer });
  const info = new PrivateKeyInfo({
    privateKeyAlgorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: params }),
    privateKey: new OctetString(AsnConvert.serialize(ec)),
  });
  return new Uint8Array(AsnConvert.serialize(info));
}

function nodeKey(suite: "ecdsa-p256" | "rsa-2048", privateKey: KeyObject, spki: Uint8Array, pkcs8: Uint8Array): SoftKey {
  return {
    suite,
    spki,
    pkcs8,
    sign: async (m) => new Uint8Array(nodeSign("sha256", m, suite === "ecdsa-p256" ? { key: privateKey, dsaEncoding: "der" } : privateKey)),
  };
}

export function generateSoftKey(suite: SuiteId, sm2UserId: string = SM2_DEFAULT_ID): SoftKey {
  if (suite === "sm2") {
    const kp = sm2KeyPair();
    const key = new Sm2SigningKey(kp.privateKey, sm2UserId);
    return { suite, spki: sm2Spki(kp.publicKey), pkcs8: sm2Pkcs8(kp.privateKey, kp.publicKey), sign: async (m) => key.sign(m) };
  }
  const kp = suite === "ecdsa-p256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return nodeKey(
    suite,
    kp.privateKey,
    new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" })),
    new Uint8Array(kp.privateKey.export({ format: "der", type: "pkcs8" })),
  );
}

/** Re-opens a PKCS#8 key (recovered from escrow, or a demo bidder's key file). */
export function softKeyFromPkcs8(suite: SuiteId, pkcs8: Uint8Array, sm2UserId: string = SM2_DEFAULT_ID): SoftKey {
  if (suite === "sm2") {
    const info = AsnConvert.parse(pkcs8, PrivateKeyInfo);
    const ec = AsnConvert.parse(info.privateKey.buffer, ECPrivateKey);
    const key = new Sm2SigningKey(new Uint8Array(ec.privateKey.buffer), sm2UserId);
    return { suite, spki: sm2Spki(key.publicKey), pkcs8, sign: async (m) => key.sign(m) };
  }
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
  const spki = new Uint8Array(createPublicKey(privateKey).export({ format: "der", type: "spki" }));
  return nodeKey(suite, privateKey, spki, pkcs8);
}
