/**
 * Transparent retry of a standby's refusal. With issuance failover on, a
 * standby node answers signing requests with 503 OPS_NOT_LEADER and a
 * Retry-After header: it did nothing, the primary (or the standby about to
 * be promoted) will. Clients wait as told and ask again, a bounded number of
 * times. Only requests that are safe to repeat are retried: reads, stateless
 * computations, and requests carrying their own idempotency key (an EST
 * one-time code, a bid's client bid id) — the caller says which.
 * Used by the SDK's HTTP layer and by the EST client (src/pki/est).
 */

export const NOT_LEADER = "OPS_NOT_LEADER";

export interface RetryPolicy {
  /** Total attempts, the first included (1 = never retry). */
  attempts: number;
  /** Wait when the answer has no usable Retry-After. */
  defaultDelayMs: number;
  /** Never wait longer than this per attempt, whatever Retry-After says. */
  maxDelayMs: number;
}

/** 4 attempts, 1 s by default, at most 5 s apart: rides out a lease hand-over (a few seconds). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, defaultDelayMs: 1000, maxDelayMs: 5000 };

/**
 * Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date → milliseconds
 * to wait, between 0 and maxDelayMs; the default delay when absent or
 * unreadable. An HTTP-date is measured from `now` — best the answer's own
 * Date header, so the two clocks need not agree; without one, the default.
 */
export function retryAfterMs(value: string | null | undefined, now: Date | undefined, policy: Pick<RetryPolicy, "defaultDelayMs" | "maxDelayMs">): number {
  const v = value?.trim();
  let ms = policy.defaultDelayMs;
  if (v && /^\d+$/.test(v)) ms = Number(v) * 1000;
  else if (v && now && /^[A-Za-z]{3}/.test(v)) {
    // An HTTP-date starts with the day name (IMF-fixdate, RFC 850, asctime); "-3" and the like are not dates.
    const at = Date.parse(v);
    if (!Number.isNaN(at)) ms = at - now.getTime();
  }
  return Math.min(Math.max(0, ms), policy.maxDelayMs);
}

/** A standby's refusal: 503 with the problem code OPS_NOT_LEADER. */
export function isNotLeader(status: number, problemCode: string | undefined): boolean {
  return status === 503 && problemCode === NOT_LEADER;
}

/** The answer's Date header as "now" for an HTTP-date Retry-After (undefined when absent or unreadable). */
export function dateHeader(value: string | null | undefined): Date | undefined {
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(t) ? undefined : new Date(t);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
