/**
 * The wire contract of the security service (/api/security/*): one set of
 * zod schemas. The routes validate with them and generate the OpenAPI doc;
 * the client SDK imports their inferred TYPES only (no zod in the browser
 * bundle), so server and SDK cannot drift apart silently.
 *
 * Binary values travel as base64; certificates as PEM or base64 DER.
 */
import { z } from "zod";

export const SECURITY_API_VERSION = "1.0";

const b64 = z.base64().describe("base64");
const certText = z.string().min(1).max(200_000).describe("certificate, PEM or base64 DER");
const suite = z.enum(["ecdsa-p256", "rsa-2048", "sm2"]);

export const functionSpec = z.object({ name: z.string().min(1).max(64), version: z.number().int().min(1).max(1000) });

export const functionsRequest = z.object({
  sdkVersion: z.string().min(1).max(32),
  functions: z.array(functionSpec).max(64),
});

export const functionsResponse = z.object({
  apiVersion: z.string(),
  serverVersion: z.string(),
  functions: z.array(functionSpec.extend({ summary: z.string() })),
  /** Functions the client asked for that this server does not offer (at that version). */
  missing: z.array(z.string()),
  limits: z.object({ maxPayloadBytes: z.number().int() }),
});

export const certSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  serial: z.string().describe("lower-case hex"),
  notBefore: z.string(),
  notAfter: z.string(),
  suite: z.string().nullable(),
});

export const revocationInfo = z.object({
  status: z.enum(["good", "revoked", "hold", "unknown", "unavailable", "not-checked"]),
  source: z.string().nullable().describe("db | ocsp | crl | cache"),
  checkedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  reason: z.string().nullable(),
});

export const validationResult = z.object({
  valid: z.boolean(),
  /** A SEC_* code when not valid (or when valid only by soft-fail: SEC_REVOCATION_UNAVAILABLE). */
  code: z.string().nullable(),
  message: z.object({ zh: z.string(), en: z.string() }).nullable(),
  at: z.string(),
  chain: z.array(certSummary),
  revocation: revocationInfo,
  softFail: z.boolean(),
});

export const signRequest = z.object({
  data: b64,
  detached: z.boolean().default(false),
  suite: suite.default("ecdsa-p256"),
  /** Attach an RFC 3161 timestamp from the TSA (when the TSA is set up). */
  timestamp: z.boolean().default(true),
});

export const signResponse = z.object({
  cms: b64,
  suite,
  signer: certSummary,
  signingTime: z.string(),
  timestampTime: z.string().nullable(),
});

export const verifyRequest = z.union([
  z.object({ cms: b64, content: b64.optional(), at: z.iso.datetime().optional() }),
  z.object({
    signature: b64,
    certificate: certText,
    data: b64,
    /** Signature algorithm OID; default: the certificate key's suite algorithm. */
    algorithm: z.string().max(64).optional(),
    sm2UserId: z.string().min(1).max(64).optional(),
    at: z.iso.datetime().optional(),
  }),
]);

export const verifyResponse = z.object({
  valid: z.boolean(),
  code: z.string().nullable(),
  message: z.object({ zh: z.string(), en: z.string() }).nullable(),
  format: z.enum(["cms", "raw"]),
  signer: certSummary.nullable(),
  signingTime: z.string().nullable(),
  timestampTime: z.string().nullable(),
  contentType: z.string().nullable(),
  detached: z.boolean(),
  validation: validationResult.nullable(),
});

export const encryptRequest = z.object({
  data: b64,
  recipients: z.array(certText).min(1).max(100),
  cipher: z.enum(["aes-256-gcm", "aes-256-cbc"]).default("aes-256-gcm"),
});

export const encryptResponse = z.object({
  cms: b64,
  format: z.enum(["cms-enveloped", "cms-auth-enveloped", "gmt-0010"]),
  contentCipher: z.string(),
});

export const decryptRequest = z.object({
  cms: b64,
  /** An approved key-recovery request, to use an escrowed key. */
  escrowRequestId: z.string().min(1).max(64).optional(),
});

export const decryptResponse = z.object({
  data: b64,
  recipient: certSummary,
  format: z.string(),
  contentCipher: z.string(),
});

export const validateRequest = z.object({
  certificate: certText,
  chain: z.array(certText).max(10).optional(),
  at: z.iso.datetime().optional(),
  mode: z.enum(["hard", "soft"]).optional(),
});

export const challengeResponse = z.object({ challengeId: z.string(), challenge: b64, expiresAt: z.string() });

export const authenticateRequest = z.object({ challengeId: z.string().min(1).max(64), signature: b64, certificate: certText });

export const authenticateResponse = z.object({ identity: certSummary, validation: validationResult });

export const trustResponse = z.object({ certificates: z.array(z.string()).describe("PEM, one CA certificate each") });

/** The verification page: the dropped file as it is (DER, PEM or base64 text), and the original for a detached signature. */
export const verifyReportRequest = z.object({
  file: b64.describe("the signed file's bytes (.p7s/.p7m/.pem), base64"),
  content: b64.optional().describe("the original document, for a detached signature"),
  fileName: z.string().max(255).optional(),
  contentName: z.string().max(255).optional(),
});

const bilingual = z.object({ zh: z.string(), en: z.string() });
const partyName = z.object({ commonName: z.string().nullable(), organization: z.string().nullable(), dn: z.string() });

export const verifyReportResponse = z.object({
  outcome: z.enum(["valid", "invalid", "error"]),
  code: z.string().nullable(),
  explanation: z.object({ code: z.string(), message: bilingual, cause: bilingual.nullable(), remedy: bilingual.nullable() }).nullable(),
  detail: z.string().nullable(),
  encoding: z.enum(["der", "pem", "base64"]),
  signer: partyName.extend({ serial: z.string(), notBefore: z.string(), notAfter: z.string(), suite: z.string().nullable() }).nullable(),
  issuer: partyName.nullable(),
  root: partyName.nullable(),
  result: verifyResponse.nullable(),
});
