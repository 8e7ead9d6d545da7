/**
 * The GM/T primitives that WebCrypto lacks (SM3 hash, SM4-CBC), behind one
 * interface so the CMS code runs on the server (OpenSSL through node:crypto,
 * see gm-node.ts) and in the browser SDK (a JS implementation) unchanged.
 */
export interface GmCrypto {
  sm3(...parts: Uint8Array[]): Uint8Array;
  /** SM4-CBC with PKCS#7 padding. */
  sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** Throws on a wrong key / bad padding / partial block. */
  sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
}
