import { describe, expect, it } from "vitest";
import type { ProbeState } from "./health.ports.js";
import { nextProbeState } from "./probe-state.js";

const P = { id: "ocsp.answer", component: "ocsp" };
const t = (s: number) => new Date(Date.UTC(2026, 2, 2, 1, 0, s));
const ok = { ok: true, detail: "good" };
const bad = { ok: false, detail: "no answer" };
const skip = { ok: true, skipped: true, detail: "n/a" };

/** Feeds outcomes one after another; returns each transition. */
function run(outcomes: { ok: boolean; detail: string; skipped?: boolean }[], threshold: number) {
  let prev: ProbeState | undefined;
  return outcomes.map((o, i) => {
    const tr = nextProbeState(prev, P, o, t(i), threshold);
    prev = tr.state;
    return tr;
  });
}

describe("probe state transitions", () => {
  it("opens an incident at the threshold, once, and resolves on the first success", () => {
    const trs = run([ok, bad, bad, bad, bad, ok, ok], 2);
    expect(trs.map((x) => x.incident)).toEqual([null, null, "open", null, null, "resolve", null]);
    expect(trs.map((x) => x.state.consecutiveFailures)).toEqual([0, 1, 2, 3, 4, 0, 0]);
    expect(trs.map((x) => x.state.incidentOpen)).toEqual([false, false, true, true, true, false, false]);
    expect(trs[4]!.state.since).toEqual(t(1)); // failing since the first failure
    expect(trs[6]!.state.since).toEqual(t(5));
    expect(trs.map((x) => x.changed?.to ?? null)).toEqual([null, "failing", null, null, null, "ok", null]);
  });

  it("threshold 1 opens at the first failure; a flap below the threshold opens nothing", () => {
    expect(run([bad], 1)[0]!.incident).toBe("open");
    expect(run([bad, ok, bad, ok, bad], 2).map((x) => x.incident)).toEqual([null, null, null, null, null]);
  });

  it("a probe that stops applying resolves its open incident; skipped never opens one", () => {
    expect(run([bad, bad, skip], 2).map((x) => x.incident)).toEqual([null, "open", "resolve"]);
    expect(run([skip, skip, skip], 1).map((x) => x.incident)).toEqual([null, null, null]);
    expect(run([skip, ok], 1)[1]!.changed).toBeNull(); // skipped → ok is not an outage story
  });

  it("the first run is never a 'change', failing or not", () => {
    expect(run([bad], 3)[0]!.changed).toBeNull();
    expect(run([ok], 3)[0]!.changed).toBeNull();
  });

  it("exhaustively: an incident is open exactly when the last `threshold` outcomes failed or one is still open from an unbroken failure run", () => {
    for (let threshold = 1; threshold <= 3; threshold++) {
      for (let mask = 0; mask < 1 << 8; mask++) {
        const outs = Array.from({ length: 8 }, (_, i) => ((mask >> i) & 1 ? bad : ok));
        const trs = run(outs, threshold);
        let streak = 0;
        outs.forEach((o, i) => {
          streak = o.ok ? 0 : streak + 1;
          expect(trs[i]!.state.incidentOpen, `t=${threshold} mask=${mask} i=${i}`).toBe(streak >= threshold);
          expect(trs[i]!.incident === "open").toBe(streak === threshold);
        });
      }
    }
  });
});
