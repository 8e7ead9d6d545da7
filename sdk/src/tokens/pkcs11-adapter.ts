/**
 * A PKCS#11 token (USB key; SoftHSM2 in tests) as an SDK Token. Node only:
 * the native binding lives in pki-enroll's Pkcs11Token
 * (src/pki/token/pkcs11-token.ts), which `@landtrade/sdk/pkcs11` opens; this
 * adapter only needs its shape, so the browser bundle never touches it.
 */
import { SdkError } from "../errors.js";
import type { Decrypter, Signer, SuiteId, Token, TokenKey } from "./token.js";

/** The part of Pkcs11Token the SDK uses. */
export interface Pkcs11TokenLike {
  credentials(): Promise<{ id: string; label: string; suite: SuiteId; spki: Uint8Array; certDer: Uint8Array | null }[]>;
  signer(id: string): Promise<Signer>;
  /** Present once the token client offers key agreement / key transport (CKM_ECDH1_DERIVE, CKM_RSA_PKCS_OAEP). */
  decrypter?(id: string): Promise<Decrypter>;
  close(): void;
}

export class Pkcs11TokenAdapter implements Token {
  readonly kind = "pkcs11" as const;
  constructor(private readonly token: Pkcs11TokenLike) {}

  async list(): Promise<TokenKey[]> {
    try {
      return (await this.token.credentials()).map((c) => ({ id: c.id, label: c.label, suite: c.suite, spki: c.spki, purpose: "sign" as const, ...(c.certDer ? { certificate: c.certDer } : {}) }));
    } catch (e) {
      throw wrap(e);
    }
  }

  async signer(keyId: string): Promise<Signer> {
    try {
      return await this.token.signer(keyId);
    } catch (e) {
      throw wrap(e);
    }
  }

  async decrypter(keyId: string): Promise<Decrypter> {
    if (!this.token.decrypter) throw SdkError.of("SEC_ALG_UNSUPPORTED", "this PKCS#11 token client cannot decrypt yet");
    return this.token.decrypter(keyId);
  }

  async close(): Promise<void> {
    this.token.close();
  }
}

function wrap(e: unknown): SdkError {
  if (e instanceof SdkError) return e;
  const code = (e as { code?: string }).code;
  if (code === "PKI_TOKEN_OBJECT_NOT_FOUND") return SdkError.of("SEC_TOKEN_KEY_NOT_FOUND", (e as Error).message);
  return SdkError.of("SEC_TOKEN_UNAVAILABLE", e instanceof Error ? e.message : String(e));
}
