/**
 * The SM2 curve (GM/T 0003.5 sm2p256v1) on @noble/curves, with no Node
 * dependency, so the browser SDK and the server share one definition.
 */
import { weierstrass } from "@noble/curves/abstract/weierstrass.js";

/** GM/T 0003.5 recommended curve parameters (sm2p256v1). */
export const SM2_CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};

export const Sm2Point = weierstrass(SM2_CURVE);
Sm2Point.BASE.precompute(8);

export const bytesToBig = (b: Uint8Array): bigint => {
  let x = 0n;
  for (const v of b) x = (x << 8n) | BigInt(v);
  return x;
};

/** Big-endian, left-padded to `len` bytes. */
export function bigToBytes(x: bigint, len = 32): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new Error("integer too large");
  return out;
}
