/**
 * The SLA / escalation rules, exhaustively, with a fake "now": every ladder
 * step of every severity at its due instant and one millisecond before, how
 * pauses shift everything, resolution, severity changes, deadline states,
 * calendars and the job plan.
 */
import { describe, expect, it } from "vitest";
import { ALWAYS, BEIJING_OFFICE_HOURS, businessCalendar, instantAfter, runningMs, subtract, type Calendar, type Span } from "./sla-calendar.js";
import { DEFAULT_LADDER, evaluateSla, JOB_DEADLINE, JOB_ESCALATE, jobPlan, type SlaFacts } from "./sla-policy.js";
import { SEVERITIES, type Severity } from "./taxonomy.js";

const H = 3_600_000;
const M = 60_000;
const T0 = new Date("2026-03-02T01:00:00.000Z"); // Monday 09:00 Beijing
const at = (ms: number) => new Date(T0.getTime() + ms);

function facts(over: Partial<SlaFacts> = {}): SlaFacts {
  return {
    severity: "critical",
    createdAt: T0,
    firstContactAt: null,
    solutionAt: null,
    resolvedAt: null,
    major: null,
    pauses: [],
    dispatches: [],
    ladder: DEFAULT_LADDER,
    firedSteps: [],
    ...over,
  };
}

const EXPECTED_LADDER: Record<Severity, [number, string][]> = {
  critical: [[2, "customer_manager"], [8, "tech_support_manager"], [12, "cto"], [24, "president"]],
  serious: [[8, "customer_manager"], [12, "tech_support_manager"], [24, "cto"]],
  general: [[12, "customer_manager"], [24, "tech_support_manager"]],
};

describe("escalation ladder (seed §4.4.3)", () => {
  for (const severity of SEVERITIES) {
    it(`${severity}: each step falls due at exactly its time, not a millisecond before`, () => {
      const ladder = EXPECTED_LADDER[severity];
      const v0 = evaluateSla(facts({ severity }), T0);
      expect(v0.steps.map((s) => [s.afterMinutes / 60, s.role])).toEqual(ladder);
      for (const [i, [hours]] of ladder.entries()) {
        const due = hours * H;
        const before = evaluateSla(facts({ severity }), at(due - 1)).steps[i]!;
        const onTime = evaluateSla(facts({ severity }), at(due)).steps[i]!;
        expect(before.dueAt!.getTime(), `${severity} step ${i + 1}`).toBe(at(due).getTime());
        expect(before.state).toBe("pending");
        expect(onTime.state).toBe("due");
        // The steps after it are still pending at that instant.
        for (const later of evaluateSla(facts({ severity }), at(due)).steps.slice(i + 1)) expect(later.state).toBe("pending");
      }
    });
  }

  it("a fired step stays fired, whatever happens later", () => {
    const v = evaluateSla(facts({ firedSteps: [{ severity: "critical", step: 1, firedAt: at(2 * H) }], resolvedAt: at(3 * H) }), at(30 * H));
    expect(v.steps.map((s) => s.state)).toEqual(["fired", "cancelled", "cancelled", "cancelled"]);
    expect(v.steps[0]!.firedAt).toEqual(at(2 * H));
  });

  it("resolving stops the ladder: steps not yet fired never fire", () => {
    const v = evaluateSla(facts({ resolvedAt: at(H) }), at(48 * H));
    expect(v.steps.every((s) => s.state === "cancelled")).toBe(true);
    expect(v.nextDueAt).toBeNull();
  });

  it("a severity change keeps the old severity's fired steps and counts the new ladder from the report", () => {
    const v = evaluateSla(
      facts({ severity: "critical", firedSteps: [{ severity: "general", step: 1, firedAt: at(12 * H) }] }),
      at(13 * H),
    );
    expect(v.steps.map((s) => `${s.severity}:${s.step}:${s.state}`)).toEqual([
      "critical:1:due",
      "critical:2:due",
      "critical:3:due",
      "critical:4:pending",
      "general:1:fired",
    ]);
  });

  it("the ladder is data: a custom ladder is honoured", () => {
    const ladder = [{ severity: "general" as const, step: 1, afterMinutes: 30, role: "cto" as const }];
    const v = evaluateSla(facts({ severity: "general", ladder }), at(30 * M));
    expect(v.steps).toHaveLength(1);
    expect(v.steps[0]).toMatchObject({ role: "cto", state: "due" });
  });
});

describe("pauses (waiting on the customer)", () => {
  const pause = (fromH: number, toH: number | null) => ({ from: at(fromH * H), to: toH === null ? null : at(toH * H) });

  it("a finished pause shifts every deadline and step by its length", () => {
    const v = evaluateSla(facts({ pauses: [pause(0.5, 1.5)] }), at(0.5 * H));
    const d = Object.fromEntries(v.deadlines.map((x) => [x.name, x.dueAt!.getTime() - T0.getTime()]));
    expect(d).toEqual({ firstContact: 2 * H, solution: 25 * H });
    expect(v.steps.map((s) => (s.dueAt!.getTime() - T0.getTime()) / H)).toEqual([3, 9, 13, 25]);
  });

  it("two pauses add up; a pause after a due time does not move that one", () => {
    const v = evaluateSla(facts({ pauses: [pause(0.25, 0.5), pause(3, 5)] }), at(6 * H));
    const byName = Object.fromEntries(v.deadlines.map((x) => [x.name, (x.dueAt!.getTime() - T0.getTime()) / M]));
    expect(byName.firstContact).toBe(75);
    expect(byName.solution).toBe(24 * 60 + 15 + 120);
    expect(v.steps.map((s) => (s.dueAt!.getTime() - T0.getTime()) / M)).toEqual([135, 8 * 60 + 135, 12 * 60 + 135, 24 * 60 + 135]);
  });

  it("while paused, due times are unknown, the clock stands still, nothing new falls due", () => {
    const f = facts({ pauses: [pause(1, null)] });
    const v = evaluateSla(f, at(100 * H));
    expect(v.paused).toBe(true);
    expect(v.elapsedMs).toBe(H);
    const first = v.deadlines.find((d) => d.name === "firstContact")!;
    // The first contact fell due exactly as the pause began: breached, not paused.
    expect(first.state).toBe("breached");
    const sol = v.deadlines.find((d) => d.name === "solution")!;
    expect(sol).toMatchObject({ state: "paused", dueAt: null, remainingMs: 23 * H });
    expect(v.steps.map((s) => s.state)).toEqual(["paused", "paused", "paused", "paused"]);
    expect(v.nextDueAt).toBeNull();
  });

  it("a deadline met before a pause that is still open counts as met (its due time is unknown)", () => {
    const v = evaluateSla(facts({ firstContactAt: at(25 * M), pauses: [pause(0.5, null)] }), at(10 * H));
    expect(v.deadlines[0]).toMatchObject({ name: "firstContact", state: "met", dueAt: null, remainingMs: 35 * M });
    expect(v.breached).toBe(false);
  });

  it("a step already due before the pause stays due", () => {
    const v = evaluateSla(facts({ pauses: [pause(3, null)] }), at(4 * H));
    expect(v.steps.map((s) => s.state)).toEqual(["due", "paused", "paused", "paused"]);
  });

  it("resuming continues from where the clock stopped", () => {
    const v = evaluateSla(facts({ severity: "general", pauses: [pause(11, 15)] }), at(15 * H));
    expect(v.steps[0]!.dueAt).toEqual(at(16 * H));
    expect(v.steps[0]!.state).toBe("pending");
    expect(evaluateSla(facts({ severity: "general", pauses: [pause(11, 15)] }), at(16 * H)).steps[0]!.state).toBe("due");
  });
});

describe("deadlines", () => {
  const d = (v: ReturnType<typeof evaluateSla>, name: string) => v.deadlines.find((x) => x.name === name)!;

  it("first contact within 1 h: running, at risk in the last quarter, breached at the hour; met or late once contacted", () => {
    expect(d(evaluateSla(facts(), at(44 * M)), "firstContact")).toMatchObject({ state: "running", atRisk: false, remainingMs: 16 * M });
    expect(d(evaluateSla(facts(), at(45 * M)), "firstContact")).toMatchObject({ state: "running", atRisk: true });
    expect(d(evaluateSla(facts(), at(60 * M - 1)), "firstContact").state).toBe("running");
    expect(d(evaluateSla(facts(), at(60 * M)), "firstContact").state).toBe("breached");
    expect(d(evaluateSla(facts({ firstContactAt: at(60 * M) }), at(5 * H)), "firstContact").state).toBe("met");
    const late = d(evaluateSla(facts({ firstContactAt: at(61 * M) }), at(5 * H)), "firstContact");
    expect(late).toMatchObject({ state: "late", remainingMs: -M });
  });

  it("solution within 24 h; resolution counts as contact and solution", () => {
    expect(d(evaluateSla(facts(), at(24 * H)), "solution").state).toBe("breached");
    const v = evaluateSla(facts({ resolvedAt: at(30 * M) }), at(48 * H));
    expect(d(v, "firstContact").state).toBe("met");
    expect(d(v, "solution").state).toBe("met");
    expect(v.breached).toBe(false);
    expect(v.elapsedMs).toBe(30 * M);
  });

  it("a major incident must be answered within 2 h of its declaration", () => {
    const major = { declaredAt: at(5 * H), answeredAt: null };
    expect(d(evaluateSla(facts({ major }), at(7 * H - 1)), "majorAnswer").state).toBe("running");
    expect(d(evaluateSla(facts({ major }), at(7 * H)), "majorAnswer").state).toBe("breached");
    expect(d(evaluateSla(facts({ major: { ...major, answeredAt: at(6 * H) } }), at(9 * H)), "majorAnswer").state).toBe("met");
  });

  it("on site within 4 h of a dispatch; a cancelled dispatch has no deadline", () => {
    const dispatches = [
      { id: "d1", requestedAt: at(2 * H), arrivedAt: null, cancelledAt: null },
      { id: "d2", requestedAt: at(2 * H), arrivedAt: null, cancelledAt: at(3 * H) },
      { id: "d3", requestedAt: at(2 * H), arrivedAt: at(5 * H), cancelledAt: null },
    ];
    const v = evaluateSla(facts({ dispatches }), at(6 * H));
    expect(v.deadlines.map((x) => x.name)).toEqual(["firstContact", "solution", "onsite:d1", "onsite:d3"]);
    expect(d(v, "onsite:d1").dueAt).toEqual(at(6 * H));
    expect(d(v, "onsite:d1").state).toBe("breached");
    expect(d(v, "onsite:d3").state).toBe("met");
  });

  it("nextDueAt is the earliest future step or deadline", () => {
    expect(evaluateSla(facts(), T0).nextDueAt).toEqual(at(H));
    expect(evaluateSla(facts({ firstContactAt: at(10 * M) }), at(10 * M)).nextDueAt).toEqual(at(2 * H));
    expect(evaluateSla(facts({ firstContactAt: at(10 * M) }), at(2 * H)).nextDueAt).toEqual(at(8 * H));
  });
});

describe("calendars", () => {
  it("24x7: due = start + target", () => {
    expect(instantAfter(ALWAYS, [], 1000, 5000)).toBe(6000);
    expect(instantAfter(ALWAYS, [], 1000, 0)).toBe(1000);
    expect(runningMs(ALWAYS, [], 1000, 6000)).toBe(5000);
  });

  it("Beijing office hours: a report on Friday 17:00 is due Monday 09:00 for a one-hour target", () => {
    const fri1700 = Date.parse("2026-03-06T09:00:00.000Z");
    expect(new Date(instantAfter(BEIJING_OFFICE_HOURS, [], fri1700, H)!).toISOString()).toBe("2026-03-09T01:00:00.000Z");
    const v = evaluateSla(facts({ createdAt: new Date(fri1700), calendar: BEIJING_OFFICE_HOURS }), new Date("2026-03-08T12:00:00.000Z"));
    expect(v.deadlines[0]!.state).toBe("running");
    expect(v.elapsedMs).toBe(30 * M);
  });

  it("holidays are skipped", () => {
    const cal = businessCalendar({ openMinute: 9 * 60, closeMinute: 17 * 60, days: [1, 2, 3, 4, 5], utcOffsetMinutes: 480, holidays: ["2026-03-09"] });
    const fri1630 = Date.parse("2026-03-06T08:30:00.000Z");
    expect(new Date(instantAfter(cal, [], fri1630, H)!).toISOString()).toBe("2026-03-10T01:30:00.000Z");
  });

  it("subtract removes stops from windows, open stops to infinity", () => {
    expect(subtract([[0, 100]], [[10, 20], [50, Infinity]])).toEqual([[0, 10], [20, 50]]);
    expect(subtract([[0, 10], [20, 30]], [[5, 25]])).toEqual([[0, 5], [25, 30]]);
    expect(subtract([[0, 10]], [])).toEqual([[0, 10]]);
  });

  // A seeded generator, so a failure names a reproducible case.
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  }

  for (const cal of [ALWAYS, BEIJING_OFFICE_HOURS] as Calendar[]) {
    it(`${cal.id}: for 300 random pause sets, the due instant is exactly where the SLA time reaches the target`, () => {
      const r = rng(cal.id.length * 7919);
      for (let i = 0; i < 300; i++) {
        const start = T0.getTime() + Math.floor(r() * 7 * 24) * H + Math.floor(r() * 60) * M;
        const stops: Span[] = [];
        let t = start;
        for (let k = 0; k < Math.floor(r() * 4); k++) {
          t += Math.floor(r() * 10 * H);
          const len = Math.floor(r() * 5 * H) + M;
          stops.push([t, t + len]);
          t += len;
        }
        const target = (Math.floor(r() * 30) + 1) * H;
        const due = instantAfter(cal, stops, start, target)!;
        expect(due, `case ${i}`).not.toBeNull();
        expect(runningMs(cal, stops, start, due), `case ${i}`).toBe(target);
        expect(runningMs(cal, stops, start, due - 1), `case ${i}`).toBeLessThan(target);
      }
    });
  }

  it("an open pause makes a target unreachable", () => {
    expect(instantAfter(ALWAYS, [[2000, Infinity]], 1000, 5000)).toBeNull();
    expect(instantAfter(ALWAYS, [[2000, Infinity]], 1000, 1000)).toBe(2000);
  });
});

describe("job plan", () => {
  it("schedules pending and due steps, cancels paused and other-severity steps, leaves fired ones alone", () => {
    const f = facts({ firedSteps: [{ severity: "critical", step: 1, firedAt: at(2 * H) }] });
    const plan = jobPlan("inc1", DEFAULT_LADDER, evaluateSla(f, at(9 * H)));
    const esc = plan.filter((p) => p.kind === JOB_ESCALATE);
    expect(esc.find((p) => p.key === "inc1:critical:1")).toBeUndefined();
    expect(esc.find((p) => p.key === "inc1:critical:2")!.dueAt).toEqual(at(8 * H)); // due, not yet run
    expect(esc.find((p) => p.key === "inc1:critical:3")!.dueAt).toEqual(at(12 * H));
    expect(esc.filter((p) => !p.key.includes(":critical:")).every((p) => p.dueAt === null)).toBe(true);
    expect(esc).toHaveLength(DEFAULT_LADDER.length - 1);

    const paused = jobPlan("inc1", DEFAULT_LADDER, evaluateSla({ ...f, pauses: [{ from: at(9 * H), to: null }] }, at(10 * H)));
    expect(paused.find((p) => p.key === "inc1:critical:3")!.dueAt).toBeNull();
    expect(paused.find((p) => p.key === "inc1:critical:2")!.dueAt).toEqual(at(8 * H));
  });

  it("deadline jobs: running and breached are scheduled at their due time, met and paused are cancelled", () => {
    const v = evaluateSla(facts({ firstContactAt: at(10 * M) }), at(25 * H));
    const dl = jobPlan("inc2", DEFAULT_LADDER, v).filter((p) => p.kind === JOB_DEADLINE);
    expect(dl).toEqual([
      { kind: JOB_DEADLINE, key: "inc2:firstContact", dueAt: null },
      { kind: JOB_DEADLINE, key: "inc2:solution", dueAt: at(24 * H) },
    ]);
  });
});
