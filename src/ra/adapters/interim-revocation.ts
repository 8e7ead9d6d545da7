/**
 * INTERIM adapter for RevocationPort until the revocation service of the
 * pki-services branch lands (which also reissues the CRL and invalidates
 * OCSP caches). Here: the certificate's status changes with an audit entry
 * in one transaction, with the RFC 5280 rules (revoked stays revoked; only
 * a certificate on hold can be released).
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { REVOCATION_REASONS, type RevocationReason } from "../../pki/ca/revocation-reasons.js";
import type { RevocationPort } from "../external.ports.js";

export class InterimRevocation implements RevocationPort {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private async change(serial: string, actor: string, to: "revoked" | "hold" | "issued", reason: RevocationReason | null): Promise<void> {
    const now = this.clock.now();
    await this.store.tx(async (r) => {
      const c = await r.pki.certificateForUpdate(serial);
      if (!c) throw new AppError("PKI_CERT_NOT_FOUND", { detail: serial });
      const ok = to === "revoked" ? c.status === "issued" || c.status === "hold" : to === "hold" ? c.status === "issued" : c.status === "hold";
      if (!ok) throw new AppError("PKI_REVOCATION_INVALID", { detail: `${serial} is ${c.status}` });
      await r.pki.setStatus(serial, to, to === "issued" ? null : now, reason === null ? null : REVOCATION_REASONS[reason]);
      await this.audit.record(r.audit, {
        actor,
        action: to === "revoked" ? "pki.cert.revoke" : to === "hold" ? "pki.cert.hold" : "pki.cert.release",
        subject: `cert:${serial}`,
        payload: { serial, reason },
      });
    });
  }

  revoke(serial: string, reason: Exclude<RevocationReason, "certificateHold">, actor: string): Promise<void> {
    return this.change(serial, actor, "revoked", reason);
  }

  hold(serial: string, actor: string): Promise<void> {
    return this.change(serial, actor, "hold", "certificateHold");
  }

  release(serial: string, actor: string): Promise<void> {
    return this.change(serial, actor, "issued", null);
  }
}
