/**
 * SM2 digital signatures (GB/T 32918.2, GM/T 0003.2) with the signer's user
 * ID entering the digest through Z_A (GM/T 0009), on @noble/curves' audited
 * Weierstrass arithmetic; SM3 comes from OpenSSL through node:crypto.
 *
 * Why not node:crypto alone: it signs SM2 with an empty ID and cannot take
 * one, so its signatures do not verify under standard SM2 certificates. Why
 * not sm-crypto: measured here at 66 signatures/s (jsbn big integers).
 */
import { createHash, randomBytes } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { ECDSASigValue } from "@peculiar/asn1-ecc";
import { SM2_DEFAULT_ID } from "./suite.js";
import { SM2_CURVE, Sm2Point } from "./sm2-curve.js";
import { sm2DecryptWith, sm2EncryptWith } from "./sm2-cipher.js";

export { Sm2Point };
const CURVE = SM2_CURVE;

const N = CURVE.n;
const mod = (a: bigint, m = N) => ((a % m) + m) % m;

function modInverse(a: bigint, m = N): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error("not invertible");
  return mod(s0, m);
}

const toBig = (b: Uint8Array) => (b.length ? BigInt(`0x${Buffer.from(b).toString("hex")}`) : 0n);
const to32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, "0"), "hex");

export function sm3(...parts: Uint8Array[]): Uint8Array {
  const h = createHash("sm3");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A). `point` is the 65-byte uncompressed public key. */
export function zValue(point: Uint8Array, userId: string = SM2_DEFAULT_ID): Uint8Array {
  const id = Buffer.from(userId, "utf8");
  const entl = id.length * 8;
  if (entl > 0xffff) throw new Error("SM2 user ID too long");
  const P = Sm2Point.fromBytes(point).toAffine();
  return sm3(Uint8Array.of(entl >> 8, entl & 0xff), id, to32(CURVE.a), to32(CURVE.b), to32(CURVE.Gx), to32(CURVE.Gy), to32(P.x), to32(P.y));
}

/** e = SM3(Z_A ‖ M); the caller may cache Z_A per key. */
export const sm2Digest = (z: Uint8Array, message: Uint8Array): bigint => toBig(sm3(z, message));

export interface Sm2KeyPair {
  /** 32-byte private scalar d. */
  privateKey: Uint8Array;
  /** 65-byte uncompressed point 04‖x‖y. */
  publicKey: Uint8Array;
}

export function sm2KeyPair(): Sm2KeyPair {
  for (;;) {
    const d = toBig(randomBytes(32));
    if (d >= 1n && d < N - 1n) return { privateKey: to32(d), publicKey: Sm2Point.BASE.multiply(d).toBytes(false) };
  }
}

export const sm2PublicOf = (privateKey: Uint8Array): Uint8Array => Sm2Point.BASE.multiply(toBig(privateKey)).toBytes(false);

function derSig(r: bigint, s: bigint): Uint8Array {
  const int = (x: bigint) => {
    const b = to32(x);
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const t = b.subarray(i);
    return t[0]! & 0x80 ? Buffer.concat([Buffer.of(0), t]) : t;
  };
  return new Uint8Array(AsnConvert.serialize(new ECDSASigValue({ r: new Uint8Array(int(r)).buffer, s: new Uint8Array(int(s)).buffer })));
}

/**
 * A signing key with Z_A precomputed: signs full messages and returns
 * DER SEQUENCE{r, s}, the form X.509, CRL, OCSP and CMS carry.
 */
export class Sm2SigningKey {
  private readonly d: bigint;
  private readonly dPlus1Inv: bigint;
  readonly z: Uint8Array;
  readonly publicKey: Uint8Array;

  constructor(privateKey: Uint8Array, userId: string = SM2_DEFAULT_ID) {
    this.d = toBig(privateKey);
    if (this.d < 1n || this.d >= N - 1n) throw new Error("SM2 private key out of range");
    this.dPlus1Inv = modInverse(this.d + 1n);
    this.publicKey = Sm2Point.BASE.multiply(this.d).toBytes(false);
    this.z = zValue(this.publicKey, userId);
  }

  sign(message: Uint8Array): Uint8Array {
    const e = sm2Digest(this.z, message);
    for (;;) {
      const k = mod(toBig(randomBytes(40)), N - 1n) + 1n; // 320 bits reduced: negligible bias
      const x1 = Sm2Point.BASE.multiply(k).toAffine().x;
      const r = mod(e + x1);
      if (r === 0n || r + k === N) continue;
      const s = mod(this.dPlus1Inv * (k - r * this.d));
      if (s === 0n) continue;
      return derSig(r, s);
    }
  }
}

// Decoding and validating the point and computing Z_A cost as much as the
// verification itself; CA, OCSP and TSA keys are verified against over and over.
// A key seen a second time gets wNAF tables (a few ms once, then ~5x faster);
// one-off keys (CSR proof of possession) skip that cost.
const verifierCache = new Map<string, { P: InstanceType<typeof Sm2Point>; z: Uint8Array; uses: number }>();
function verifierKey(publicKey: Uint8Array, userId: string) {
  const k = `${Buffer.from(publicKey).toString("hex")}/${userId}`;
  let v = verifierCache.get(k);
  if (!v) {
    const P = Sm2Point.fromBytes(publicKey);
    P.assertValidity();
    v = { P, z: zValue(publicKey, userId), uses: 0 };
    if (verifierCache.size > 1000) verifierCache.clear();
    verifierCache.set(k, v);
  }
  if (++v.uses === 2) v.P.precompute(8, false);
  return v;
}

/** Verifies DER SEQUENCE{r,s} over a full message. Never throws for bad input; returns false. */
export function sm2Verify(publicKey: Uint8Array, message: Uint8Array, signatureDer: Uint8Array, userId: string = SM2_DEFAULT_ID): boolean {
  try {
    const sig = AsnConvert.parse(signatureDer, ECDSASigValue);
    if (AsnConvert.serialize(sig).byteLength !== signatureDer.length) return false;
    const r = toBig(new Uint8Array(sig.r));
    const s = toBig(new Uint8Array(sig.s));
    if (r < 1n || r >= N || s < 1n || s >= N) return false;
    const { P, z } = verifierKey(publicKey, userId);
    const e = sm2Digest(z, message);
    const t = mod(r + s);
    if (t === 0n) return false;
    const x1 = Sm2Point.BASE.multiplyUnsafe(s).add(P.multiplyUnsafe(t)).toAffine().x;
    return mod(e + x1) === r;
  } catch {
    return false;
  }
}

/** SM2 encryption (GB/T 32918.4) to a 65-byte public point; DER SM2Cipher (C1C3C2), as OpenSSL `pkeyutl -encrypt` makes. */
export const sm2Encrypt = (publicKey: Uint8Array, message: Uint8Array): Uint8Array => sm2EncryptWith(sm3, publicKey, message);

/** Inverse of sm2Encrypt with the 32-byte private scalar; throws Sm2CipherError when the ciphertext does not open. */
export const sm2Decrypt = (privateKey: Uint8Array, ciphertext: Uint8Array): Uint8Array => sm2DecryptWith(sm3, privateKey, ciphertext);

export { sm2Ecdh, Sm2CipherError } from "./sm2-cipher.js";
