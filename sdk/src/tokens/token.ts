/**
 * Certificate tokens (证书介质: USB keys and the browser soft token) as the
 * SDK sees them: a list of keys with their certificates, a signer per key,
 * and for encryption keys a decrypter. Private keys never leave the token.
 */
import type { Decrypter } from "../../../src/pki/algs/decrypter.js";
import type { Signer, SuiteId } from "../../../src/pki/algs/suite.js";

export type { Decrypter, Signer, SuiteId };

export interface TokenKey {
  id: string;
  label: string;
  suite: SuiteId;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** DER certificate, once the RA has issued and written it. */
  certificate?: Uint8Array;
  /** Signing key, or the encryption half of a dual certificate. */
  purpose: "sign" | "encrypt";
}

export interface Token {
  readonly kind: "soft" | "pkcs11" | "memory";
  list(): Promise<TokenKey[]>;
  /** Throws SdkError SEC_TOKEN_KEY_NOT_FOUND when the id is not on the token. */
  signer(keyId: string): Promise<Signer>;
  decrypter(keyId: string): Promise<Decrypter>;
  close?(): Promise<void>;
}

/** The key to use when the caller names none: the only (or first) signing key that has a certificate. */
export async function defaultKey(token: Token, purpose: "sign" | "encrypt" = "sign"): Promise<TokenKey & { certificate: Uint8Array }> {
  const { SdkError } = await import("../errors.js");
  const k = (await token.list()).find((x) => x.purpose === purpose && x.certificate);
  if (!k?.certificate) throw SdkError.of("SEC_TOKEN_KEY_NOT_FOUND", `no ${purpose} key with a certificate on the ${token.kind} token`);
  return k as TokenKey & { certificate: Uint8Array };
}
