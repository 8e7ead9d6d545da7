import { describe, expect, it } from "vitest";
import { summariseCalls } from "./call-stats.js";

describe("summariseCalls", () => {
  it("no calls: zeros, no division by zero", () => {
    expect(summariseCalls([])).toEqual({ calls: 0, errors: 0, errorRate: 0, byFunction: [], byCode: [] });
  });

  it("sums calls and errors per function and per code; error codes before OK, most frequent first", () => {
    const s = summariseCalls([
      { fn: "verify", outcome: "OK", calls: 90, avgMicros: 1000 },
      { fn: "verify", outcome: "SEC_SIG_INVALID", calls: 6, avgMicros: 2000 },
      { fn: "verify", outcome: "SEC_CERT_REVOKED", calls: 4, avgMicros: 500 },
      { fn: "validate", outcome: "OK", calls: 10, avgMicros: 300 },
      { fn: "validate", outcome: "SEC_CERT_REVOKED", calls: 3, avgMicros: 300 },
      { fn: "sign", outcome: "OK", calls: 10, avgMicros: 4000 },
    ]);
    expect(s.calls).toBe(123);
    expect(s.errors).toBe(13);
    expect(s.errorRate).toBeCloseTo(13 / 123);
    expect(s.byFunction).toEqual([
      { fn: "verify", calls: 100, errors: 10, avgMicros: 1040 },
      { fn: "validate", calls: 13, errors: 3, avgMicros: 300 },
      { fn: "sign", calls: 10, errors: 0, avgMicros: 4000 },
    ]);
    expect(s.byCode).toEqual([
      { code: "SEC_CERT_REVOKED", calls: 7, functions: ["validate", "verify"] },
      { code: "SEC_SIG_INVALID", calls: 6, functions: ["verify"] },
      { code: "OK", calls: 110, functions: ["sign", "validate", "verify"] },
    ]);
  });
});
