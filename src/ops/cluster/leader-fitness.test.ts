import { describe, expect, it } from "vitest";
import { FakeClock } from "../../app/clock.js";
import { FIT, mayLead, observe, probation, reconsider, type FitnessAction, type FitnessState } from "./leader-fitness.js";

const policy = { failuresBeforeStepDown: 3, holdOffMs: 10_000 };
const ok = { ok: true, detail: "signed and verified" };
const bad = { ok: false, detail: "PKI_KEY_STORE_UNAVAILABLE: HSM not answering" };

/** Feeds outcomes one per second on a fake clock; returns the last state and every action. */
function run(start: FitnessState, steps: [string, typeof ok | typeof bad | { ok: true; skipped: true; detail: string }][], clock = new FakeClock("2026-03-02T01:00:00Z")) {
  let s = start;
  const actions: (FitnessAction & object)[] = [];
  for (const [check, out] of steps) {
    const r = observe(s, check, out, clock.now(), policy);
    s = r.state;
    if (r.action) actions.push(r.action);
    clock.advance(1000);
  }
  return { s, actions, clock };
}

describe("leader fitness", () => {
  it("steps down at the N-th consecutive failure of one critical check, not before", () => {
    const two = run(FIT, [
      ["keystore.sign", bad],
      ["keystore.sign", bad],
    ]);
    expect(mayLead(two.s)).toBe(true);
    expect(two.actions).toEqual([]);
    const three = run(two.s, [["keystore.sign", bad]], two.clock);
    expect(mayLead(three.s)).toBe(false);
    expect(three.actions).toEqual([{ kind: "step-down", down: { at: new Date("2026-03-02T01:00:02Z"), check: "keystore.sign", failures: 3, detail: bad.detail } }]);
  });

  it("a pass in between resets the count; failures of different checks do not add up", () => {
    const r = run(FIT, [
      ["keystore.sign", bad],
      ["keystore.sign", bad],
      ["keystore.sign", ok],
      ["keystore.sign", bad],
      ["ca.issue", bad],
      ["keystore.sign", bad],
      ["ca.issue", bad],
    ]);
    expect(mayLead(r.s)).toBe(true);
    expect(r.s.failures).toEqual({ "keystore.sign": 2, "ca.issue": 2 });
  });

  it("ignores probes that are not on the signing path; a skipped probe counts as no failure", () => {
    const r = run(FIT, [
      ["db.latency", bad],
      ["db.latency", bad],
      ["db.latency", bad],
      ["ca.issue", bad],
      ["ca.issue", bad],
      ["ca.issue", { ok: true, skipped: true, detail: "no issuing CA set up yet" }],
      ["ca.issue", bad],
    ]);
    expect(mayLead(r.s)).toBe(true);
    expect(r.s.failures).toEqual({ "ca.issue": 1 });
  });

  it("stays down through the hold-off even when the key store recovers, then rejoins on the next pass", () => {
    const down = run(FIT, [
      ["keystore.sign", bad],
      ["keystore.sign", bad],
      ["keystore.sign", bad], // down at t=2 s
    ]);
    const clock = down.clock; // t = 3 s
    let s = observe(down.s, "keystore.sign", ok, clock.now(), policy).state;
    expect(mayLead(s)).toBe(false); // 1 s after the step-down
    clock.set("2026-03-02T01:00:11.999Z");
    expect(observe(s, "keystore.sign", ok, clock.now(), policy).action).toBeNull(); // 9.999 s: still holding off
    clock.set("2026-03-02T01:00:12Z");
    const r = observe(s, "keystore.sign", ok, clock.now(), policy);
    s = r.state;
    expect(mayLead(s)).toBe(true);
    expect(r.action).toMatchObject({ kind: "rejoin", downForMs: 10_000, probation: [], down: { check: "keystore.sign" } });
  });

  it("does not rejoin while the key store still fails, however long it has been down", () => {
    const down = run(FIT, [
      ["keystore.sign", bad],
      ["keystore.sign", bad],
      ["keystore.sign", bad],
    ]);
    down.clock.advance(3_600_000);
    const r = observe(down.s, "keystore.sign", bad, down.clock.now(), policy);
    expect(mayLead(r.state)).toBe(false);
    expect(r.action).toBeNull(); // no second step-down while down
    expect(reconsider(r.state, down.clock.now(), policy).action).toBeNull();
    expect(r.state.down!.at).toEqual(new Date("2026-03-02T01:00:02Z")); // the step-down time stays
  });

  it("a CA round-trip failure (primary-only check): rejoins after the hold-off on probation; one more failure steps down at once, a pass clears it", () => {
    const down = run(FIT, [
      ["ca.issue", bad],
      ["ca.issue", bad],
      ["ca.issue", bad],
    ]);
    expect(down.actions.map((a) => a.kind)).toEqual(["step-down"]);
    // As a standby it cannot issue; the beat's key-store check passes.
    let s = observe(down.s, "keystore.sign", ok, down.clock.now(), policy).state;
    expect(mayLead(s)).toBe(false);
    down.clock.advance(10_000);
    const back = reconsider(s, down.clock.now(), policy);
    expect(back.action).toMatchObject({ kind: "rejoin", probation: ["ca.issue"] });
    s = back.state;
    expect(probation(s, policy)).toEqual(["ca.issue"]);
    // Leading again: the next round-trip failure steps it down immediately.
    const again = observe(s, "ca.issue", bad, down.clock.now(), policy);
    expect(again.action).toMatchObject({ kind: "step-down", down: { check: "ca.issue", failures: 4 } });
    // …whereas a pass clears the probation.
    const cleared = observe(s, "ca.issue", ok, down.clock.now(), policy);
    expect(cleared.action).toBeNull();
    expect(probation(cleared.state, policy)).toEqual([]);
    expect(mayLead(cleared.state)).toBe(true);
  });

  it("with N = 1 the first failure steps down", () => {
    const r = observe(FIT, "keystore.sign", bad, new Date("2026-03-02T01:00:00Z"), { ...policy, failuresBeforeStepDown: 1 });
    expect(r.action?.kind).toBe("step-down");
  });
});
