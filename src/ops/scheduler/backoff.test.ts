import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryDelayMs } from "./backoff.js";

describe("retryDelayMs", () => {
  it("doubles from 30 s and caps at one hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelayMs(n))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it("gives up at maxAttempts", () => {
    expect(retryDelayMs(DEFAULT_RETRY.maxAttempts - 1)).toBe(3_600_000);
    expect(retryDelayMs(DEFAULT_RETRY.maxAttempts)).toBeNull();
    expect(retryDelayMs(3, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 })).toBeNull();
    expect(retryDelayMs(2, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 })).toBe(2);
  });

  it("does not overflow for huge attempt counts", () => {
    expect(retryDelayMs(1000, { maxAttempts: 10_000, baseDelayMs: 30_000, maxDelayMs: 60_000 })).toBe(60_000);
  });
});
