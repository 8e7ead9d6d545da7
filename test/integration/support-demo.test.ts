/** The demo desk: a realistic mix, created through the real services, idempotently. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/app/demo-seed.js";
import { STATUSES } from "../../src/support/taxonomy.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";

describe("support demo data", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await startTestSystem();
  }, 180_000);
  afterAll(() => s.close());

  it("covers every status, severity and main channel, with breaches, escalations and one major incident awaiting review; a second run adds nothing", async () => {
    const first = await seedDemo(s.c);
    expect(first.incidents).toBeGreaterThanOrEqual(12);
    const { items } = await s.c.support.queries.list({ limit: 500 });
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(STATUSES));
    expect(new Set(items.map((i) => i.severity))).toEqual(new Set(["critical", "serious", "general"]));
    expect(new Set(items.map((i) => i.channel))).toEqual(new Set(["web", "email", "phone", "on-site", "health-probe"]));
    expect(items.filter((i) => i.sla.breached).length).toBeGreaterThanOrEqual(2);
    const majors = items.filter((i) => i.major);
    expect(majors).toHaveLength(1);
    expect(majors[0]).toMatchObject({ status: "resolved", reviewDoneAt: null });
    expect(items.some((i) => i.sla.paused)).toBe(true);
    const esc = await s.c.support.queries.escalations();
    expect(esc.fired.length).toBeGreaterThanOrEqual(2);
    expect((await s.c.support.queries.archive("0x8010", 10)).length).toBe(1);
    const status = await s.c.support.status.publicStatus();
    expect(status.incidents.map((i) => i.major || i.component === "ocsp")).not.toContain(false);
    expect(status.components.find((c) => c.id === "ocsp")!.state).toBe("degraded");
    expect((await s.c.audit.verify(s.c.store.read.audit)).ok).toBe(true);

    const second = await seedDemo(s.c);
    expect(second).toMatchObject({ created: [], incidents: 0 });
    expect((await s.c.support.queries.list({ limit: 500 })).total).toBe(items.length);
  });
});
