/**
 * Certificate applications: entered at the counter (or pre-applied online,
 * or opened by a USB key report), vetted in person, approved under dual
 * control, then either an enrollment code is handed out (new / renew /
 * replace) or the revocation service runs (revoke / suspend / unsuspend).
 * The rules are in application-state.ts; this file loads, applies, stores
 * and audits — each transition and its audit entry in one transaction.
 */
import { HOUR, type Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Repos, Store } from "../storage/store.js";
import { SUITES, type SuiteId } from "../pki/algs/suite.js";
import type { CertRecord } from "../pki/ca/pki.ports.js";
import { normaliseSerial } from "../pki/ca/serial.js";
import { REVOCATION_REASONS } from "../pki/ca/revocation-reasons.js";
import { isIssuing, nextEvents, transition, type Actor, type ApplicationEvent, type ApplicationType, type Channel, type EventKind } from "./application-state.js";
import { requiredDocuments } from "./documents.js";
import type { EnrollmentGrantPort, RevocationPort } from "./external.ports.js";
import type { ApplicationQuery, ApplicationRecord } from "./ra.ports.js";
import { signingProfile, vettedSubject } from "./subject.js";
import { tokenTransition, type TokenKind } from "./token-state.js";

export const USER_REVOCATION_REASONS = ["unspecified", "keyCompromise", "affiliationChanged", "superseded", "cessationOfOperation", "privilegeWithdrawn"] as const;
export type UserRevocationReason = (typeof USER_REVOCATION_REASONS)[number];

export interface SubmitInput {
  applicantId: string;
  type: ApplicationType;
  suite?: SuiteId;
  /** Dual certificates (signing + escrowed encryption key); always on for SM2. */
  dual?: boolean;
  tokenKind?: TokenKind;
  targetSerial?: string;
  revocationReason?: UserRevocationReason;
  note?: string;
}

export interface RaPolicy {
  /** Hours an enrollment code stays valid unless the operator says otherwise. */
  codeTtlHours: number;
}

/** Certificate statuses each type may start from. */
const TARGET_STATUS: Record<Exclude<ApplicationType, "new">, CertRecord["status"][]> = {
  renew: ["issued"],
  replace: ["issued", "hold", "revoked"],
  revoke: ["issued", "hold"],
  suspend: ["issued"],
  unsuspend: ["hold"],
};

export class ApplicationService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly grants: EnrollmentGrantPort,
    private readonly revocation: RevocationPort,
    private readonly policy: RaPolicy,
  ) {}

  async get(id: string): Promise<ApplicationRecord> {
    const a = await this.store.read.ra.application(id);
    if (!a) throw new AppError("RA_APPLICATION_NOT_FOUND", { detail: id });
    return a;
  }

  list(q: ApplicationQuery): Promise<ApplicationRecord[]> {
    return this.store.read.ra.listApplications(q);
  }

  /** What the web app may offer next (the rules still decide when it is tried). */
  nextEvents(a: ApplicationRecord): EventKind[] {
    return nextEvents(a);
  }

  /** Checks and records a new application in state "submitted". */
  async submit(input: SubmitInput, actor: string, channel: Channel): Promise<ApplicationRecord> {
    const now = this.clock.now();
    return this.store.tx(async (r) => {
      const app = await this.plan(r, input, actor, channel, now);
      await r.ra.insertApplication(app);
      await this.audit.record(r.audit, {
        actor,
        action: "ra.application.submit",
        subject: `application:${app.id}`,
        payload: { applicant: app.applicantId, type: app.type, channel, suite: app.suite, dual: app.dual, tokenKind: app.tokenKind, target: app.targetSerial, reason: input.revocationReason ?? null },
      });
      return app;
    });
  }

  /** Builds a submitted application (inside the caller's transaction): also used when a USB key report opens a replacement. */
  async plan(r: Repos, input: SubmitInput, actor: string, channel: Channel, now: Date): Promise<ApplicationRecord> {
    const applicant = await r.ra.applicant(input.applicantId);
    if (!applicant) throw new AppError("RA_APPLICANT_NOT_FOUND", { detail: input.applicantId });
    let target: CertRecord | undefined;
    let suite = input.suite;
    if (input.type !== "new") {
      const serial = input.targetSerial ? normaliseSerial(input.targetSerial) : "";
      if (!serial) throw new AppError("RA_TARGET_CERT_REQUIRED");
      target = await r.pki.certificate(serial);
      if (!target || target.holder !== applicant.id || target.profile !== signingProfile(applicant)) {
        throw new AppError("RA_TARGET_CERT_INVALID", { detail: `${serial} is not a signing certificate of this applicant` });
      }
      if (!TARGET_STATUS[input.type].includes(target.status)) throw new AppError("RA_TARGET_CERT_INVALID", { detail: `${serial} is ${target.status}` });
      if ((await r.ra.openApplicationsFor(serial)).length) throw new AppError("RA_APPLICATION_OPEN", { detail: serial });
      suite ??= target.suite as SuiteId;
    }
    suite ??= "ecdsa-p256";
    if (!SUITES.includes(suite)) throw new AppError("PKI_SUITE_UNKNOWN", { detail: String(suite) });
    const issuing = isIssuing(input.type);
    const reason = input.type === "revoke" ? (input.revocationReason ?? "unspecified") : null;
    return {
      id: newId(),
      applicantId: applicant.id,
      type: input.type,
      state: "submitted",
      channel,
      suite,
      // GM/T 0034: SM2 certificates always come as a signing + encryption pair.
      dual: issuing && (suite === "sm2" || input.dual === true),
      tokenKind: issuing ? (input.tokenKind ?? "usb") : null,
      tokenId: null,
      targetSerial: target?.serial ?? null,
      revocationReason: reason === null ? null : REVOCATION_REASONS[reason],
      requestNote: input.note?.trim() || null,
      submittedBy: actor,
      submittedAt: now,
      vettedBy: null,
      vettedAt: null,
      vetNote: null,
      identityCheck: null,
      approvedBy: null,
      approvedAt: null,
      rejectedBy: null,
      rejectedAt: null,
      rejectReason: null,
      codeIssuedBy: null,
      codeIssuedAt: null,
      codeExpiresAt: null,
      enrolledAt: null,
      signSerial: null,
      encSerial: null,
      activatedAt: null,
      completedAt: null,
      updatedAt: now,
    };
  }

  /**
   * Applies one event under a row lock and records it. `extra` runs inside
   * the same transaction (checks that need the locked row, side records).
   */
  private async apply(
    id: string,
    ev: ApplicationEvent,
    auditActor: string,
    extra?: (r: Repos, app: ApplicationRecord) => Promise<Partial<ApplicationRecord> | void>,
    payload: Record<string, unknown> = {},
  ): Promise<ApplicationRecord> {
    const now = this.clock.now();
    return this.store.tx(async (r) => {
      const app = await r.ra.applicationForUpdate(id);
      if (!app) throw new AppError("RA_APPLICATION_NOT_FOUND", { detail: id });
      const patch = transition(app, ev, now);
      const more = (await extra?.(r, app)) ?? {};
      const next = { ...app, ...patch, ...more, updatedAt: now };
      const { id: _id, applicantId: _a, type: _t, channel: _c, submittedBy: _s, submittedAt: _sa, ...update } = next;
      await r.ra.updateApplication(id, update);
      await this.audit.record(r.audit, {
        actor: auditActor,
        action: `ra.application.${ev.kind}`,
        subject: `application:${id}`,
        payload: { from: app.state, to: next.state, type: app.type, applicant: app.applicantId, ...payload },
      });
      return next;
    });
  }

  async vet(id: string, input: { originalsChecked: boolean; identityCheck?: "in_person" | "certificate_login"; note?: string }, actor: Actor): Promise<ApplicationRecord> {
    const identityCheck = input.identityCheck ?? "in_person";
    return this.apply(
      id,
      { kind: "vet", actor, identityCheck, originalsChecked: input.originalsChecked, ...(input.note ? { note: input.note } : {}) },
      actor.id,
      async (r, app) => {
        if (identityCheck !== "in_person") return;
        const applicant = (await r.ra.applicant(app.applicantId))!;
        const have = new Set((await r.ra.documents(app.applicantId)).map((d) => d.kind));
        const missing = requiredDocuments(applicant.kind).filter((k) => !have.has(k));
        if (missing.length) throw new AppError("RA_DOCUMENT_MISSING", { detail: missing.join(", ") });
      },
      { identityCheck, originalsChecked: input.originalsChecked, note: input.note ?? null },
    );
  }

  /**
   * Second approval (dual control). For revoke / suspend / unsuspend the
   * revocation service then runs and the application completes; if it
   * fails, the application stays approved and `execute` retries.
   */
  async approve(id: string, actor: Actor): Promise<ApplicationRecord> {
    const app = await this.apply(id, { kind: "approve", actor }, actor.id);
    return isIssuing(app.type) ? app : this.execute(id, actor);
  }

  /** Runs the approved revocation, suspension or release and completes the application. Idempotent. */
  async execute(id: string, actor: Actor): Promise<ApplicationRecord> {
    const app = await this.get(id);
    if (isIssuing(app.type) || app.state !== "approved") throw new AppError("RA_TRANSITION_INVALID", { detail: `${app.type} in ${app.state}` });
    const serial = app.targetSerial!;
    const cert = await this.store.read.pki.certificate(serial);
    const done = cert && ((app.type === "revoke" && cert.status === "revoked") || (app.type === "suspend" && cert.status === "hold") || (app.type === "unsuspend" && cert.status === "issued"));
    const who = `ra:${app.id}`;
    if (!done) {
      if (app.type === "revoke") await this.revocation.revoke(serial, reasonName(app.revocationReason ?? 0), who);
      else if (app.type === "suspend") await this.revocation.hold(serial, who);
      else await this.revocation.release(serial, who);
    }
    return this.apply(id, { kind: "complete", actor }, actor.id, async (r) => {
      // A revoked or suspended certificate's login sessions end now, not at their next request.
      if (app.type !== "unsuspend") await r.bidderAuth.deleteSessionsOfCert(serial);
    }, { serial });
  }

  async reject(id: string, reason: string, actor: Actor): Promise<ApplicationRecord> {
    return this.apply(id, { kind: "reject", actor, reason }, actor.id, undefined, { reason: reason.trim() });
  }

  /**
   * Hands the applicant a one-time enrollment code (shown once, only its hash
   * is kept) and, for a USB key, issues the key from stock to the applicant.
   * A second call replaces the first code.
   */
  async issueCode(id: string, input: { tokenSerial?: string; ttlHours?: number }, actor: Actor): Promise<{ application: ApplicationRecord; code: string }> {
    const now = this.clock.now();
    const ttl = input.ttlHours ?? this.policy.codeTtlHours;
    const expiresAt = new Date(now.getTime() + ttl * HOUR);
    const app = await this.get(id);
    // Dry run first: a refused transition must not leave a grant behind.
    transition(app, { kind: "issueCode", actor, expiresAt }, now);
    const applicant = (await this.store.read.ra.applicant(app.applicantId))!;
    let tokenId = app.tokenId;
    if (app.tokenKind === "usb") {
      const serial = input.tokenSerial?.trim();
      if (!serial && !tokenId) throw new AppError("VALIDATION_FAILED", { detail: "tokenSerial: the USB key handed to the applicant is required" });
      if (serial) {
        const t = await this.store.read.ra.tokenBySerial(serial);
        if (!t) throw new AppError("RA_TOKEN_NOT_FOUND", { detail: serial });
        if (t.kind !== "usb") throw new AppError("RA_TOKEN_STATE_INVALID", { detail: `${serial} is not a USB key` });
        const reusable = t.state === "issued" && t.applicantId === app.applicantId;
        if (!reusable) tokenTransition(t, { kind: "issue", applicantId: app.applicantId });
        tokenId = t.id;
      }
    }
    const { code } = await this.grants.grant({
      id,
      suite: app.suite,
      profile: signingProfile(applicant),
      subject: vettedSubject(applicant),
      holder: applicant.id,
      expiresAt,
      actor: actor.id,
    });
    const application = await this.apply(
      id,
      { kind: "issueCode", actor, expiresAt },
      actor.id,
      async (r) => {
        if (app.tokenKind !== "usb" || !tokenId) return;
        const t = (await r.ra.tokenForUpdate(tokenId))!;
        if (!(t.state === "issued" && t.applicantId === app.applicantId)) {
          const next = tokenTransition(t, { kind: "issue", applicantId: app.applicantId });
          await r.ra.updateToken(t.id, { state: next.state, applicantId: next.applicantId, issuedAt: now, updatedAt: now });
          await this.audit.record(r.audit, { actor: actor.id, action: "ra.token.issue", subject: `token:${t.serial}`, payload: { applicant: app.applicantId, application: id } });
        }
        return { tokenId };
      },
      { expiresAt: expiresAt.toISOString(), token: tokenId },
    );
    return { application, code };
  }
}

function reasonName(code: number): UserRevocationReason {
  return USER_REVOCATION_REASONS.find((r) => REVOCATION_REASONS[r] === code) ?? "unspecified";
}
