/**
 * Revocation (RFC 5280 reason codes), certificateHold and its release. Each
 * change, its audit entry and the CA's new CRL commit in one transaction;
 * after commit the OCSP responder on this node drops its cached answers.
 *
 * Transitions: issued → revoked | hold; hold → revoked | issued (release);
 * revoked is final. Pending (not yet signed) certificates cannot change.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import type { CrlService } from "./crl.service.js";
import type { PkiEvents } from "./pki-events.js";
import type { CertRecord, CertStatus } from "./pki.ports.js";
import { REVOCATION_REASON_NAMES, REVOCATION_REASONS, type RevocationReason } from "./revocation-reasons.js";
import { normaliseSerial } from "./serial.js";

export interface RevocationResult {
  serial: string;
  caId: string;
  status: CertStatus;
  reason: RevocationReason | null;
  revokedAt: Date | null;
  crlNumber: number;
}

export function assertReason(s: string): RevocationReason {
  if (!(REVOCATION_REASON_NAMES as string[]).includes(s)) {
    throw new AppError("PKI_REVOCATION_INVALID", { detail: `unknown reason ${s}; use one of ${REVOCATION_REASON_NAMES.join(", ")}` });
  }
  return s as RevocationReason;
}

export const reasonName = (code: number | null): RevocationReason | null =>
  code === null ? null : ((Object.entries(REVOCATION_REASONS).find(([, v]) => v === code)?.[0] as RevocationReason | undefined) ?? null);

type Change = { kind: "revoke"; reason: RevocationReason } | { kind: "hold" } | { kind: "release" };

export class RevocationService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly crl: CrlService,
    private readonly events: PkiEvents,
  ) {}

  /** Revokes for good; reason certificateHold puts the certificate on hold instead. */
  revoke(serial: string, reason: RevocationReason, actor: string): Promise<RevocationResult> {
    return reason === "certificateHold" ? this.change(serial, { kind: "hold" }, actor) : this.change(serial, { kind: "revoke", reason }, actor);
  }

  hold(serial: string, actor: string): Promise<RevocationResult> {
    return this.change(serial, { kind: "hold" }, actor);
  }

  /** Takes a certificate off hold (only from hold). */
  release(serial: string, actor: string): Promise<RevocationResult> {
    return this.change(serial, { kind: "release" }, actor);
  }

  private check(cert: CertRecord, c: Change): void {
    const bad = (why: string) => {
      throw new AppError("PKI_REVOCATION_INVALID", { detail: `${cert.serial}: ${why}` });
    };
    if (cert.status === "pending") bad("not issued yet");
    if (cert.status === "revoked") bad("already revoked (revocation is final)");
    if (c.kind === "hold" && cert.status === "hold") bad("already on hold");
    if (c.kind === "release" && cert.status !== "hold") bad("not on hold; only a held certificate can be released");
  }

  private async change(serialInput: string, c: Change, actor: string): Promise<RevocationResult> {
    const serial = normaliseSerial(serialInput);
    if (!serial) throw new AppError("PKI_CERT_NOT_FOUND", { detail: `not a serial: ${serialInput.slice(0, 60)}` });
    const result = await this.store.tx(async (r) => {
      const cert = await r.pki.certificateForUpdate(serial);
      if (!cert) throw new AppError("PKI_CERT_NOT_FOUND", { detail: serial });
      this.check(cert, c);
      const ca = await r.pki.caForUpdate(cert.caId);
      if (!ca) throw new AppError("PKI_CA_NOT_FOUND", { detail: cert.caId });
      const now = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000);
      let status: CertStatus;
      let reason: RevocationReason | null;
      let revokedAt: Date | null;
      if (c.kind === "release") [status, reason, revokedAt] = ["issued", null, null];
      else if (c.kind === "hold") [status, reason, revokedAt] = ["hold", "certificateHold", now];
      else [status, reason, revokedAt] = ["revoked", c.reason, now];
      await r.pki.setStatus(serial, status, revokedAt, reason === null ? null : REVOCATION_REASONS[reason]);
      const crl = await this.crl.issueInTx(r, ca, actor, c.kind);
      await this.audit.record(r.audit, {
        actor,
        action: `pki.cert.${c.kind}`,
        subject: `cert:${serial}`,
        payload: { serial, ca: cert.caId, subject: cert.subject, from: cert.status, to: status, reason, crlNumber: crl.crlNumber },
      });
      return { serial, caId: cert.caId, status, reason, revokedAt, crlNumber: crl.crlNumber };
    });
    this.events.statusChanged({ serial, caId: result.caId, crlNumber: result.crlNumber });
    return result;
  }
}
