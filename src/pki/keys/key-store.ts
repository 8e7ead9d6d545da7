/**
 * Private keys live behind this interface and never leave it: the CA, OCSP
 * responder, TSA and security service hold a KeyRef (stored in rows) and ask
 * the store for a Signer. Back ends: encrypted PKCS#8 files (file-key-store)
 * and PKCS#11 tokens/HSMs (pkcs11-key-store), chosen by config.
 */
import type { Signer, SuiteId } from "../algs/suite.js";

export type KeyStoreKind = "file" | "pkcs11";

/** What rows store about a key: where it is and what it is — never the key. */
export interface KeyRef {
  store: KeyStoreKind;
  /** Opaque per store: a file name stem, or a PKCS#11 CKA_ID (hex). */
  id: string;
  suite: SuiteId;
}

export interface KeyInfo extends KeyRef {
  label: string;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
}

export interface KeyStore {
  readonly kind: KeyStoreKind;
  /** Generates a key pair inside the store (non-extractable where the store can enforce it). */
  generate(suite: SuiteId, label: string): Promise<KeyInfo>;
  /** A signer for a stored key; signing happens in the store's own boundary. */
  signer(ref: KeyRef): Promise<Signer>;
  publicKey(ref: KeyRef): Promise<Uint8Array>;
  list(): Promise<KeyInfo[]>;
  close(): Promise<void>;
}

export const keyRefText = (r: KeyRef): string => `${r.store}:${r.id}`;
