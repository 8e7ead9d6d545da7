/**
 * Decrypter over a private key held in this process (a decrypted key file,
 * an escrowed key opened under policy, a test key): P-256 ECDH and RSA
 * through node:crypto, SM2 through our SM2 code. PKCS#11 tokens implement
 * the same interface with CKM_ECDH1_DERIVE / CKM_RSA_PKCS_OAEP.
 */
import { constants, createECDH, createPrivateKey, createPublicKey, KeyObject, privateDecrypt } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { ECPrivateKey } from "@peculiar/asn1-ecc";
import { PrivateKeyInfo } from "@peculiar/asn1-pkcs8";
import { AppError } from "../../shared/errors.js";
import type { Decrypter, KeyTransport } from "../algs/decrypter.js";
import { sm2Decrypt, sm2Ecdh } from "../algs/sm2.js";
import { suiteOfSpki } from "../algs/verify.js";

const unsupported = (what: string) => new AppError("SEC_ALG_UNSUPPORTED", { detail: what });

function ecScalar(key: KeyObject): Uint8Array {
  const info = AsnConvert.parse(key.export({ format: "der", type: "pkcs8" }), PrivateKeyInfo);
  return new Uint8Array(AsnConvert.parse(info.privateKey.buffer, ECPrivateKey).privateKey.buffer);
}

/** From a PKCS#8 private key (DER, PEM or KeyObject). SM2 keys use id-ecPublicKey with the SM2 curve. */
export function softwareDecrypter(pkcs8: KeyObject | Uint8Array | string): Decrypter {
  const key = pkcs8 instanceof KeyObject ? pkcs8 : createPrivateKey(typeof pkcs8 === "string" ? pkcs8 : { key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
  const spki = new Uint8Array(createPublicKey(key).export({ format: "der", type: "spki" }));
  const suite = suiteOfSpki(spki);
  if (suite === "sm2") return sm2Decrypter(ecScalar(key), spki);
  if (suite === "ecdsa-p256") {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(ecScalar(key));
    return {
      suite,
      spki,
      agree: async (peer) => {
        try {
          return new Uint8Array(ecdh.computeSecret(peer));
        } catch {
          throw new AppError("SEC_DECRYPT_FAILED", { detail: "the originator's point is not on P-256" });
        }
      },
      unwrap: async (t) => {
        throw unsupported(`${t.alg} with a P-256 key`);
      },
    };
  }
  return {
    suite,
    spki,
    agree: async () => {
      throw unsupported("key agreement with an RSA key");
    },
    unwrap: async (t: KeyTransport, encryptedKey) => {
      if (t.alg === "sm2") throw unsupported("SM2 decryption with an RSA key");
      try {
        if (t.alg === "rsa-oaep") return new Uint8Array(privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: t.hash.replace("-", "").toLowerCase() }, encryptedKey));
        // Node refuses PKCS#1 v1.5 decryption (CVE-2023-46809, Marvin). Legacy envelopes need it:
        // raw RSA, then an unpad that does not branch on the secret, with implicit rejection.
        return pkcs1v15Unpad(new Uint8Array(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, encryptedKey)));
      } catch {
        throw new AppError("SEC_DECRYPT_FAILED", { detail: "RSA key transport does not open with this key" });
      }
    },
  };
}

/**
 * EME-PKCS1-v1_5 decoding without early exits. On bad padding it returns a
 * random 32-byte key instead of failing (implicit rejection, as OpenSSL 3.2+
 * does): the content then fails to decrypt with the same SEC_DECRYPT_FAILED
 * and the same work as a wrong key, so no padding oracle leaks.
 */
export function pkcs1v15Unpad(em: Uint8Array): Uint8Array {
  let bad = em[0]! | (em[1]! ^ 2);
  let zeroAt = 0;
  for (let i = 2; i < em.length; i++) {
    const isZero = ((em[i]! - 1) >>> 8) & 1 & (zeroAt === 0 ? 1 : 0);
    zeroAt = isZero ? i : zeroAt;
  }
  bad |= zeroAt < 10 ? 1 : 0; // at least 8 bytes of non-zero padding
  const out = em.slice(zeroAt + 1);
  const fake = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return bad ? fake : out;
}

export function sm2Decrypter(privateKey: Uint8Array, spki: Uint8Array): Decrypter {
  return {
    suite: "sm2",
    spki,
    agree: async (peer) => sm2Ecdh(privateKey, peer),
    unwrap: async (t, encryptedKey) => {
      if (t.alg !== "sm2") throw unsupported(`${t.alg} with an SM2 key`);
      try {
        return sm2Decrypt(privateKey, encryptedKey);
      } catch {
        throw new AppError("SEC_DECRYPT_FAILED", { detail: "SM2 ciphertext does not open with this key" });
      }
    },
  };
}

