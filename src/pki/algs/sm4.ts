/**
 * SM4 (GB/T 32907) in CBC mode with PKCS#7 padding, from the OpenSSL inside
 * Node (this build has sm4-cbc; checked at start by sm4Available()). The
 * browser SDK brings its own SM4 through the same GmCrypto interface.
 */
import { createCipheriv, createDecipheriv, getCiphers } from "node:crypto";

export const SM4_KEY_BYTES = 16;
export const SM4_BLOCK_BYTES = 16;

export const sm4Available = (): boolean => getCiphers().includes("sm4-cbc");

function check(key: Uint8Array, iv: Uint8Array) {
  if (key.length !== SM4_KEY_BYTES) throw new Error("SM4 key must be 16 bytes");
  if (iv.length !== SM4_BLOCK_BYTES) throw new Error("SM4 IV must be 16 bytes");
}

export function sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  check(key, iv);
  const c = createCipheriv("sm4-cbc", key, iv);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** Throws when the padding does not check out (wrong key or damaged data). */
export function sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  check(key, iv);
  if (data.length === 0 || data.length % SM4_BLOCK_BYTES) throw new Error("SM4-CBC ciphertext is not a whole number of blocks");
  const d = createDecipheriv("sm4-cbc", key, iv);
  return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
}
