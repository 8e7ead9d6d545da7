/**
 * Signature verification for path validation. Our own suites (P-256,
 * RSA-2048, SM2 with the GM/T 0009 user ID) plus what existing CAs commonly
 * use: ECDSA on P-384/P-521 and RSA with SHA-384/512. SHA-1, MD5, RSA-PSS,
 * short RSA keys and other key types are "unsupported" — refused with
 * SEC_ALG_UNSUPPORTED rather than half-checked.
 */
import { createPublicKey, verify as nodeVerify, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { ECParameters } from "@peculiar/asn1-ecc";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { sm2Verify } from "../algs/sm2.js";
import { OID } from "../algs/suite.js";

const SIG_ALGS: Record<string, { key: "ec" | "rsa" | "sm2"; hash: string }> = {
  [OID.ecdsaWithSha256]: { key: "ec", hash: "sha256" },
  "1.2.840.10045.4.3.3": { key: "ec", hash: "sha384" },
  "1.2.840.10045.4.3.4": { key: "ec", hash: "sha512" },
  [OID.sha256WithRsa]: { key: "rsa", hash: "sha256" },
  "1.2.840.113549.1.1.12": { key: "rsa", hash: "sha384" },
  "1.2.840.113549.1.1.13": { key: "rsa", hash: "sha512" },
  [OID.sm2WithSm3]: { key: "sm2", hash: "sm3" },
};

const CURVES: Record<string, string> = {
  [OID.prime256v1]: "P-256",
  "1.3.132.0.34": "P-384",
  "1.3.132.0.35": "P-521",
};

export type KeyKind = { kind: "ec"; curve: string } | { kind: "rsa"; bits: number } | { kind: "sm2" } | { kind: "unsupported"; reason: string };

const keyObjects = new Map<string, KeyObject>();

function nodeKey(spki: Uint8Array): KeyObject {
  const k = Buffer.from(spki).toString("base64");
  let key = keyObjects.get(k);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    if (keyObjects.size > 2000) keyObjects.clear();
    keyObjects.set(k, key);
  }
  return key;
}

const kinds = new Map<string, KeyKind>();

/** What kind of public key this is, and whether we accept it (cached: the same CA keys come back all the time). */
export function keyKind(spki: Uint8Array): KeyKind {
  const k = Buffer.from(spki).toString("base64");
  let kind = kinds.get(k);
  if (!kind) {
    kind = keyKindOf(spki);
    if (kinds.size > 2000) kinds.clear();
    kinds.set(k, kind);
  }
  return kind;
}

function keyKindOf(spki: Uint8Array): KeyKind {
  let info: SubjectPublicKeyInfo;
  try {
    info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  } catch {
    return { kind: "unsupported", reason: "malformed public key" };
  }
  const alg = info.algorithm.algorithm;
  if (alg === OID.ecPublicKey) {
    let curve: string | undefined;
    try {
      curve = info.algorithm.parameters ? AsnConvert.parse(info.algorithm.parameters, ECParameters).namedCurve : undefined;
    } catch {
      curve = undefined;
    }
    if (curve === OID.sm2Curve) return { kind: "sm2" };
    if (curve && CURVES[curve]) return { kind: "ec", curve: CURVES[curve]! };
    return { kind: "unsupported", reason: `EC curve ${curve ?? "(explicit parameters)"}` };
  }
  if (alg === OID.rsaEncryption) {
    try {
      const bits = nodeKey(spki).asymmetricKeyDetails?.modulusLength ?? 0;
      return bits >= 2048 ? { kind: "rsa", bits } : { kind: "unsupported", reason: `RSA ${bits} bits (at least 2048 required)` };
    } catch {
      return { kind: "unsupported", reason: "malformed RSA key" };
    }
  }
  return { kind: "unsupported", reason: `key algorithm ${alg}` };
}

const points = new Map<string, Uint8Array>();
function sm2Point(spki: Uint8Array): Uint8Array {
  const k = Buffer.from(spki).toString("base64");
  let p = points.get(k);
  if (!p) {
    p = new Uint8Array(AsnConvert.parse(spki, SubjectPublicKeyInfo).subjectPublicKey);
    if (points.size > 2000) points.clear();
    points.set(k, p);
  }
  return p;
}

export type SigCheck = { ok: true } | { ok: false; unsupported: boolean; reason: string };

/** Verifies `signature` over `data` by the key in `spki` under signature algorithm `algOid`. */
export function verifyWith(spki: Uint8Array, algOid: string, data: Uint8Array, signature: Uint8Array, sm2Id: string): SigCheck {
  const alg = SIG_ALGS[algOid];
  if (!alg) return { ok: false, unsupported: true, reason: `signature algorithm ${algOid}` };
  const key = keyKind(spki);
  if (key.kind === "unsupported") return { ok: false, unsupported: true, reason: key.reason };
  if (key.kind !== alg.key) return { ok: false, unsupported: false, reason: `a ${key.kind} key cannot make a ${algOid} signature` };
  try {
    const good =
      key.kind === "sm2"
        ? sm2Verify(sm2Point(spki), data, signature, sm2Id)
        : nodeVerify(alg.hash, data, key.kind === "ec" ? { key: nodeKey(spki), dsaEncoding: "der" } : nodeKey(spki), signature);
    return good ? { ok: true } : { ok: false, unsupported: false, reason: "signature does not verify" };
  } catch (e) {
    return { ok: false, unsupported: false, reason: `signature does not verify (${(e as Error).message})` };
  }
}
