/**
 * SM2 public-key encryption (GB/T 32918.4 / GM/T 0003.4) with the GM/T 0009
 * ASN.1 ciphertext SM2Cipher ::= SEQUENCE { XCoordinate INTEGER, YCoordinate
 * INTEGER, HASH OCTET STRING (C3), CipherText OCTET STRING (C2) } — the
 * C1C3C2 order, as OpenSSL's `pkeyutl -encrypt` and GM/T 0010 envelopes use.
 * Also plain ECDH on the SM2 curve (x-coordinate of d·P).
 *
 * Pure: SM3 is passed in (node:crypto on the server, a JS SM3 in the
 * browser), randomness comes from globalThis.crypto.
 */
import { children, DerError, expectTag, readOnly, TAG, unsignedInteger } from "../asn1/der-strict.js";
import { encodeOctetString, encodeSequence, encodeUnsignedInteger } from "../asn1/der-writer.js";
import { bigToBytes, bytesToBig, SM2_CURVE, Sm2Point } from "./sm2-curve.js";

export type Sm3Fn = (...parts: Uint8Array[]) => Uint8Array;

const N = SM2_CURVE.n;

function randomScalar(): bigint {
  for (;;) {
    const b = globalThis.crypto.getRandomValues(new Uint8Array(40));
    const k = (bytesToBig(b) % (N - 1n)) + 1n; // 320 bits reduced: negligible bias
    if (k > 0n && k < N) return k;
  }
}

/** GB/T 32918.4 §5.4.3 key derivation with SM3. */
export function sm2Kdf(sm3: Sm3Fn, z: Uint8Array, klen: number): Uint8Array {
  const out = new Uint8Array(klen);
  const ct = new Uint8Array(4);
  for (let off = 0, i = 1; off < klen; i++, off += 32) {
    ct[0] = i >>> 24;
    ct[1] = (i >>> 16) & 0xff;
    ct[2] = (i >>> 8) & 0xff;
    ct[3] = i & 0xff;
    const h = sm3(z, ct);
    out.set(h.subarray(0, Math.min(32, klen - off)), off);
  }
  return out;
}

const allZero = (b: Uint8Array) => b.every((x) => x === 0);

function publicPoint(publicKey: Uint8Array) {
  let P;
  try {
    P = Sm2Point.fromBytes(publicKey);
    P.assertValidity();
  } catch {
    throw new Sm2CipherError("invalid SM2 public key");
  }
  if (P.is0()) throw new Sm2CipherError("invalid SM2 public key");
  return P;
}

export class Sm2CipherError extends Error {
  override name = "Sm2CipherError";
}

/** Encrypts `message` (≥ 1 byte) to the 65-byte uncompressed public point; returns DER SM2Cipher. */
export function sm2EncryptWith(sm3: Sm3Fn, publicKey: Uint8Array, message: Uint8Array): Uint8Array {
  if (message.length === 0) throw new Sm2CipherError("nothing to encrypt");
  const P = publicPoint(publicKey);
  for (;;) {
    const k = randomScalar();
    const c1 = Sm2Point.BASE.multiply(k).toAffine();
    const s = P.multiply(k).toAffine();
    const x2 = bigToBytes(s.x);
    const y2 = bigToBytes(s.y);
    const t = sm2Kdf(sm3, new Uint8Array([...x2, ...y2]), message.length);
    if (allZero(t)) continue;
    const c2 = message.map((m, i) => m ^ t[i]!);
    const c3 = sm3(x2, message, y2);
    return encodeSequence([encodeUnsignedInteger(bigToBytes(c1.x)), encodeUnsignedInteger(bigToBytes(c1.y)), encodeOctetString(c3), encodeOctetString(c2)]);
  }
}

export interface Sm2CipherParts {
  c1: Uint8Array; // 04 ‖ x1 ‖ y1
  c3: Uint8Array;
  c2: Uint8Array;
}

export function parseSm2Cipher(der: Uint8Array): Sm2CipherParts {
  try {
    const seq = readOnly(der, TAG.SEQUENCE);
    const [x, y, h, c, ...rest] = children(seq.value, 5);
    if (rest.length) throw new DerError("extra fields");
    const x1 = unsignedInteger(expectTag(x, TAG.INTEGER, "XCoordinate"), 32);
    const y1 = unsignedInteger(expectTag(y, TAG.INTEGER, "YCoordinate"), 32);
    const c3 = expectTag(h, TAG.OCTET_STRING, "HASH").value;
    const c2 = expectTag(c, TAG.OCTET_STRING, "CipherText").value;
    if (c3.length !== 32) throw new DerError("HASH must be 32 bytes");
    if (c2.length === 0) throw new DerError("empty CipherText");
    return { c1: new Uint8Array([4, ...bigToBytes(bytesToBig(x1)), ...bigToBytes(bytesToBig(y1))]), c3, c2 };
  } catch (e) {
    if (e instanceof DerError) throw new Sm2CipherError(`malformed SM2Cipher: ${e.message}`);
    throw e;
  }
}

/** Decrypts DER SM2Cipher with the 32-byte private scalar; throws Sm2CipherError on any failure. */
export function sm2DecryptWith(sm3: Sm3Fn, privateKey: Uint8Array, der: Uint8Array): Uint8Array {
  const d = bytesToBig(privateKey);
  if (d < 1n || d >= N - 1n) throw new Sm2CipherError("SM2 private key out of range");
  const { c1, c2, c3 } = parseSm2Cipher(der);
  const C1 = publicPoint(c1);
  const s = C1.multiply(d).toAffine();
  const x2 = bigToBytes(s.x);
  const y2 = bigToBytes(s.y);
  const t = sm2Kdf(sm3, new Uint8Array([...x2, ...y2]), c2.length);
  if (allZero(t)) throw new Sm2CipherError("decryption failed");
  const m = c2.map((v, i) => v ^ t[i]!);
  const u = sm3(x2, m, y2);
  let diff = 0;
  for (let i = 0; i < 32; i++) diff |= u[i]! ^ c3[i]!;
  if (diff !== 0) throw new Sm2CipherError("decryption failed");
  return m;
}

/** Plain ECDH on the SM2 curve: the x-coordinate of d·P (32 bytes). */
export function sm2Ecdh(privateKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  const d = bytesToBig(privateKey);
  if (d < 1n || d >= N) throw new Sm2CipherError("SM2 private key out of range");
  return bigToBytes(publicPoint(peerPublicKey).multiply(d).toAffine().x);
}
