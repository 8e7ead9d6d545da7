/**
 * Key escrow wrapping. The escrow key is an RSA-2048 key inside the key store
 * (encrypted file or PKCS#11 HSM), reached only through the KeyStore
 * interface, which signs and never decrypts. So the key-encryption key of
 * each escrow record is derived from a signature the store makes:
 *
 *   KEK = HKDF-SHA256(ikm = RSA-PKCS#1-v1.5-sign(escrow key, label ‖ record id),
 *                     salt = record id, info = "landtrade km escrow v1")
 *
 * RSASSA-PKCS1-v1_5 is deterministic (RFC 8017 §8.2), so the same record
 * always yields the same KEK, and only a party that can make the store sign
 * — the HSM holder — can unwrap. The signature is checked against the escrow
 * public key before use, so a faulty store cannot hand out a wrong KEK
 * silently. Each record has its own KEK; the PKCS#8 is sealed with
 * AES-256-GCM bound (AAD) to the record id and certificate serial.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "../../shared/errors.js";
import { OID, type Signer } from "../../pki/algs/suite.js";
import { verifySignature } from "../../pki/algs/verify.js";

const LABEL = "landtrade/km/escrow/v1/";

export async function deriveKek(escrow: Signer, recordId: string): Promise<Buffer> {
  if (escrow.suite !== "rsa-2048") throw new AppError("RA_ESCROW_INTEGRITY", { detail: "the escrow key must be RSA (deterministic signatures)" });
  const msg = new TextEncoder().encode(LABEL + recordId);
  const sig = await escrow.sign(msg);
  if (!verifySignature(escrow.spki, OID.sha256WithRsa, msg, sig)) throw new AppError("RA_ESCROW_INTEGRITY", { detail: "the key store returned a signature that does not verify" });
  return Buffer.from(hkdfSync("sha256", sig, Buffer.from(recordId), Buffer.from("landtrade km escrow v1"), 32));
}

const aadOf = (recordId: string, serial: string) => Buffer.from(`${recordId}\n${serial}`);

export function seal(kek: Buffer, recordId: string, serial: string, plaintext: Uint8Array): { iv: Uint8Array; wrapped: Uint8Array } {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", kek, iv);
  c.setAAD(aadOf(recordId, serial));
  const body = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  return { iv: new Uint8Array(iv), wrapped: new Uint8Array(body) };
}

export function open(kek: Buffer, recordId: string, serial: string, iv: Uint8Array, wrapped: Uint8Array): Uint8Array {
  try {
    const d = createDecipheriv("aes-256-gcm", kek, iv);
    d.setAAD(aadOf(recordId, serial));
    d.setAuthTag(wrapped.subarray(wrapped.length - 16));
    return new Uint8Array(Buffer.concat([d.update(wrapped.subarray(0, wrapped.length - 16)), d.final()]));
  } catch {
    throw new AppError("RA_ESCROW_INTEGRITY", { detail: `record ${recordId}` });
  }
}
