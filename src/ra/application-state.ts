/**
 * Certificate applications as a pure state machine: state + event + time →
 * the fields that change, or a coded error. The service persists the result
 * and the audit entry in one transaction; every rule lives here.
 *
 *   new / renew / replace:
 *     submitted → vetted → approved → code_issued → enrolled → active
 *   revoke / suspend / unsuspend:
 *     submitted → vetted → approved → completed   (the revocation service runs between)
 *   any of submitted, vetted, approved, code_issued → rejected (with a reason)
 *
 * Dual control: the person who approves must hold ra_auditor and must be
 * neither the person who vetted nor the one who entered the application —
 * even when one account holds both roles.
 */
import type { Role } from "../auth/roles.js";
import { AppError } from "../shared/errors.js";

export const APPLICATION_TYPES = ["new", "renew", "replace", "revoke", "suspend", "unsuspend"] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

export const APPLICATION_STATES = ["submitted", "vetted", "approved", "code_issued", "enrolled", "active", "completed", "rejected"] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** Types that end in a new certificate on a token. */
export const ISSUING_TYPES: readonly ApplicationType[] = ["new", "renew", "replace"];
export const isIssuing = (t: ApplicationType): boolean => ISSUING_TYPES.includes(t);

/** How the applicant's identity was checked when vetting. */
export type IdentityCheck = "in_person" | "certificate_login";

/** Where the application came from. */
export type Channel = "counter" | "online" | "certificate" | "token_report";

export interface Actor {
  /** "staff:<username>" or "bidder:<applicantId>" or "system:<what>". */
  id: string;
  roles: readonly Role[];
}

/** The part of an application the rules look at. */
export interface ApplicationCore {
  type: ApplicationType;
  state: ApplicationState;
  channel: Channel;
  submittedBy: string;
  vettedBy: string | null;
  codeExpiresAt: Date | null;
}

export type ApplicationEvent =
  | { kind: "vet"; actor: Actor; identityCheck: IdentityCheck; originalsChecked: boolean; note?: string }
  | { kind: "approve"; actor: Actor }
  | { kind: "reject"; actor: Actor; reason: string }
  | { kind: "issueCode"; actor: Actor; expiresAt: Date }
  | { kind: "enroll"; serial: string }
  | { kind: "activate" }
  | { kind: "complete"; actor: Actor };

export type EventKind = ApplicationEvent["kind"];

/** Fields an event sets (the service adds the rest of the row). */
export interface ApplicationPatch {
  state: ApplicationState;
  vettedBy?: string;
  vettedAt?: Date;
  vetNote?: string | null;
  identityCheck?: IdentityCheck;
  approvedBy?: string;
  approvedAt?: Date;
  rejectedBy?: string;
  rejectedAt?: Date;
  rejectReason?: string;
  codeIssuedBy?: string;
  codeIssuedAt?: Date;
  codeExpiresAt?: Date;
  enrolledAt?: Date;
  signSerial?: string;
  activatedAt?: Date;
  completedAt?: Date;
}

const OPERATORS: readonly Role[] = ["ra_operator", "ra_admin"];
const REJECTABLE: readonly ApplicationState[] = ["submitted", "vetted", "approved", "code_issued"];
export const MIN_REASON_LENGTH = 2;
export const MAX_CODE_TTL_MS = 30 * 86_400_000;

const has = (a: Actor, roles: readonly Role[]) => a.roles.some((r) => roles.includes(r));

function invalid(app: ApplicationCore, kind: EventKind): never {
  throw new AppError("RA_TRANSITION_INVALID", { detail: `a ${app.type} application in state ${app.state} does not allow ${kind}` });
}

/** The next state and changed fields, or an AppError. Pure: `now` is passed in. */
export function transition(app: ApplicationCore, ev: ApplicationEvent, now: Date): ApplicationPatch {
  switch (ev.kind) {
    case "vet": {
      if (!has(ev.actor, OPERATORS)) throw new AppError("AUTH_FORBIDDEN", { detail: "vetting needs ra_operator or ra_admin" });
      if (app.state !== "submitted") invalid(app, ev.kind);
      if (ev.identityCheck === "certificate_login") {
        // A holder who proved possession of the certificate by logging in may
        // ask to revoke or suspend it without coming in; nothing else.
        if (app.channel !== "certificate" || !(app.type === "revoke" || app.type === "suspend")) {
          throw new AppError("RA_ORIGINALS_NOT_CHECKED", { detail: "only revoke/suspend requests made after a certificate login may be vetted without originals" });
        }
      } else if (!ev.originalsChecked) {
        throw new AppError("RA_ORIGINALS_NOT_CHECKED");
      }
      return { state: "vetted", vettedBy: ev.actor.id, vettedAt: now, vetNote: ev.note?.trim() || null, identityCheck: ev.identityCheck };
    }
    case "approve": {
      if (!has(ev.actor, ["ra_auditor"])) throw new AppError("RA_AUDITOR_REQUIRED");
      if (app.state !== "vetted") invalid(app, ev.kind);
      if (ev.actor.id === app.vettedBy) throw new AppError("RA_DUAL_CONTROL", { detail: "you vetted this application; another RA auditor must approve it" });
      if (ev.actor.id === app.submittedBy) throw new AppError("RA_DUAL_CONTROL", { detail: "you entered this application; another RA auditor must approve it" });
      return { state: "approved", approvedBy: ev.actor.id, approvedAt: now };
    }
    case "reject": {
      if (!has(ev.actor, ["ra_operator", "ra_auditor", "ra_admin"])) throw new AppError("AUTH_FORBIDDEN", { detail: "rejecting needs an RA role" });
      if (!REJECTABLE.includes(app.state) || (app.state === "code_issued" && !isIssuing(app.type))) invalid(app, ev.kind);
      const reason = ev.reason.trim();
      if (reason.length < MIN_REASON_LENGTH) throw new AppError("RA_REASON_REQUIRED");
      return { state: "rejected", rejectedBy: ev.actor.id, rejectedAt: now, rejectReason: reason };
    }
    case "issueCode": {
      if (!has(ev.actor, OPERATORS)) throw new AppError("AUTH_FORBIDDEN", { detail: "issuing enrollment codes needs ra_operator or ra_admin" });
      if (!isIssuing(app.type)) invalid(app, ev.kind);
      // A second code (the first expired or was lost) replaces the first.
      if (app.state !== "approved" && app.state !== "code_issued") invalid(app, ev.kind);
      if (ev.expiresAt <= now || ev.expiresAt.getTime() - now.getTime() > MAX_CODE_TTL_MS) {
        throw new AppError("VALIDATION_FAILED", { detail: "an enrollment code must expire after now and within 30 days" });
      }
      return { state: "code_issued", codeIssuedBy: ev.actor.id, codeIssuedAt: now, codeExpiresAt: ev.expiresAt };
    }
    case "enroll": {
      if ((app.state === "enrolled" || app.state === "active") && isIssuing(app.type)) throw new AppError("RA_CODE_USED");
      if (app.state !== "code_issued" || !isIssuing(app.type)) invalid(app, ev.kind);
      if (!app.codeExpiresAt || app.codeExpiresAt <= now) throw new AppError("RA_CODE_EXPIRED");
      return { state: "enrolled", enrolledAt: now, signSerial: ev.serial };
    }
    case "activate": {
      if (app.state !== "enrolled" || !isIssuing(app.type)) invalid(app, ev.kind);
      return { state: "active", activatedAt: now };
    }
    case "complete": {
      if (isIssuing(app.type) || app.state !== "approved") invalid(app, ev.kind);
      return { state: "completed", completedAt: now };
    }
  }
}

/** The events an actor could try next, for the web app's buttons (rules still decide). */
export function nextEvents(app: ApplicationCore): EventKind[] {
  switch (app.state) {
    case "submitted":
      return ["vet", "reject"];
    case "vetted":
      return ["approve", "reject"];
    case "approved":
      return isIssuing(app.type) ? ["issueCode", "reject"] : ["complete", "reject"];
    case "code_issued":
      return isIssuing(app.type) ? ["issueCode", "enroll", "reject"] : [];
    case "enrolled":
      return isIssuing(app.type) ? ["activate"] : [];
    default:
      return [];
  }
}
