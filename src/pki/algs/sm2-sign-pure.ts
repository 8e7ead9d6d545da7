/**
 * SM2 signatures (GB/T 32918.2 with the GM/T 0009 user ID in Z_A) without
 * Node: SM3 is injected, randomness from globalThis.crypto. The browser SDK
 * and its in-memory token sign and verify with this; the server keeps the
 * faster node-bound sm2.ts (same maths, tested against each other).
 */
import type { Sm3Fn } from "./sm2-cipher.js";
import { bigToBytes, bytesToBig, SM2_CURVE, Sm2Point } from "./sm2-curve.js";
import { children, expectTag, readOnly, TAG, unsignedInteger } from "../asn1/der-strict.js";
import { encodeSequence, encodeUnsignedInteger } from "../asn1/der-writer.js";

export const SM2_DEFAULT_USER_ID = "1234567812345678";
const N = SM2_CURVE.n;
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

export function sm2Z(sm3: Sm3Fn, publicKey: Uint8Array, userId = SM2_DEFAULT_USER_ID): Uint8Array {
  const id = new TextEncoder().encode(userId);
  const entl = id.length * 8;
  if (entl > 0xffff) throw new Error("SM2 user ID too long");
  const P = Sm2Point.fromBytes(publicKey).toAffine();
  const c = SM2_CURVE;
  return sm3(Uint8Array.of(entl >> 8, entl & 0xff), id, bigToBytes(c.a), bigToBytes(c.b), bigToBytes(c.Gx), bigToBytes(c.Gy), bigToBytes(P.x), bigToBytes(P.y));
}

export const sm2PublicKeyOf = (privateKey: Uint8Array): Uint8Array => Sm2Point.BASE.multiply(bytesToBig(privateKey)).toBytes(false);

export function sm2GenerateKey(): { privateKey: Uint8Array; publicKey: Uint8Array } {
  for (;;) {
    const d = bytesToBig(globalThis.crypto.getRandomValues(new Uint8Array(32)));
    if (d >= 1n && d < N - 1n) return { privateKey: bigToBytes(d), publicKey: Sm2Point.BASE.multiply(d).toBytes(false) };
  }
}

/** Signs the full message; returns DER SEQUENCE{r, s}. */
export function sm2SignWith(sm3: Sm3Fn, privateKey: Uint8Array, message: Uint8Array, userId = SM2_DEFAULT_USER_ID): Uint8Array {
  const d = bytesToBig(privateKey);
  if (d < 1n || d >= N - 1n) throw new Error("SM2 private key out of range");
  const z = sm2Z(sm3, Sm2Point.BASE.multiply(d).toBytes(false), userId);
  const e = bytesToBig(sm3(z, message));
  const dInv = modInverse(d + 1n);
  for (;;) {
    const k = mod(bytesToBig(globalThis.crypto.getRandomValues(new Uint8Array(40))), N - 1n) + 1n;
    const r = mod(e + Sm2Point.BASE.multiply(k).toAffine().x);
    if (r === 0n || r + k === N) continue;
    const s = mod(dInv * (k - r * d));
    if (s === 0n) continue;
    return encodeSequence([encodeUnsignedInteger(bigToBytes(r)), encodeUnsignedInteger(bigToBytes(s))]);
  }
}

/** Never throws for bad input; false. */
export function sm2VerifyWith(sm3: Sm3Fn, publicKey: Uint8Array, message: Uint8Array, signatureDer: Uint8Array, userId = SM2_DEFAULT_USER_ID): boolean {
  try {
    const [rt, st, ...rest] = children(readOnly(signatureDer, TAG.SEQUENCE).value, 3);
    if (rest.length) return false;
    const r = bytesToBig(unsignedInteger(expectTag(rt, TAG.INTEGER, "r"), 32));
    const s = bytesToBig(unsignedInteger(expectTag(st, TAG.INTEGER, "s"), 32));
    if (r < 1n || r >= N || s < 1n || s >= N) return false;
    const P = Sm2Point.fromBytes(publicKey);
    P.assertValidity();
    const t = mod(r + s);
    if (t === 0n) return false;
    const e = bytesToBig(sm3(sm2Z(sm3, publicKey, userId), message));
    const x1 = Sm2Point.BASE.multiplyUnsafe(s).add(P.multiplyUnsafe(t)).toAffine().x;
    return mod(e + x1) === r;
  } catch {
    return false;
  }
}
