/**
 * Public-key side of the suites: which suite a SubjectPublicKeyInfo belongs
 * to (rejecting weak RSA and unsupported curves with coded errors), SPKI for
 * SM2 points, and signature verification for all three suites.
 */
import { createPublicKey, verify as nodeVerify, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { ECParameters } from "@peculiar/asn1-ecc";
import { RSAPublicKey } from "@peculiar/asn1-rsa";
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import { sm2Verify } from "./sm2.js";
import { OID, SIGNATURE_ALGORITHMS, SM2_DEFAULT_ID, type SuiteId } from "./suite.js";

export const MIN_RSA_BITS = 2048;
export const MAX_RSA_BITS = 4096;

function parseSpki(spki: Uint8Array): SubjectPublicKeyInfo {
  try {
    return AsnConvert.parse(spki, SubjectPublicKeyInfo);
  } catch (e) {
    throw new AppError("PKI_KEY_UNSUPPORTED", { detail: `malformed SubjectPublicKeyInfo: ${(e as Error).message}` });
  }
}

// The two EC encodings we accept, byte for byte up to the point (a shortcut past the schema parser on hot paths).
const P256_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");
const SM2_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a811ccf5501822d034200", "hex");

function fastEcSuite(spki: Uint8Array): SuiteId | undefined {
  if (spki.length !== 91 || spki[26] !== 0x04) return undefined;
  const head = Buffer.from(spki.buffer, spki.byteOffset, 26);
  if (head.equals(P256_PREFIX)) return "ecdsa-p256";
  if (head.equals(SM2_PREFIX)) return "sm2";
  return undefined;
}

/** The suite a public key belongs to; RSA < 2048 bits and curves other than P-256 / SM2 are refused. */
export function suiteOfSpki(spki: Uint8Array): SuiteId {
  const fast = fastEcSuite(spki);
  if (fast) return fast;
  const info = parseSpki(spki);
  const alg = info.algorithm.algorithm;
  if (alg === OID.ecPublicKey) {
    let curve: string | undefined;
    try {
      curve = info.algorithm.parameters ? AsnConvert.parse(info.algorithm.parameters, ECParameters).namedCurve : undefined;
    } catch {
      curve = undefined;
    }
    const point = new Uint8Array(info.subjectPublicKey);
    if (point.length !== 65 || point[0] !== 4) throw new AppError("PKI_KEY_UNSUPPORTED", { detail: "EC public key must be an uncompressed 256-bit point" });
    if (curve === OID.prime256v1) return "ecdsa-p256";
    if (curve === OID.sm2Curve) return "sm2";
    throw new AppError("PKI_KEY_UNSUPPORTED", { detail: `unsupported curve ${curve ?? "(explicit parameters)"}; use P-256 or SM2` });
  }
  if (alg === OID.rsaEncryption) {
    let bits: number;
    try {
      const key = AsnConvert.parse(info.subjectPublicKey, RSAPublicKey);
      const mod = new Uint8Array(key.modulus);
      let i = 0;
      while (i < mod.length && mod[i] === 0) i++;
      bits = (mod.length - i) * 8 - (mod[i] ? Math.clz32(mod[i]!) - 24 : 0);
    } catch (e) {
      throw new AppError("PKI_KEY_UNSUPPORTED", { detail: `malformed RSA public key: ${(e as Error).message}` });
    }
    if (bits < MIN_RSA_BITS) throw new AppError("PKI_KEY_TOO_WEAK", { detail: `RSA ${bits} bits; at least ${MIN_RSA_BITS} required` });
    if (bits > MAX_RSA_BITS) throw new AppError("PKI_KEY_UNSUPPORTED", { detail: `RSA ${bits} bits; at most ${MAX_RSA_BITS} supported` });
    return "rsa-2048";
  }
  throw new AppError("PKI_KEY_UNSUPPORTED", { detail: `unsupported key algorithm ${alg}` });
}

/** The raw public key bits (the EC point for P-256 and SM2). */
export const spkiPoint = (spki: Uint8Array): Uint8Array => (fastEcSuite(spki) ? spki.subarray(26) : new Uint8Array(parseSpki(spki).subjectPublicKey));

/** GM/T 0015: id-ecPublicKey with the SM2 curve OID as parameters. */
export function sm2Spki(point: Uint8Array): Uint8Array {
  const info = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: AsnConvert.serialize(new ECParameters({ namedCurve: OID.sm2Curve })) }),
    subjectPublicKey: point.slice().buffer,
  });
  return new Uint8Array(AsnConvert.serialize(info));
}

// Parsing an SPKI into a KeyObject costs more than an ECDSA verification; OCSP
// and login verify against the same few keys over and over.
const keyCache = new Map<string, KeyObject>();
function nodeKey(spki: Uint8Array): KeyObject {
  const k = Buffer.from(spki).toString("base64");
  let key = keyCache.get(k);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(k, key);
  }
  return key;
}

export interface VerifyOptions {
  /** SM2 signer ID (GM/T 0009); default 1234567812345678. */
  sm2Id?: string;
}

/**
 * Verifies `signature` over `data` with the key in `spki` under the signature
 * algorithm `algOid`. The algorithm must match the key's suite. Returns false
 * for any mismatch or malformed signature; never throws for bad signatures.
 */
export function verifySignature(spki: Uint8Array, algOid: string, data: Uint8Array, signature: Uint8Array, opts: VerifyOptions = {}): boolean {
  let suite: SuiteId;
  try {
    suite = suiteOfSpki(spki);
  } catch {
    return false;
  }
  if (SIGNATURE_ALGORITHMS[suite].oid !== algOid) return false;
  try {
    switch (suite) {
      case "ecdsa-p256":
        return nodeVerify("sha256", data, { key: nodeKey(spki), dsaEncoding: "der" }, signature);
      case "rsa-2048":
        return nodeVerify("sha256", data, nodeKey(spki), signature);
      case "sm2":
        return sm2Verify(spkiPoint(spki), data, signature, opts.sm2Id ?? SM2_DEFAULT_ID);
    }
  } catch {
    return false;
  }
}
