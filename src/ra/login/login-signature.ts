/**
 * The text a bidder's token signs to log in, and its verification. Tokens
 * return ECDSA/SM2 signatures either DER-encoded (OpenSSL, sm-crypto) or as
 * raw r‖s (WebCrypto, PKCS#11 CKM_ECDSA): both are accepted.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { ECDSASigValue } from "@peculiar/asn1-ecc";
import { SIGNATURE_ALGORITHMS, type SuiteId } from "../../pki/algs/suite.js";
import { verifySignature } from "../../pki/algs/verify.js";

/** Binds the signature to this server, this challenge and its expiry, so it cannot be replayed elsewhere. */
export function loginMessage(c: { id: string; nonce: string; expiresAt: Date }, origin: string): string {
  return ["landtrade bidder login", `origin: ${origin}`, `challenge: ${c.id}`, `nonce: ${c.nonce}`, `expires: ${c.expiresAt.toISOString()}`].join("\n");
}

function rawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const t = b.subarray(i);
    return t[0]! & 0x80 ? Uint8Array.of(0, ...t) : t;
  };
  const v = new ECDSASigValue({ r: int(raw.subarray(0, half)).slice().buffer, s: int(raw.subarray(half)).slice().buffer });
  return new Uint8Array(AsnConvert.serialize(v));
}

/** True when `signature` (DER, or raw r‖s of 64 bytes for EC keys) is by the key in `spki` over `message`. */
export function verifyLogin(spki: Uint8Array, suite: SuiteId, message: Uint8Array, signature: Uint8Array, sm2Id: string): boolean {
  const alg = SIGNATURE_ALGORITHMS[suite].oid;
  if (verifySignature(spki, alg, message, signature, { sm2Id })) return true;
  if (suite !== "rsa-2048" && signature.length === 64) return verifySignature(spki, alg, message, rawToDer(signature), { sm2Id });
  return false;
}
