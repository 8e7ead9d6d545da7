/**
 * Escrowed-key recovery rules, pure. A holder's recovery needs one approval
 * by an RA auditor or administrator other than the requester; a judicial
 * recovery (a court or investigating authority with a case reference) needs
 * two approvals by two different such people, neither the requester.
 */
import type { Role } from "../../auth/roles.js";
import { AppError } from "../../shared/errors.js";
import type { Actor } from "../application-state.js";
import type { RecoveryKind, RecoveryRecord } from "./km.ports.js";

export const APPROVERS: readonly Role[] = ["ra_auditor", "ra_admin"];
export const approvalsNeeded = (kind: RecoveryKind): number => (kind === "judicial" ? 2 : 1);

export function approveRecovery(rec: Pick<RecoveryRecord, "kind" | "state" | "requestedBy" | "approvals">, actor: Actor, now: Date): Pick<RecoveryRecord, "state" | "approvals"> {
  if (!actor.roles.some((r) => APPROVERS.includes(r))) throw new AppError("AUTH_FORBIDDEN", { detail: "approving a key recovery needs ra_auditor or ra_admin" });
  if (rec.state !== "requested") throw new AppError("RA_RECOVERY_STATE_INVALID", { detail: rec.state });
  if (actor.id === rec.requestedBy) throw new AppError("RA_RECOVERY_DUAL_CONTROL", { detail: "the requester cannot approve" });
  if (rec.approvals.some((a) => a.by === actor.id)) throw new AppError("RA_RECOVERY_DUAL_CONTROL", { detail: "you have already approved; a different person must give the next approval" });
  const approvals = [...rec.approvals, { by: actor.id, at: now.toISOString() }];
  return { state: approvals.length >= approvalsNeeded(rec.kind) ? "approved" : "requested", approvals };
}

export function rejectRecovery(rec: Pick<RecoveryRecord, "state">, actor: Actor): Pick<RecoveryRecord, "state"> {
  if (!actor.roles.some((r) => APPROVERS.includes(r))) throw new AppError("AUTH_FORBIDDEN", { detail: "rejecting a key recovery needs ra_auditor or ra_admin" });
  if (rec.state !== "requested") throw new AppError("RA_RECOVERY_STATE_INVALID", { detail: rec.state });
  return { state: "rejected" };
}

export function releaseRecovery(rec: Pick<RecoveryRecord, "state">, actor: Actor): Pick<RecoveryRecord, "state"> {
  if (!actor.roles.some((r) => APPROVERS.includes(r))) throw new AppError("AUTH_FORBIDDEN", { detail: "releasing a recovered key needs ra_auditor or ra_admin" });
  if (rec.state !== "approved") throw new AppError("RA_RECOVERY_STATE_INVALID", { detail: `${rec.state}: only an approved recovery can be released` });
  return { state: "released" };
}
