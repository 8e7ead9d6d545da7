/**
 * Retry policy for failed jobs: pure, so the numbers are easy to test.
 * 30 s, 1 min, 2 min, 4 min … doubling up to one hour between attempts.
 */
export interface RetryPolicy {
  /** Give up (mark the row failed) after this many failed runs. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 12, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 };

/** Delay before the next run after the `attempt`-th failure (1-based), or null to give up. */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const exp = Math.min(attempt - 1, 30);
  return Math.min(policy.baseDelayMs * 2 ** exp, policy.maxDelayMs);
}
