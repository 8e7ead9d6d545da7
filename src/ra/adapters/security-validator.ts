/**
 * CertificateValidatorPort over the PKI path validator: chain to our roots
 * and imported CAs, validity, revocation by DB for our CAs and OCSP → CRL
 * for external ones. Login asks the validator directly, not through the
 * security service's result cache, so a revocation is refused at once.
 *
 * Whether the certificate is one of ours comes from the validation itself
 * (its status was read from our CA's records, which hold that very DER), so
 * a login costs no second parse and no second database lookup.
 */
import type { CertValidator } from "../../pki/validate/cert-validator.js";
import type { CertificateValidatorPort, ValidationFailure, ValidationOutcome } from "../external.ports.js";

const FAILURES: Record<string, ValidationFailure> = {
  SEC_CERT_REVOKED: "revoked",
  SEC_CERT_ON_HOLD: "on_hold",
  SEC_CERT_EXPIRED: "expired",
  SEC_CERT_NOT_YET_VALID: "not_yet_valid",
  SEC_CHAIN_UNTRUSTED: "untrusted",
  SEC_SIGNER_UNKNOWN: "untrusted",
  SEC_SIG_INVALID: "untrusted",
  SEC_CERT_UNKNOWN: "untrusted",
  SEC_REVOCATION_UNAVAILABLE: "revocation_unavailable",
  SEC_CERT_MALFORMED: "malformed",
  SEC_CMS_MALFORMED: "malformed",
};

export class SecurityValidatorAdapter implements CertificateValidatorPort {
  constructor(private readonly validator: CertValidator) {}

  async validate(certDer: Uint8Array, opts: { chain?: Uint8Array[]; at: Date }): Promise<ValidationOutcome> {
    const r = await this.validator.validate({ cert: certDer, at: opts.at, failMode: "hard", ...(opts.chain?.length ? { intermediates: opts.chain } : {}) });
    if (!r.ok) {
      const code = r.code ?? "SEC_CHAIN_UNTRUSTED";
      return { ok: false, failure: FAILURES[code] ?? "untrusted", code, ...(r.detail ? { detail: r.detail } : {}) };
    }
    const leaf = r.chain[0]!;
    const issuer = r.chain[1];
    // revocation.own() answers "database" only when our records hold this very certificate under that CA.
    const ours = r.revocation[0]?.source === "database" && issuer?.source === "own-ca" && issuer.caId ? issuer.caId : null;
    return { ok: true, caId: ours, issuer: leaf.issuer };
  }
}
