/**
 * Certificate login for bidders (and anyone holding a certificate bound to
 * an applicant): the server hands out a one-time challenge bound to the
 * browser's login attempt (a cookie), the token signs it, the server checks
 * the signature against the certificate, validates the certificate (chain,
 * validity, revocation) and finds the applicant it is bound to. Every
 * outcome is audit-logged; each failure has its own RA_LOGIN_* code.
 */
import { MINUTE, type Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError, type ErrorCode } from "../../shared/errors.js";
import { newId, newToken, tokenDigest } from "../../shared/ids.js";
import type { Store } from "../../storage/store.js";
import type { SuiteId } from "../../pki/algs/suite.js";
import { checkResidentId } from "../validate/resident-id.js";
import { checkUscc } from "../validate/uscc.js";
import type { CertificateValidatorPort, ValidationFailure } from "../external.ports.js";
import type { ApplicantKind } from "../ra.ports.js";
import { canSign, certInfo, type CertInfo } from "./cert-info.js";
import { loginMessage, verifyLogin } from "./login-signature.js";

export const CHALLENGE_TTL_MS = 5 * MINUTE;

/** Who is logged in as a bidder: the contract routes and other areas build on (req.bidder). */
export interface BidderContext {
  applicantId: string;
  displayName: string;
  kind: ApplicantKind;
  certSerial: string;
  suite: SuiteId;
  sessionId: string;
}

export interface ResolvedBidder extends BidderContext {
  csrfToken: string;
  expiresAt: Date;
}

export interface Challenge {
  challengeId: string;
  nonce: string;
  toSign: string;
  expiresAt: Date;
  /** Goes into the httpOnly attempt cookie; the login must come back with it. */
  attemptToken: string;
}

export interface LoginInput {
  challengeId: string;
  /** The signing certificate, DER (base64) or PEM. */
  certificate: string;
  /** Intermediate certificates, if the client has them (external CAs). */
  chain?: string[];
  /** base64 signature over `toSign` (UTF-8): DER, or raw r‖s for EC keys. */
  signature: string;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

const FAILURE_CODES: Record<ValidationFailure, ErrorCode> = {
  revoked: "RA_LOGIN_CERT_REVOKED",
  on_hold: "RA_LOGIN_CERT_SUSPENDED",
  expired: "RA_LOGIN_CERT_EXPIRED",
  not_yet_valid: "RA_LOGIN_CERT_NOT_YET_VALID",
  untrusted: "RA_LOGIN_UNKNOWN_ISSUER",
  revocation_unavailable: "RA_LOGIN_REVOCATION_UNAVAILABLE",
  malformed: "RA_LOGIN_CERT_INVALID",
};

const b64 = (s: string, what: string) => {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s.replace(/\s+/g, ""))) throw new AppError("VALIDATION_FAILED", { detail: `${what}: not base64` });
  return new Uint8Array(Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
};

export interface BidderLoginOptions {
  origin: string;
  sm2UserId: string;
  sessionTtlMinutes: number;
}

export class BidderLoginService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly validator: CertificateValidatorPort,
    private readonly opts: BidderLoginOptions,
  ) {}

  async challenge(): Promise<Challenge> {
    const now = this.clock.now();
    const c = { id: newId(), nonce: newToken(32), expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) };
    const attemptToken = newToken();
    await this.store.read.bidderAuth.insertChallenge({ ...c, attemptHash: tokenDigest(attemptToken), createdAt: now, usedAt: null });
    return { challengeId: c.id, nonce: c.nonce, toSign: loginMessage(c, this.opts.origin), expiresAt: c.expiresAt, attemptToken };
  }

  async login(input: LoginInput, attemptToken: string | undefined, client: ClientInfo): Promise<{ token: string; bidder: ResolvedBidder }> {
    const now = this.clock.now();
    // 1. Take the challenge: single use, this attempt only, not expired.
    type Taken = { ok: true; c: { id: string; nonce: string; expiresAt: Date } } | { ok: false; code: "RA_LOGIN_CHALLENGE_INVALID" | "RA_LOGIN_CHALLENGE_EXPIRED" };
    const challenge = await this.store.tx(async (r): Promise<Taken> => {
      const c = await r.bidderAuth.challengeForUpdate(input.challengeId);
      if (!c || c.usedAt || !attemptToken || tokenDigest(attemptToken) !== c.attemptHash) return { ok: false, code: "RA_LOGIN_CHALLENGE_INVALID" };
      await r.bidderAuth.markChallengeUsed(c.id, now);
      if (c.expiresAt <= now) return { ok: false, code: "RA_LOGIN_CHALLENGE_EXPIRED" };
      return { ok: true, c };
    });
    if (!challenge.ok) return this.fail(new AppError(challenge.code), null, client);

    let cert: CertInfo | null = null;
    try {
      cert = certInfo(input.certificate);
      const message = new TextEncoder().encode(loginMessage(challenge.c, this.opts.origin));
      if (!verifyLogin(cert.spki, cert.suite, message, b64(input.signature, "signature"), this.opts.sm2UserId)) {
        throw new AppError("RA_LOGIN_WRONG_KEY");
      }
      if (!canSign(cert)) throw new AppError("RA_LOGIN_CERT_USAGE");
      const chain = (input.chain ?? []).map((c) => certInfo(c).der);
      const v = await this.validator.validate(cert.der, { chain, at: now });
      if (!v.ok) throw new AppError(FAILURE_CODES[v.failure], { detail: `${v.code}${v.detail ? `: ${v.detail}` : ""}` });
      const applicantId = await this.bindingFor(cert, v.caId);
      const applicant = await this.store.read.ra.applicant(applicantId);
      if (!applicant) throw new AppError("RA_LOGIN_CERT_NOT_BOUND");

      const token = newToken();
      const csrfToken = newToken();
      const expiresAt = new Date(now.getTime() + this.opts.sessionTtlMinutes * MINUTE);
      const bidder: ResolvedBidder = {
        applicantId,
        displayName: applicant.name,
        kind: applicant.kind,
        certSerial: cert.serial,
        suite: cert.suite,
        sessionId: tokenDigest(token),
        csrfToken,
        expiresAt,
      };
      const c = cert;
      await this.store.tx(async (r) => {
        if (!(await r.bidderAuth.binding(c.sha256))) {
          await r.bidderAuth.insertBinding({ certSha256: c.sha256, applicantId, serial: c.serial, issuer: c.issuer, source: v.caId ? "issued" : "login", boundAt: now });
        }
        await r.bidderAuth.insertSession({
          id: bidder.sessionId,
          applicantId,
          certSerial: c.serial,
          certSha256: c.sha256,
          issuerCa: v.caId,
          suite: c.suite,
          csrfToken,
          createdAt: now,
          expiresAt,
          lastSeenAt: now,
          ...client,
        });
        await this.audit.record(r.audit, {
          actor: `bidder:${applicantId}`,
          action: "bidder.login",
          subject: `applicant:${applicantId}`,
          payload: { serial: c.serial, issuer: c.issuer, suite: c.suite, ca: v.caId, ip: client.ip, session: bidder.sessionId.slice(0, 16) },
        });
      });
      return { token, bidder };
    } catch (e) {
      if (e instanceof AppError) return this.fail(e, cert, client);
      throw e;
    }
  }

  private async fail(e: AppError, cert: CertInfo | null, client: ClientInfo): Promise<never> {
    await this.store.tx((r) =>
      this.audit.record(r.audit, {
        actor: `anon:${client.ip ?? "?"}`,
        action: "bidder.login.failed",
        subject: cert ? `cert:${cert.serial}` : "bidder-login",
        payload: { code: e.code, detail: e.detail ?? null, serial: cert?.serial ?? null, issuer: cert?.issuer ?? null, ip: client.ip },
      }),
    );
    throw e;
  }

  /** The applicant a certificate belongs to: a recorded binding, our CA's holder, or an external certificate's subject identifiers. */
  private async bindingFor(cert: CertInfo, caId: string | null): Promise<string> {
    const bound = await this.store.read.bidderAuth.binding(cert.sha256);
    if (bound) return bound.applicantId;
    if (caId) {
      const rec = await this.store.read.pki.certificate(cert.serial);
      if (rec?.holder && rec.caId === caId && rec.certDer && Buffer.from(rec.certDer).equals(Buffer.from(cert.der))) return rec.holder;
      throw new AppError("RA_LOGIN_CERT_NOT_BOUND", { detail: `certificate ${cert.serial} has no holder` });
    }
    // A certificate from an imported CA (users keep their existing certificates through go-live):
    // bind by the unified social credit code or resident ID number in its subject.
    const orgId = cert.subjectAttrs.organizationIdentifier?.replace(/^NTRCN-/, "");
    if (orgId && checkUscc(orgId).ok) {
      const a = await this.store.read.ra.applicantByIdentity(`enterprise:${orgId.toUpperCase()}`);
      if (a) return a.id;
    }
    const sn = cert.subjectAttrs.serialNumber;
    if (sn && checkResidentId(sn, this.clock.now()).ok) {
      const a = await this.store.read.ra.applicantByIdentity(`individual:${sn.toUpperCase()}`);
      if (a) return a.id;
    }
    throw new AppError("RA_LOGIN_CERT_NOT_BOUND", { detail: cert.subject });
  }

  /** Cookie token → bidder; ends the session if the certificate has since been revoked or suspended. */
  async resolve(token: string): Promise<ResolvedBidder> {
    const id = tokenDigest(token);
    const s = await this.store.read.bidderAuth.session(id);
    if (!s) throw new AppError("RA_BIDDER_LOGIN_REQUIRED");
    const now = this.clock.now();
    if (s.expiresAt <= now) {
      await this.store.read.bidderAuth.deleteSession(id);
      throw new AppError("RA_BIDDER_SESSION_EXPIRED");
    }
    if (s.issuerCa) {
      const cert = await this.store.read.pki.certificate(s.certSerial);
      if (cert && (cert.status === "revoked" || cert.status === "hold")) {
        await this.store.read.bidderAuth.deleteSession(id);
        throw new AppError(cert.status === "revoked" ? "RA_LOGIN_CERT_REVOKED" : "RA_LOGIN_CERT_SUSPENDED", { detail: "the session ended" });
      }
    }
    const applicant = await this.store.read.ra.applicant(s.applicantId);
    if (!applicant) throw new AppError("RA_BIDDER_LOGIN_REQUIRED");
    let expiresAt = s.expiresAt;
    if (now.getTime() - s.lastSeenAt.getTime() > MINUTE) {
      expiresAt = new Date(now.getTime() + this.opts.sessionTtlMinutes * MINUTE);
      await this.store.read.bidderAuth.touchSession(id, now, expiresAt);
    }
    return {
      applicantId: s.applicantId,
      displayName: applicant.name,
      kind: applicant.kind,
      certSerial: s.certSerial,
      suite: s.suite as SuiteId,
      sessionId: id,
      csrfToken: s.csrfToken,
      expiresAt,
    };
  }

  async logout(token: string): Promise<void> {
    const id = tokenDigest(token);
    const s = await this.store.read.bidderAuth.session(id);
    if (!s) return;
    await this.store.tx(async (r) => {
      await r.bidderAuth.deleteSession(id);
      await this.audit.record(r.audit, { actor: `bidder:${s.applicantId}`, action: "bidder.logout", subject: `applicant:${s.applicantId}`, payload: { serial: s.certSerial } });
    });
  }
}
