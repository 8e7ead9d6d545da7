/**
 * The decrypting side of a private key, as the Signer is the signing side:
 * the key never leaves its store (key file, PKCS#11 token/HSM, escrow, the
 * browser's non-extractable WebCrypto key). CMS envelopes need one of two
 * operations from it:
 *  - key agreement (P-256, KeyAgreeRecipientInfo): ECDH with the sender's
 *    ephemeral point → shared secret Z (PKCS#11: CKM_ECDH1_DERIVE);
 *  - key transport (RSA KeyTransRecipientInfo, SM2 per GM/T 0010): decrypt
 *    the wrapped content-encryption key (PKCS#11: CKM_RSA_PKCS_OAEP /
 *    CKM_RSA_PKCS; SM2 tokens: their SM2 decrypt).
 * A key that cannot do an operation throws AppError SEC_ALG_UNSUPPORTED.
 */
import type { SuiteId } from "./suite.js";

export type OaepHash = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

export type KeyTransport =
  /** RSAES-OAEP; MGF1 uses the same hash (what Node, WebCrypto and PKCS#11 tokens support). */
  | { alg: "rsa-oaep"; hash: OaepHash }
  /** RSAES-PKCS1-v1_5, for legacy senders only; we never encrypt with it. */
  | { alg: "rsa-pkcs1" }
  /** SM2 public-key encryption, DER SM2Cipher (GM/T 0009). */
  | { alg: "sm2" };

export interface Decrypter {
  readonly suite: SuiteId;
  /** DER SubjectPublicKeyInfo of the key. */
  readonly spki: Uint8Array;
  /** ECDH with the peer's uncompressed point; returns the x-coordinate Z. */
  agree(peerPoint: Uint8Array): Promise<Uint8Array>;
  /** Recovers a content-encryption key wrapped to this key. */
  unwrap(transport: KeyTransport, encryptedKey: Uint8Array): Promise<Uint8Array>;
}

/** The private half a service holds for one of its certificates. */
export interface KeyHolder {
  /** DER certificate whose public key the decrypter's key matches. */
  certificate: Uint8Array;
  decrypter: Decrypter;
}
