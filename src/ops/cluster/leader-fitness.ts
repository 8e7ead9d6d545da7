/**
 * Is this node fit to lead? (pure: state + outcome + time → state, action)
 *
 * The critical probes of the signing path report their outcomes on this
 * node: the key store / HSM test signature (every cluster beat, and as a
 * scheduled probe) and the CA issuance round trip (a scheduled probe on the
 * primary). `failuresBeforeStepDown` consecutive failures of one of them →
 * step down: the node stops signing at once, gives the lease up and does not
 * compete for it, so a healthy standby takes over. The failing probe opens
 * its incident in the support desk as every probe does.
 *
 * It competes again ("rejoin") once every check a standby can run passes
 * again and `holdOffMs` has passed since the step-down — long enough for a
 * standby to win the lease, so two nodes do not hand it back and forth.
 *
 * A check only the primary can run (the CA round trip issues a certificate
 * under the lease) cannot pass on a standby. It does not hold the node back;
 * its failure count stays as it was ("probation"): if the node leads again,
 * its next failure steps it down at once, a pass clears it.
 */

export interface FitnessCheck {
  /** Can this check run on a standby (without the lease)? */
  standby: boolean;
}

/** The probes whose failure makes a primary step down (ids of src/ops/health/probes.ts). */
export const STEP_DOWN_CHECKS: Readonly<Record<string, FitnessCheck>> = {
  "keystore.sign": { standby: true },
  "ca.issue": { standby: false },
};

export interface FitnessPolicy {
  failuresBeforeStepDown: number;
  holdOffMs: number;
}

export interface StepDown {
  at: Date;
  check: string;
  failures: number;
  detail: string;
}

export interface FitnessState {
  /** Consecutive failures per check (absent = none seen). */
  failures: Readonly<Record<string, number>>;
  /** Set while stepped down. */
  down: StepDown | null;
}

export type FitnessAction = { kind: "step-down"; down: StepDown } | { kind: "rejoin"; down: StepDown; downForMs: number; probation: string[] } | null;

export interface CheckOutcome {
  ok: boolean;
  /** The probe does not apply here (e.g. no CA yet): not a failure. */
  skipped?: boolean;
  detail: string;
}

export const FIT: FitnessState = { failures: {}, down: null };

export const mayLead = (s: FitnessState): boolean => s.down === null;

/** Checks that count against leading but cannot be re-run on a standby, with failures on record. */
export const probation = (s: FitnessState, policy: FitnessPolicy): string[] =>
  Object.entries(s.failures)
    .filter(([id, n]) => STEP_DOWN_CHECKS[id] && !STEP_DOWN_CHECKS[id].standby && n >= policy.failuresBeforeStepDown)
    .map(([id]) => id);

/** Rejoin when the hold-off is over and no standby-runnable check is failing. */
export function reconsider(s: FitnessState, at: Date, policy: FitnessPolicy): { state: FitnessState; action: FitnessAction } {
  if (!s.down) return { state: s, action: null };
  const downForMs = at.getTime() - s.down.at.getTime();
  if (downForMs < policy.holdOffMs) return { state: s, action: null };
  const failingHere = Object.entries(s.failures).some(([id, n]) => STEP_DOWN_CHECKS[id]?.standby && n > 0);
  if (failingHere) return { state: s, action: null };
  const state = { ...s, down: null };
  return { state, action: { kind: "rejoin", down: s.down, downForMs, probation: probation(state, policy) } };
}

export function observe(s: FitnessState, check: string, out: CheckOutcome, at: Date, policy: FitnessPolicy): { state: FitnessState; action: FitnessAction } {
  if (!STEP_DOWN_CHECKS[check]) return { state: s, action: null };
  if (out.ok || out.skipped) return reconsider({ ...s, failures: { ...s.failures, [check]: 0 } }, at, policy);
  const failures = (s.failures[check] ?? 0) + 1;
  const next: FitnessState = { ...s, failures: { ...s.failures, [check]: failures } };
  if (s.down || failures < policy.failuresBeforeStepDown) return { state: next, action: null };
  const down: StepDown = { at, check, failures, detail: out.detail };
  return { state: { ...next, down }, action: { kind: "step-down", down } };
}
