/**
 * Legal defaults (MLR Order 39 and local trading-centre practice) and the
 * checks every per-parcel rule set must pass. Each number can be changed
 * per parcel, but not below what the law allows.
 */
import type { Fen } from "../../shared/money.js";
import type { QualificationMode, SaleRules } from "./types.js";

export const MINUTE_MS = 60_000;

export const LEGAL_DEFAULTS = {
  announceLeadDays: 20,
  materialChangeLeadDays: 20,
  listingMinWorkingDays: 10,
  freezeMinutes: 0,
  intentWindowMs: 5 * MINUTE_MS,
  countdownMs: 4 * MINUTE_MS,
  qualificationMode: "before" as QualificationMode,
} as const;

/** The least the law allows; a parcel may ask for more, never less. */
export const LEGAL_MINIMUMS = {
  announceLeadDays: 20,
  materialChangeLeadDays: 20,
  listingMinWorkingDays: 10,
} as const;

export interface RulesInput {
  startPrice: Fen;
  increment: Fen;
  deposit: Fen;
  qualificationMode?: QualificationMode;
  announceLeadDays?: number;
  materialChangeLeadDays?: number;
  listingMinWorkingDays?: number;
  freezeMinutes?: number;
  intentWindowMs?: number;
  countdownMs?: number;
}

export function makeRules(input: RulesInput): SaleRules {
  return {
    startPrice: input.startPrice,
    increment: input.increment,
    deposit: input.deposit,
    qualificationMode: input.qualificationMode ?? LEGAL_DEFAULTS.qualificationMode,
    announceLeadDays: input.announceLeadDays ?? LEGAL_DEFAULTS.announceLeadDays,
    materialChangeLeadDays: input.materialChangeLeadDays ?? LEGAL_DEFAULTS.materialChangeLeadDays,
    listingMinWorkingDays: input.listingMinWorkingDays ?? LEGAL_DEFAULTS.listingMinWorkingDays,
    freezeMinutes: input.freezeMinutes ?? LEGAL_DEFAULTS.freezeMinutes,
    intentWindowMs: input.intentWindowMs ?? LEGAL_DEFAULTS.intentWindowMs,
    countdownMs: input.countdownMs ?? LEGAL_DEFAULTS.countdownMs,
  };
}

/** Problems with a rule set, as field → message; empty when valid. */
export function rulesProblems(r: SaleRules): Record<string, string> {
  const p: Record<string, string> = {};
  if (r.startPrice <= 0n) p.startPrice = "must be positive";
  if (r.increment <= 0n) p.increment = "must be positive";
  if (r.deposit < 0n) p.deposit = "must not be negative";
  const atLeast = (k: keyof typeof LEGAL_MINIMUMS) => {
    if (!Number.isInteger(r[k]) || r[k] < LEGAL_MINIMUMS[k]) p[k] = `must be an integer ≥ ${LEGAL_MINIMUMS[k]} (legal minimum)`;
  };
  atLeast("announceLeadDays");
  atLeast("materialChangeLeadDays");
  atLeast("listingMinWorkingDays");
  if (!Number.isInteger(r.freezeMinutes) || r.freezeMinutes < 0 || r.freezeMinutes > 24 * 60) p.freezeMinutes = "must be 0–1440 minutes";
  if (!Number.isInteger(r.intentWindowMs) || r.intentWindowMs < MINUTE_MS || r.intentWindowMs > 60 * MINUTE_MS) p.intentWindowMs = "must be 1–60 minutes";
  if (!Number.isInteger(r.countdownMs) || r.countdownMs < MINUTE_MS || r.countdownMs > 60 * MINUTE_MS) p.countdownMs = "must be 1–60 minutes";
  return p;
}
