/**
 * Request and response types of the security service, inferred from the
 * server's zod contract (src/signing/security-api.ts) — types only, so the
 * SDK bundle carries no zod.
 */
import type { z } from "zod";
import type * as api from "../../src/signing/security-api.js";

export type SignRequest = z.input<typeof api.signRequest>;
export type SignResponse = z.output<typeof api.signResponse>;
export type VerifyRequest = z.input<typeof api.verifyRequest>;
export type VerifyResponse = z.output<typeof api.verifyResponse>;
export type EncryptRequest = z.input<typeof api.encryptRequest>;
export type EncryptResponse = z.output<typeof api.encryptResponse>;
export type DecryptRequest = z.input<typeof api.decryptRequest>;
export type DecryptResponse = z.output<typeof api.decryptResponse>;
export type ValidateRequest = z.input<typeof api.validateRequest>;
export type ValidateResponse = z.output<typeof api.validationResult>;
export type AuthResult = z.output<typeof api.authenticateResponse>;
export type CertSummary = z.output<typeof api.certSummary>;

/** What a bidder signs when bidding (the trading service defines the full record). */
export interface Bid {
  parcelId: string;
  /** Amount in fen (分), an integer: no floating point in money. */
  amountFen: number;
  bidderNo?: string;
  round?: number;
  [extra: string]: unknown;
}
