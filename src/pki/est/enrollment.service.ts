/**
 * Enrollment over EST (RFC 7030). The RA, after vetting and dual-control
 * approval, calls grant(): a one-time code bound to the vetted subject,
 * suite and profile, valid until it expires. The applicant's EST client
 * sends a PKCS#10 with HTTP Basic (grant id, code); the certificate gets the
 * grant's subject — never the request's — and the grant is consumed in the
 * same transaction that records the certificate, by a conditional UPDATE,
 * so a code issues one certificate even under concurrent use.
 *
 * Renewal (simplereenroll) is authenticated by the current certificate:
 * presented as TLS client certificate on the EST HTTPS listener, or — over
 * plain HTTP, if allowed — by a request signed with the current
 * certificate's own key (same-key renewal).
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError, type ErrorCode } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { Store } from "../../storage/store.js";
import type { SuiteId } from "../algs/suite.js";
import { parseCertificate } from "../asn1/certificate.js";
import { decodeInput, parseCsr, type ParsedCsr } from "../asn1/csr.js";
import { assertDerFraming, splitSigned } from "../asn1/der-signed.js";
import { toHex } from "../asn1/der.js";
import type { DnAttr } from "../asn1/names.js";
import { assertSuite, spkiHash, type CaService, type Issued } from "../ca/ca.service.js";
import type { CertRecord } from "../ca/pki.ports.js";
import { profileById } from "../ca/profiles.js";
import { codeMatches, hashCode, newEnrollmentCode } from "./enrollment-code.js";
import type { GrantRecord } from "./enrollment.ports.js";
import { assertDnAttrs, attrsOfName } from "./subject.js";
import { DN_OID } from "../asn1/names.js";

/** Profiles the RA grants; CA, OCSP, TSA and server certificates are never enrolled by applicants. */
export const ENROLLABLE_PROFILES = ["individual-sign", "enterprise-sign", "encryption"] as const;
/** Profiles a holder may renew over EST by themself. */
export const RENEWABLE_PROFILES = ["individual-sign", "enterprise-sign"] as const;

export interface EnrollmentOptions {
  sm2UserId: string;
  /** Lifetime of a code unless the RA asks otherwise. */
  defaultTtlMinutes: number;
  /** Wrong codes before a grant locks. */
  maxFailures: number;
}

export interface GrantInput {
  /** The RA application id (the EST user name); generated when absent. */
  id?: string;
  suite: SuiteId;
  profile: string;
  /** The vetted subject, e.g. [["C","CN"],["CN","张三"],["serialNumber","4301…"]]. */
  subject: readonly (readonly [string, string])[];
  /** Who holds the certificate (applicant / bidder id), stored on the certificate row. */
  holder?: string | null;
  ttlMinutes?: number;
  actor: string;
}

export interface GrantIssued {
  id: string;
  /** Shown once; only its hash is stored. */
  code: string;
  expiresAt: Date;
  /** An unused grant with this id had its code replaced. */
  replaced: boolean;
}

export type GrantState = "open" | "used" | "expired" | "locked" | "cancelled";

export interface GrantStatus {
  id: string;
  state: GrantState;
  suite: string;
  profile: string;
  subject: [string, string][];
  holder: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  serial: string | null;
  failures: number;
  createdBy: string;
  createdAt: Date;
}

export interface EnrollInput {
  id: string;
  code: string;
  csr: Uint8Array | string;
  /** The CA label of the EST path (/.well-known/est/<label>/…), if any. */
  label?: SuiteId;
}

export interface ReenrollInput {
  csr: Uint8Array | string;
  label?: SuiteId;
  /** DER of the TLS client certificate, when the request came over the EST HTTPS listener. */
  clientCert?: Uint8Array;
  /** Plain-HTTP fallback: accept a request signed by the current certificate's own key. */
  allowSameKey: boolean;
}

export class EnrollmentService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ca: CaService,
    private readonly opts: EnrollmentOptions,
  ) {}

  // ---- the RA's side ---------------------------------------------------------

  /** Creates (or re-issues the code of) a one-time grant. Audit-logged; the code is returned once and never stored. */
  async grant(input: GrantInput): Promise<GrantIssued> {
    const suite = assertSuite(input.suite);
    if (!(ENROLLABLE_PROFILES as readonly string[]).includes(input.profile)) {
      throw new AppError("EST_GRANT_INVALID", { detail: `profile ${input.profile} is not enrollable; use ${ENROLLABLE_PROFILES.join(", ")}` });
    }
    const profile = profileById(input.profile);
    const subject = assertDnAttrs(input.subject);
    const present = new Set(subject.map(([k]) => k));
    const missing = profile.requiredSubject.filter((k) => !present.has(k as keyof typeof DN_OID));
    if (missing.length) throw new AppError("EST_GRANT_INVALID", { detail: `profile ${profile.id} needs ${missing.join(", ")} in the subject` });
    const ttl = input.ttlMinutes ?? this.opts.defaultTtlMinutes;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 30 * 24 * 60) throw new AppError("EST_GRANT_INVALID", { detail: "ttlMinutes must be 1 … 43200" });
    const id = input.id ?? newId();
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new AppError("EST_GRANT_INVALID", { detail: "id: 1–64 letters, digits, . _ -" });
    await this.ca.issuingCa(suite); // PKI_CA_NOT_INITIALISED now rather than at enrollment

    const code = newEnrollmentCode();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttl * 60_000);
    const replaced = await this.store.tx(async (r) => {
      const existing = await r.enrollment.grant(id);
      if (existing?.usedAt) throw new AppError("EST_GRANT_EXISTS", { detail: `${id} enrolled certificate ${existing.serial}` });
      await r.enrollment.putGrant({
        id,
        codeHash: hashCode(id, code),
        suite,
        profile: profile.id,
        subject,
        holder: input.holder ?? null,
        expiresAt,
        usedAt: null,
        serial: null,
        failures: 0,
        cancelledAt: null,
        createdBy: input.actor,
        createdAt: now,
      });
      await this.audit.record(r.audit, {
        actor: input.actor,
        action: "pki.enrollment.grant",
        subject: `enrollment:${id}`,
        payload: { id, suite, profile: profile.id, subject, holder: input.holder ?? null, expiresAt: expiresAt.toISOString(), replaced: Boolean(existing) },
      });
      return Boolean(existing);
    });
    return { id, code, expiresAt, replaced };
  }

  async status(id: string): Promise<GrantStatus> {
    const g = await this.store.read.enrollment.grant(id);
    if (!g) throw new AppError("NOT_FOUND", { detail: `enrollment ${id}` });
    const { codeHash: _hidden, cancelledAt: _c, ...rest } = g;
    return { ...rest, state: this.stateOf(g) };
  }

  /** Withdraws an unused grant (application rejected or withdrawn). */
  async cancel(id: string, actor: string): Promise<void> {
    await this.store.tx(async (r) => {
      const g = await r.enrollment.grant(id);
      if (!g) throw new AppError("NOT_FOUND", { detail: `enrollment ${id}` });
      if (g.usedAt) throw new AppError("EST_CODE_USED", { detail: `${id} enrolled certificate ${g.serial}` });
      await r.enrollment.cancel(id, this.clock.now());
      await this.audit.record(r.audit, { actor, action: "pki.enrollment.cancel", subject: `enrollment:${id}`, payload: { id } });
    });
  }

  private stateOf(g: GrantRecord): GrantState {
    if (g.usedAt) return "used";
    if (g.cancelledAt) return "cancelled";
    if (g.failures >= this.opts.maxFailures) return "locked";
    if (this.clock.now() >= g.expiresAt) return "expired";
    return "open";
  }

  // ---- the applicant's side (EST) -------------------------------------------

  async caCerts(label: SuiteId = "ecdsa-p256"): Promise<Uint8Array[]> {
    return this.ca.chain(label);
  }

  private async deny(id: string, code: ErrorCode, detail: string, failed = false): Promise<never> {
    const failures = await this.store.tx(async (r) => {
      const n = failed ? await r.enrollment.recordFailure(id) : undefined;
      await this.audit.record(r.audit, { actor: `est:${id}`, action: "pki.est.enroll.denied", subject: `enrollment:${id}`, payload: { reason: code, ...(n !== undefined ? { failures: n } : {}) } });
      return n;
    });
    throw new AppError(code, { detail: failures !== undefined ? `${detail} (${failures} of ${this.opts.maxFailures} attempts used)` : detail });
  }

  /** simpleenroll: checks the grant and code, issues with the grant's subject, consumes the grant in the same transaction. */
  async enroll(input: EnrollInput): Promise<Issued> {
    const g = await this.store.read.enrollment.grant(input.id);
    if (!g) {
      // Not audited per id (the id is attacker-chosen); the same answer as a wrong code.
      throw new AppError("EST_CREDENTIALS_INVALID");
    }
    if (!g.usedAt && g.failures >= this.opts.maxFailures) return this.deny(g.id, "EST_CODE_LOCKED", `after ${g.failures} wrong codes`);
    if (!codeMatches(g.id, input.code, g.codeHash)) return this.deny(g.id, "EST_CREDENTIALS_INVALID", "wrong enrollment code", true);
    if (g.usedAt) return this.deny(g.id, "EST_CODE_USED", `used ${g.usedAt.toISOString()} for certificate ${g.serial}`);
    if (g.cancelledAt) return this.deny(g.id, "EST_GRANT_CANCELLED", `cancelled ${g.cancelledAt.toISOString()}`);
    if (this.clock.now() >= g.expiresAt) return this.deny(g.id, "EST_CODE_EXPIRED", `expired ${g.expiresAt.toISOString()}`);

    const suite = assertSuite(g.suite);
    if (input.label && input.label !== suite) throw new AppError("EST_SUITE_MISMATCH", { detail: `this grant is for ${suite}; the path names ${input.label}` });
    const csr = this.parse(input.csr);
    if (csr.suite !== suite) throw new AppError("EST_SUITE_MISMATCH", { detail: `this grant is for a ${suite} key; the request has a ${csr.suite} key` });

    return this.ca.issue(
      { suite, csr: csr.der, profile: g.profile, actor: `est:${g.id}`, via: "ra", subject: assertDnAttrs(g.subject), ...(g.holder ? { holder: g.holder } : {}) },
      {
        inTx: async (r, [record]) => {
          const at = this.clock.now();
          if (!(await r.enrollment.consume(g.id, record!.serial, at))) throw new AppError("EST_CODE_USED", { detail: "used by a concurrent enrollment" });
          await this.audit.record(r.audit, { actor: `est:${g.id}`, action: "pki.est.enroll", subject: `enrollment:${g.id}`, payload: { id: g.id, serial: record!.serial, spkiSha256: record!.spkiSha256 } });
        },
      },
    );
  }

  /**
   * Strict: besides parseCsr's checks (one outer TLV, proof of possession
   * over the exact request-info bytes), every constructed element must be
   * exactly framed and the unsigned outer parts correctly tagged — the schema
   * parser tolerates a wrong inner length or tag that re-encoding hides.
   */
  private parse(csr: Uint8Array | string): ParsedCsr {
    const der = decodeInput(csr);
    try {
      assertDerFraming(der);
      splitSigned(der);
    } catch (e) {
      throw new AppError("PKI_CSR_INVALID", { detail: (e as Error).message });
    }
    return parseCsr(der, { sm2Id: this.opts.sm2UserId });
  }

  /** The current certificate behind a renewal, or a coded refusal. */
  private async current(input: ReenrollInput, csr: ParsedCsr): Promise<{ rec: CertRecord; auth: "tls-client-cert" | "same-key-csr" }> {
    const now = this.clock.now();
    if (input.clientCert) {
      let serial: string;
      try {
        serial = toHex(parseCertificate(input.clientCert).tbsCertificate.serialNumber);
      } catch {
        throw new AppError("EST_CLIENT_CERT_INVALID", { detail: "the client certificate does not parse" });
      }
      const rec = await this.ca.certificate(serial);
      // Our database holds every certificate we signed, byte for byte: equality is proof we issued it.
      if (!rec?.certDer || Buffer.compare(Buffer.from(rec.certDer), Buffer.from(input.clientCert)) !== 0) {
        throw new AppError("EST_CLIENT_CERT_INVALID", { detail: "not a certificate issued by this CA" });
      }
      return { rec: this.usable(rec, now), auth: "tls-client-cert" };
    }
    if (!input.allowSameKey) throw new AppError("EST_CLIENT_CERT_REQUIRED", { detail: "renewal over plain HTTP is switched off (estHttpReenroll=off); use the EST HTTPS port" });
    const holders = await this.store.read.pki.holdersOfKey(spkiHash(csr.spki));
    const recs = (await Promise.all(holders.map((h) => this.ca.certificate(h.serial)))).filter((r): r is CertRecord => Boolean(r?.certDer));
    if (!recs.length) throw new AppError("EST_CLIENT_CERT_REQUIRED", { detail: "no current certificate for the request's key; over plain HTTP renew with the same key, or present the certificate over HTTPS" });
    const live = recs.filter((r) => r.status === "issued" && r.notBefore <= now && now < r.notAfter).sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime());
    return { rec: this.usable(live[0] ?? recs[0]!, now), auth: "same-key-csr" };
  }

  private usable(rec: CertRecord, now: Date): CertRecord {
    if (rec.status !== "issued") throw new AppError("EST_CLIENT_CERT_INVALID", { detail: `certificate ${rec.serial} is ${rec.status === "hold" ? "on hold" : rec.status}` });
    if (now < rec.notBefore || now >= rec.notAfter) throw new AppError("EST_CLIENT_CERT_INVALID", { detail: `certificate ${rec.serial} is not valid now (${rec.notBefore.toISOString()} – ${rec.notAfter.toISOString()})` });
    if (!(RENEWABLE_PROFILES as readonly string[]).includes(rec.profile)) throw new AppError("EST_REENROLL_NOT_ALLOWED", { detail: `profile ${rec.profile} is renewed at the RA` });
    return rec;
  }

  /** simplereenroll: a new certificate with the current one's subject, profile and holder. */
  async reenroll(input: ReenrollInput): Promise<Issued> {
    const csr = this.parse(input.csr);
    const { rec, auth } = await this.current(input, csr);
    const suite = assertSuite((await this.ca.ca(rec.caId)).suite);
    if (input.label && input.label !== suite) throw new AppError("EST_SUITE_MISMATCH", { detail: `the certificate is from the ${suite} CA; the path names ${input.label}` });
    if (csr.suite !== suite) throw new AppError("EST_SUITE_MISMATCH", { detail: `the certificate is ${suite}; the request has a ${csr.suite} key` });
    const subject: DnAttr[] = attrsOfName(parseCertificate(rec.certDer!).tbsCertificate.subject);
    return this.ca.issue(
      { suite, csr: csr.der, profile: rec.profile, actor: `est-reenroll:${rec.serial}`, via: "ra", subject, ...(rec.holder ? { holder: rec.holder } : {}) },
      {
        inTx: async (r, [record]) => {
          await this.audit.record(r.audit, {
            actor: `est-reenroll:${rec.serial}`,
            action: "pki.est.reenroll",
            subject: `cert:${rec.serial}`,
            payload: { previous: rec.serial, serial: record!.serial, auth, sameKey: record!.spkiSha256 === rec.spkiSha256 },
          });
        },
      },
    );
  }
}
