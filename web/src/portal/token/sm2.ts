/**
 * SM2 signatures in the browser (GB/T 32918.2 with the GM/T 0009 user ID in
 * Z_A), for the soft token's SM2 keys: the curve arithmetic from
 * @noble/curves (audited), SM3 from sm-crypto, randomness from
 * crypto.getRandomValues. The same construction as the server's
 * src/pki/algs/sm2.ts, without node:crypto.
 */
import { weierstrass } from "@noble/curves/abstract/weierstrass.js";
import smCrypto from "sm-crypto";

export const SM2_DEFAULT_ID = "1234567812345678";

const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};
const Point = weierstrass(CURVE);
const N = CURVE.n;
const mod = (a: bigint, m = N) => ((a % m) + m) % m;
const big = (b: Uint8Array) => (b.length ? BigInt(`0x${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}`) : 0n);
const be32 = (x: bigint) => Uint8Array.from(x.toString(16).padStart(64, "0").match(/.{2}/g)!, (h) => parseInt(h, 16));

function sm3(...parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  const hex = smCrypto.sm3(Array.from(all));
  return Uint8Array.from(hex.match(/.{2}/g)!, (h) => parseInt(h, 16));
}

function inverse(a: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a), N, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0);
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** A new private scalar d in [1, n-2] and its uncompressed public point. */
export function sm2Generate(): { privateKey: Uint8Array; publicKey: Uint8Array } {
  for (;;) {
    const d = big(random(32));
    if (d >= 1n && d < N - 1n) return { privateKey: be32(d), publicKey: Point.BASE.multiply(d).toBytes(false) };
  }
}

export const sm2PublicOf = (privateKey: Uint8Array): Uint8Array => Point.BASE.multiply(big(privateKey)).toBytes(false);

function zValue(publicKey: Uint8Array, userId: string): Uint8Array {
  const id = new TextEncoder().encode(userId);
  const bits = id.length * 8;
  const P = Point.fromBytes(publicKey).toAffine();
  return sm3(Uint8Array.of(bits >> 8, bits & 0xff), id, be32(CURVE.a), be32(CURVE.b), be32(CURVE.Gx), be32(CURVE.Gy), be32(P.x), be32(P.y));
}

function derInt(x: bigint): number[] {
  const b = Array.from(be32(x));
  while (b.length > 1 && b[0] === 0) b.shift();
  if (b[0]! & 0x80) b.unshift(0);
  return [0x02, b.length, ...b];
}

/** Signs the full message; returns DER SEQUENCE { r, s } as certificates, CMS and our login expect. */
export function sm2Sign(privateKey: Uint8Array, message: Uint8Array, userId = SM2_DEFAULT_ID): Uint8Array {
  const d = big(privateKey);
  const e = big(sm3(zValue(sm2PublicOf(privateKey), userId), message));
  const dInv = inverse(d + 1n);
  for (;;) {
    const k = mod(big(random(40)), N - 1n) + 1n;
    const x1 = Point.BASE.multiply(k).toAffine().x;
    const r = mod(e + x1);
    if (r === 0n || r + k === N) continue;
    const s = mod(dInv * (k - r * d));
    if (s === 0n) continue;
    const body = [...derInt(r), ...derInt(s)];
    return Uint8Array.of(0x30, body.length, ...body);
  }
}
