import { describe, expect, it } from "vitest";
import { anchorState } from "./audit-anchor-status.js";

const T = new Date("2026-03-02T01:00:00.000Z");
const ago = (min: number) => new Date(T.getTime() - min * 60_000);

describe("anchorState", () => {
  const base = { now: T, intervalMinutes: 60 };
  it("an empty chain needs no anchor; a chain never anchored says so", () => {
    expect(anchorState({ ...base, headSeq: 0, lastAnchoredSeq: null, lastAnchoredAt: null })).toBe("current");
    expect(anchorState({ ...base, headSeq: 5, lastAnchoredSeq: null, lastAnchoredAt: null })).toBe("none");
  });
  it("head anchored: current, however old the anchor", () => {
    expect(anchorState({ ...base, headSeq: 9, lastAnchoredSeq: 9, lastAnchoredAt: ago(600) })).toBe("current");
  });
  it("entries after the anchor: pending up to two intervals, then overdue", () => {
    expect(anchorState({ ...base, headSeq: 10, lastAnchoredSeq: 9, lastAnchoredAt: ago(60) })).toBe("pending");
    expect(anchorState({ ...base, headSeq: 10, lastAnchoredSeq: 9, lastAnchoredAt: ago(120) })).toBe("pending");
    expect(anchorState({ ...base, headSeq: 10, lastAnchoredSeq: 9, lastAnchoredAt: ago(121) })).toBe("overdue");
  });
});
