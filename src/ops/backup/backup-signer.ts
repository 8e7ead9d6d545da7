/**
 * Backups are signed by a dedicated ECDSA P-256 key in the configured key
 * store (an encrypted PKCS#8 file, or a non-extractable key on the HSM), not
 * by a CA key: a backup signature must not be usable as a certificate or CRL
 * signature, and the CA keys stay reserved for issuance. The key is created on
 * the first backup and labelled BACKUP_KEY_LABEL.
 *
 * Trust on verify: the signature is checked against the public key carried
 * in manifest.sig.json, and that key must be one this installation's key
 * store holds under the label — or one the operator names by its SHA-256
 * fingerprint (`--signer`), which `backup create` prints and records.
 */
import { AppError } from "../../shared/errors.js";
import { OID } from "../../pki/algs/suite.js";
import { verifySignature } from "../../pki/algs/verify.js";
import type { KeyStore } from "../../pki/keys/key-store.js";
import { sha256Hex, type ManifestSignature } from "./manifest.js";

export const BACKUP_KEY_LABEL = "landtrade backup signing key";

export interface BackupSigningKey {
  spkiSha256: string;
  sign(data: Uint8Array): Promise<ManifestSignature>;
}

export async function backupSigningKey(keys: KeyStore): Promise<BackupSigningKey> {
  const found = (await keys.list()).find((k) => k.label === BACKUP_KEY_LABEL && k.suite === "ecdsa-p256");
  const info = found ?? (await keys.generate("ecdsa-p256", BACKUP_KEY_LABEL));
  const signer = await keys.signer(info);
  return {
    spkiSha256: sha256Hex(signer.spki),
    sign: async (data) => ({
      alg: "ecdsa-p256-sha256",
      spki: Buffer.from(signer.spki).toString("base64"),
      signature: Buffer.from(await signer.sign(data)).toString("base64"),
    }),
  };
}

/** Fingerprints (SHA-256 of the SPKI) of the backup-signing keys this key store holds. */
export async function trustedSigners(keys: KeyStore | null): Promise<string[]> {
  if (!keys) return [];
  return (await keys.list()).filter((k) => k.label === BACKUP_KEY_LABEL).map((k) => sha256Hex(k.spki));
}

/** Checks the signature, then that the signer is trusted. Returns the signer's fingerprint. */
export function verifyManifestSignature(sig: ManifestSignature, manifestBytes: Uint8Array, trusted: string[]): string {
  const spki = Buffer.from(sig.spki, "base64");
  const ok = verifySignature(new Uint8Array(spki), OID.ecdsaWithSha256, manifestBytes, new Uint8Array(Buffer.from(sig.signature, "base64")));
  if (!ok) throw new AppError("OPS_BACKUP_SIGNATURE_INVALID", { detail: "ECDSA P-256 signature over manifest.json does not verify" });
  const fp = sha256Hex(spki);
  if (!trusted.includes(fp)) {
    throw new AppError("OPS_BACKUP_SIGNER_UNTRUSTED", { detail: `signer fingerprint ${fp}`, extra: { signer: fp } });
  }
  return fp;
}
