/**
 * What the RA needs from other areas, named narrowly so each can be bound to
 * the real module in app/container.ts: the revocation service, the
 * certificate path validator, EST enrollment grants, mail, CMS enveloping,
 * the scheduler. Where a module had not landed when the RA was written, an
 * interim adapter in ra/adapters/ implements the port (see the README there).
 */
import type { RevocationReason } from "../pki/ca/revocation-reasons.js";
import type { DnAttr } from "../pki/asn1/names.js";
import type { Repos } from "../storage/store.js";

/** The revocation service (src/pki/ca/revocation.service.ts): status change, audit and new CRL in one transaction. */
export interface RevocationPort {
  revoke(serial: string, reason: Exclude<RevocationReason, "certificateHold">, actor: string): Promise<unknown>;
  hold(serial: string, actor: string): Promise<unknown>;
  release(serial: string, actor: string): Promise<unknown>;
}

/** Outcome codes the login maps to its own RA_LOGIN_* codes. */
export type ValidationFailure =
  | "revoked"
  | "on_hold"
  | "expired"
  | "not_yet_valid"
  | "untrusted"
  | "revocation_unavailable"
  | "malformed";

export type ValidationOutcome =
  | { ok: true; /** our CA id, or null for an imported external CA */ caId: string | null; issuer: string }
  | { ok: false; failure: ValidationFailure; code: string; detail?: string };

export interface CertificateValidatorPort {
  /** Chain to a trusted root, validity at `at`, revocation (DB for our CAs; OCSP then CRL for external ones). */
  validate(certDer: Uint8Array, opts: { chain?: Uint8Array[]; at: Date }): Promise<ValidationOutcome>;
}

export interface GrantRequest {
  /** The application id: the applicant authenticates to EST with (id, code). */
  id: string;
  suite: string;
  profile: string;
  subject: DnAttr[];
  holder: string;
  expiresAt: Date;
  actor: string;
}

export interface EnrollmentGrantPort {
  /** Creates (or replaces) the one-time code for `id`; returns the code, shown once. */
  grant(g: GrantRequest): Promise<{ code: string }>;
  /** Does `code` match the current grant for `id` (used or not)? Constant time. */
  codeMatches(id: string, code: string): Promise<boolean>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Idempotency key: the same key is queued once. */
  dedupeKey: string;
}

/**
 * Outgoing mail, queued in the caller's transaction (the support desk's
 * mail outbox + scheduler sends it after commit, at least once).
 */
export interface MailPort {
  enqueue(r: Repos, m: MailMessage): Promise<void>;
}

export interface EnvelopePort {
  /** CMS EnvelopedData (DER) of `content` to the holder of `recipientCertDer`. */
  envelop(content: Uint8Array, recipientCertDer: Uint8Array): Promise<Uint8Array>;
}
