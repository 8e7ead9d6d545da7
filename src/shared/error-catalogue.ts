/**
 * The one catalogue of stable error codes. Codes never change meaning once
 * shipped; clients, the support desk and docs/errors.md key on them.
 * Each area keeps its codes in catalogue/<area>.ts (so areas do not edit each
 * other's lines); this file joins them, and a duplicate code fails to compile.
 */
import { FOUNDATION_ERRORS } from "./catalogue/foundation.js";
import { OPS_ERRORS } from "./catalogue/ops.js";
import { PKI_ERRORS } from "./catalogue/pki.js";
import { SCHEDULER_ERRORS } from "./catalogue/scheduler.js";
import { SECURITY_ERRORS } from "./catalogue/security.js";
import type { ErrorSpec } from "./error-spec.js";

export type { ErrorSpec } from "./error-spec.js";

type NoOverlap<A, B> = keyof A & keyof B extends never ? B : never;

function join<A extends Record<string, ErrorSpec>, B extends Record<string, ErrorSpec>>(a: A, b: NoOverlap<A, B>): A & B {
  return { ...a, ...b };
}

export const ERROR_CATALOGUE = join(join(join(join(FOUNDATION_ERRORS, PKI_ERRORS), SCHEDULER_ERRORS), SECURITY_ERRORS), OPS_ERRORS);

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(s: string): s is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, s);
}
