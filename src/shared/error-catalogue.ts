/**
 * The one catalogue of stable error codes. Codes never change meaning once
 * shipped; clients, the support desk and docs/errors.md key on them.
 * Each area keeps its codes in catalogue/<area>.ts (so areas do not edit each
 * other's lines); this file joins them, and a code defined twice fails at load.
 */
import { EST_ERRORS } from "./catalogue/est.js";
import { FOUNDATION_ERRORS } from "./catalogue/foundation.js";
import { HSM_ERRORS } from "./catalogue/hsm.js";
import { KB_ERRORS } from "./catalogue/kb.js";
import { OPS_ERRORS } from "./catalogue/ops.js";
import { PKI_ERRORS } from "./catalogue/pki.js";
import { RA_ERRORS } from "./catalogue/ra.js";
import { SCHEDULER_ERRORS } from "./catalogue/scheduler.js";
import { SUPPORT_ERRORS } from "./catalogue/support.js";
import { SECURITY_ERRORS } from "./catalogue/security.js";
import { TRADING_ERRORS } from "./catalogue/trading.js";
import { TRUST_ERRORS } from "./catalogue/trust.js";
import type { ErrorSpec } from "./error-spec.js";

export type { ErrorSpec } from "./error-spec.js";

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** One entry per area; add yours on its own line. */
const AREAS = [
  FOUNDATION_ERRORS,
  PKI_ERRORS,
  SCHEDULER_ERRORS,
  SECURITY_ERRORS,
  KB_ERRORS,
  RA_ERRORS,
  HSM_ERRORS,
  EST_ERRORS,
  TRUST_ERRORS,
  SUPPORT_ERRORS,
  TRADING_ERRORS,
  OPS_ERRORS,
] as const satisfies readonly Record<string, ErrorSpec>[];

// A code must mean one thing: a code defined by two areas stops the process at start-up (and every test).
const seen = new Set<string>();
for (const area of AREAS) {
  for (const code of Object.keys(area)) {
    if (seen.has(code)) throw new Error(`error code ${code} is defined twice in src/shared/catalogue/`);
    seen.add(code);
  }
}

export const ERROR_CATALOGUE = Object.assign({}, ...AREAS) as UnionToIntersection<(typeof AREAS)[number]>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(s: string): s is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, s);
}
