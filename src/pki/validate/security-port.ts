/**
 * The security service's CertificateValidator port (src/signing/validation.ts)
 * filled by the path validator: same chain/validity/revocation rules for
 * certificate login, signature verification and /api/security/validate.
 * The service keeps its own result cache (securityFreshnessSeconds) on top.
 */
import { REVOCATION_REASON_NAMES, REVOCATION_REASONS } from "../ca/revocation-reasons.js";
import type { CertificateValidator, CertSummary, RevocationInfo, ValidationResult } from "../../signing/validation.js";
import { messageOf } from "../../signing/validation.js";
import type { CertValidator, ChainElement } from "./cert-validator.js";
import { certInfoCached } from "./cert-info.js";
import { keyKind } from "./verify-any.js";

const reasonName = (code: number | undefined): string | null =>
  code === undefined ? null : (REVOCATION_REASON_NAMES.find((n) => REVOCATION_REASONS[n] === code) ?? String(code));

function summary(c: ChainElement): CertSummary {
  const k = keyKind(certInfoCached(c.der).spki);
  return {
    subject: c.subject,
    issuer: c.issuer,
    serial: c.serial,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    suite: k.kind === "ec" && k.curve === "P-256" ? "ecdsa-p256" : k.kind === "rsa" ? "rsa-2048" : k.kind === "sm2" ? "sm2" : null,
  };
}

export class PathValidatorPort implements CertificateValidator {
  constructor(private readonly validator: CertValidator) {}

  async validate(cert: Uint8Array, opts: { at: Date; mode: "hard" | "soft"; extraCerts?: Uint8Array[] }): Promise<ValidationResult> {
    const r = await this.validator.validate({ cert, at: opts.at, failMode: opts.mode, ...(opts.extraCerts ? { intermediates: opts.extraCerts } : {}) });
    const leafRev = r.revocation[0];
    const revocation: RevocationInfo = leafRev
      ? {
          status: leafRev.status,
          source: leafRev.source === "database" ? "db" : leafRev.source === "none" ? null : leafRev.source,
          checkedAt: r.validatedAt.toISOString(),
          revokedAt: leafRev.revokedAt?.toISOString() ?? null,
          reason: leafRev.status === "revoked" || leafRev.status === "hold" ? reasonName(leafRev.reason) : null,
        }
      : r.chain.length === 1 && r.ok
        ? { status: "good", source: "trust-anchor", checkedAt: r.validatedAt.toISOString(), revokedAt: null, reason: null }
        : { status: "not-checked", source: null, checkedAt: null, revokedAt: null, reason: null };
    const softFail = r.ok && r.checks.some((c) => c.outcome === "warn" && c.code === "SEC_REVOCATION_UNAVAILABLE");
    const code = r.code ?? (softFail ? "SEC_REVOCATION_UNAVAILABLE" : null);
    return { valid: r.ok, code, message: messageOf(code), at: r.at.toISOString(), chain: r.chain.map(summary), revocation, softFail };
  }
}
