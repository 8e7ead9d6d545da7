/**
 * CertificateValidatorPort over the security module's CertificateValidator
 * (today its TrustStoreValidator; pki-enroll's path validator when it lands:
 * chain to our roots and imported CAs, validity, revocation by DB for our
 * CAs and OCSP → CRL for external ones). Login asks the validator directly,
 * not through the service's cache, so a revocation is refused at once.
 */
import type { Store } from "../../storage/store.js";
import type { CertificateValidator } from "../../signing/validation.js";
import type { CertificateValidatorPort, ValidationFailure, ValidationOutcome } from "../external.ports.js";
import { certInfo } from "../login/cert-info.js";

const FAILURES: Record<string, ValidationFailure> = {
  SEC_CERT_REVOKED: "revoked",
  SEC_CERT_ON_HOLD: "on_hold",
  SEC_CERT_EXPIRED: "expired",
  SEC_CERT_NOT_YET_VALID: "not_yet_valid",
  SEC_CHAIN_UNTRUSTED: "untrusted",
  SEC_SIGNER_UNKNOWN: "untrusted",
  SEC_SIG_INVALID: "untrusted",
  SEC_REVOCATION_UNAVAILABLE: "revocation_unavailable",
  SEC_CMS_MALFORMED: "malformed",
};

export class SecurityValidatorAdapter implements CertificateValidatorPort {
  constructor(
    private readonly validator: CertificateValidator,
    private readonly store: Store,
  ) {}

  async validate(certDer: Uint8Array, opts: { chain?: Uint8Array[]; at: Date }): Promise<ValidationOutcome> {
    const r = await this.validator.validate(certDer, { at: opts.at, mode: "hard", ...(opts.chain?.length ? { extraCerts: opts.chain } : {}) });
    if (!r.valid) {
      const code = r.code ?? "SEC_CHAIN_UNTRUSTED";
      return { ok: false, failure: FAILURES[code] ?? "untrusted", code, ...(r.revocation.reason ? { detail: r.revocation.reason } : {}) };
    }
    // Ours when our CA's records hold this very certificate; otherwise an imported CA's.
    const info = certInfo(certDer);
    const rec = await this.store.read.pki.certificate(info.serial);
    const ours = rec?.certDer && Buffer.from(rec.certDer).equals(Buffer.from(certDer));
    return { ok: true, caId: ours ? rec.caId : null, issuer: info.issuer };
  }
}
