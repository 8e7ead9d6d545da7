/**
 * PKCS#11 object handling shared by the HSM key store and the USB-key token
 * client: key-pair templates (private keys sensitive and non-extractable),
 * finding objects by CKA_ID, SubjectPublicKeyInfo from public-key
 * attributes, and signing in the token.
 *
 * Signing: SoftHSM2 (and many USB keys) offer only plain CKM_ECDSA, so the
 * SHA-256 digest is computed here and the token signs the digest; its raw
 * r‖s is re-encoded as the DER SEQUENCE{r, s} that X.509/CMS carry. RSA
 * uses CKM_SHA256_RSA_PKCS (the token hashes). SM2 has no mechanism in
 * SoftHSM2: PKI_ALG_NOT_ON_TOKEN.
 */
import { createHash, randomBytes } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { RSAPublicKey } from "@peculiar/asn1-rsa";
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import { OID, type SuiteId } from "../algs/suite.js";
import { concat, tlv } from "../asn1/der.js";
import { P11, tokenError, type Handle, type Pkcs11 } from "./pkcs11-module.js";

export type TokenSuite = "ecdsa-p256" | "rsa-2048";

/** DER of the named-curve OID for P-256, as CKA_EC_PARAMS holds it. */
const P256_PARAMS = Buffer.from("06082a8648ce3d030107", "hex");

export function assertTokenSuite(suite: SuiteId): TokenSuite {
  if (suite === "ecdsa-p256" || suite === "rsa-2048") return suite;
  throw new AppError("PKI_ALG_NOT_ON_TOKEN", { detail: `${suite}: the PKCS#11 module offers no ${suite.toUpperCase()} mechanism (SoftHSM2 has none); use ecdsa-p256 or rsa-2048 on this token` });
}

/** A fresh random CKA_ID (16 bytes); the KeyRef stores it as hex. */
export const newCkaId = (): Buffer => randomBytes(16);

export function parseCkaId(hex: string): Buffer {
  if (!/^[0-9a-f]{2,128}$/i.test(hex) || hex.length % 2) throw new AppError("PKI_KEY_NOT_FOUND", { detail: `pkcs11:${hex} is not a hex CKA_ID` });
  return Buffer.from(hex, "hex");
}

export interface GeneratedPair {
  privateKey: Handle;
  publicKey: Handle;
}

/**
 * Generates a key pair as token objects. The private key is CKA_SENSITIVE
 * and not CKA_EXTRACTABLE: the token refuses to reveal or wrap it, ever.
 */
export function generateKeyPair(p: Pkcs11, s: Handle, suite: TokenSuite, id: Buffer, label: string): GeneratedPair {
  const common = [
    { type: P11.CKA_TOKEN, value: true },
    { type: P11.CKA_ID, value: id },
    { type: P11.CKA_LABEL, value: label },
  ];
  const priv = [
    ...common,
    { type: P11.CKA_CLASS, value: P11.CKO_PRIVATE_KEY },
    { type: P11.CKA_PRIVATE, value: true },
    { type: P11.CKA_SIGN, value: true },
    { type: P11.CKA_SENSITIVE, value: true },
    { type: P11.CKA_EXTRACTABLE, value: false },
  ];
  const pub = [...common, { type: P11.CKA_CLASS, value: P11.CKO_PUBLIC_KEY }, { type: P11.CKA_VERIFY, value: true }];
  try {
    if (suite === "ecdsa-p256") {
      const kp = p.C_GenerateKeyPair(s, { mechanism: P11.CKM_EC_KEY_PAIR_GEN }, [...pub, { type: P11.CKA_EC_PARAMS, value: P256_PARAMS }], priv);
      return { privateKey: kp.privateKey, publicKey: kp.publicKey };
    }
    const kp = p.C_GenerateKeyPair(
      s,
      { mechanism: P11.CKM_RSA_PKCS_KEY_PAIR_GEN },
      [...pub, { type: P11.CKA_MODULUS_BITS, value: 2048 }, { type: P11.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) }],
      priv,
    );
    return { privateKey: kp.privateKey, publicKey: kp.publicKey };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw tokenError(e, `C_GenerateKeyPair (${suite})`);
  }
}

/** All objects matching the template (at most `max`). */
export function findObjects(p: Pkcs11, s: Handle, template: { type: number; value?: number | boolean | string | Buffer }[], max = 1000): Handle[] {
  p.C_FindObjectsInit(s, template);
  try {
    return p.C_FindObjects(s, max);
  } finally {
    p.C_FindObjectsFinal(s);
  }
}

export const findById = (p: Pkcs11, s: Handle, cls: number, id: Buffer): Handle | undefined =>
  findObjects(p, s, [
    { type: P11.CKA_CLASS, value: cls },
    { type: P11.CKA_ID, value: id },
  ])[0];

const ulong = (b: Buffer): number => (b.length >= 8 ? Number(b.readBigUInt64LE(0)) : b.readUInt32LE(0));

export function attrs(p: Pkcs11, s: Handle, h: Handle, types: number[]): Buffer[] {
  return p.C_GetAttributeValue(
    s,
    h,
    types.map((type) => ({ type })),
  ).map((a) => a.value as Buffer);
}

export interface ObjectSummary {
  id: string;
  label: string;
}

export function summaryOf(p: Pkcs11, s: Handle, h: Handle): ObjectSummary {
  const [id, label] = attrs(p, s, h, [P11.CKA_ID, P11.CKA_LABEL]);
  return { id: id!.toString("hex"), label: label!.toString("utf8") };
}

/** CKA_EC_POINT is a DER OCTET STRING holding the point; a few tokens return the bare point. */
function unwrapEcPoint(v: Buffer): Buffer {
  if (v[0] === 0x04 && v.length > 2) {
    const len = v[1]!;
    if (len < 0x80 && len + 2 === v.length && v[2] === 0x04) return v.subarray(2);
    if (len === 0x81 && v[2]! + 3 === v.length) return v.subarray(3);
  }
  return v;
}

const positive = (b: Buffer): ArrayBuffer => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const t = b.subarray(i);
  const out = t[0]! & 0x80 ? Buffer.concat([Buffer.of(0), t]) : Buffer.from(t);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
};

/** The suite and DER SubjectPublicKeyInfo of a public-key object; undefined for key types we do not use. */
export function spkiOfPublicKey(p: Pkcs11, s: Handle, h: Handle): { suite: TokenSuite; spki: Uint8Array } | undefined {
  const [keyType] = attrs(p, s, h, [P11.CKA_KEY_TYPE]);
  const kt = ulong(keyType!);
  if (kt === P11.CKK_EC) {
    const [params, point] = attrs(p, s, h, [P11.CKA_EC_PARAMS, P11.CKA_EC_POINT]);
    if (!params!.equals(P256_PARAMS)) return undefined;
    const info = new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: new Uint8Array(P256_PARAMS).buffer }),
      subjectPublicKey: new Uint8Array(unwrapEcPoint(point!)).buffer,
    });
    return { suite: "ecdsa-p256", spki: new Uint8Array(AsnConvert.serialize(info)) };
  }
  if (kt === P11.CKK_RSA) {
    const [modulus, exponent] = attrs(p, s, h, [P11.CKA_MODULUS, P11.CKA_PUBLIC_EXPONENT]);
    const rsa = new RSAPublicKey({ modulus: positive(modulus!), publicExponent: positive(exponent!) });
    const info = new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: OID.rsaEncryption, parameters: null }),
      subjectPublicKey: AsnConvert.serialize(rsa),
    });
    return { suite: "rsa-2048", spki: new Uint8Array(AsnConvert.serialize(info)) };
  }
  return undefined;
}

/** Raw r‖s (as CKM_ECDSA returns it) → DER SEQUENCE{r, s}; by hand, as it runs once per signature. */
export function rawEcdsaToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 || raw.length > 132) throw new AppError("PKI_TOKEN_ERROR", { detail: `CKM_ECDSA returned ${raw.length} bytes` });
  const half = raw.length / 2;
  const int = (b: Uint8Array): Uint8Array => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const t = b.subarray(i);
    return t[0]! & 0x80 ? tlv(0x02, concat([Uint8Array.of(0), t])) : tlv(0x02, t);
  };
  return tlv(0x30, concat([int(raw.subarray(0, half)), int(raw.subarray(half))]));
}

/**
 * Signs a full message with a private-key object, in the token; returns the
 * signature as certificates and CMS carry it (DER for ECDSA, PKCS#1 v1.5 for RSA).
 */
export async function signInToken(p: Pkcs11, s: Handle, key: Handle, suite: TokenSuite, message: Uint8Array): Promise<Uint8Array> {
  if (suite === "ecdsa-p256") {
    const digest = createHash("sha256").update(message).digest();
    p.C_SignInit(s, { mechanism: P11.CKM_ECDSA }, key);
    const raw = await p.C_SignAsync(s, digest, Buffer.alloc(132));
    return rawEcdsaToDer(raw);
  }
  p.C_SignInit(s, { mechanism: P11.CKM_SHA256_RSA_PKCS }, key);
  return new Uint8Array(await p.C_SignAsync(s, Buffer.from(message), Buffer.alloc(512)));
}
