/**
 * Deadlines and the escalation ladder worked by the real scheduler on a real
 * database with a fake clock: every step fires at exactly its time and once,
 * a pause shifts them, a restart mid-ladder (a new container on the same
 * database) loses none, and two scheduler instances (on PostgreSQL, two
 * connection pools) never notify twice.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock, HOUR, MINUTE } from "../../src/app/clock.js";
import { loadConfig } from "../../src/app/config.js";
import { createContainer, type Container } from "../../src/app/container.js";
import { staffActor } from "../../src/support/desk-context.js";
import { testDatabasePair } from "../helpers/db.js";
import { TEST_PASSWORD } from "../helpers/app.js";
import { DESK_STAFF } from "../helpers/support.js";

const T0 = Date.parse("2026-03-02T01:00:00.000Z");

describe("SLA deadlines and escalation ladder (scheduler, fake clock)", () => {
  let pair: Awaited<ReturnType<typeof testDatabasePair>>;
  const clock = new FakeClock(new Date(T0));
  let c1: Container;
  let c2: Container;
  const desk = staffActor("desk1", ["service_desk"]);

  const container = async (dbh: typeof pair.a) =>
    createContainer(loadConfig({ env: {}, cwd: "/nonexistent", overrides: { logLevel: "silent" } }), { clock, dbh, log: pino({ level: "silent" }) });

  beforeAll(async () => {
    pair = await testDatabasePair();
    c1 = await container(pair.a);
    c2 = await container(pair.b);
    for (const u of DESK_STAFF) await c1.staff.create({ username: u.username, displayName: u.username, roles: [u.role], email: u.email, password: TEST_PASSWORD }, "system:test");
    // A second customer manager: a step notifies everyone holding its role.
    await c1.staff.create({ username: "cm2", displayName: "cm2", roles: ["customer_manager"], email: null, password: TEST_PASSWORD }, "system:test");
  }, 180_000);
  afterAll(async () => {
    await c1?.close();
    await c2?.close();
    await pair?.close();
  });

  const newIncident = async (c: Container, severity: "critical" | "serious" | "general", over: Record<string, unknown> = {}) => {
    const impact = severity === "critical" ? "wide" : severity === "serious" ? "partial" : "minor";
    const urgency = severity === "critical" ? "high" : "medium";
    return c.support.create(
      {
        channel: "phone",
        reporter: { kind: "bidder", name: "测试竞买人", phone: null, email: null, org: null, certificateSerial: null, tokenSerial: null },
        description: `${severity} test incident`,
        subFault: "sw-cert-error-under-load",
        impact,
        urgency,
        ...over,
      },
      desk,
    );
  };
  const fired = async (incidentId: string) => (await c1.store.read.escalations.fired([incidentId])).map((f) => `${f.severity}:${f.step}:${f.role}`);
  const at = (ms: number) => clock.set(new Date(T0 + ms));
  const escalationNotes = async (username: string, incidentId: string) =>
    (await c1.store.read.escalations.notifications(username, { limit: 500 })).filter((n) => n.kind === "incident.escalated" && n.incidentId === incidentId);

  it("critical: each step fires at exactly its time (not a millisecond before), notifies its role in-app and by e-mail, once", async () => {
    at(0);
    const inc = await newIncident(c1, "critical");
    expect(inc.severity).toBe("critical");
    const expected = [
      [2, "customer_manager", ["cm1", "cm2"]],
      [8, "tech_support_manager", ["tsm1"]],
      [12, "cto", ["cto1"]],
      [24, "president", ["pres1"]],
    ] as const;
    for (const [i, [hours, role, people]] of expected.entries()) {
      at(hours * HOUR - 1);
      await c1.scheduler.drain();
      expect(await fired(inc.id), `${hours} h − 1 ms`).toHaveLength(i);
      at(hours * HOUR);
      await c1.scheduler.drain();
      expect(await fired(inc.id), `${hours} h`).toHaveLength(i + 1);
      expect((await fired(inc.id))[i]).toBe(`critical:${i + 1}:${role}`);
      const rec = (await c1.store.read.escalations.fired([inc.id]))[i]!;
      expect(rec.firedAt.getTime()).toBe(T0 + hours * HOUR);
      expect([...rec.notified].sort()).toEqual([...people]);
      for (const p of people) expect(await escalationNotes(p, inc.id)).toHaveLength(1);
      // Again, and later: nothing more.
      await c1.scheduler.drain();
      at(hours * HOUR + 10 * MINUTE);
      await c1.scheduler.drain();
      expect(await fired(inc.id)).toHaveLength(i + 1);
      for (const p of people) expect(await escalationNotes(p, inc.id)).toHaveLength(1);
    }
    // Mail: one per step per person with an address (cm2 has none); no relay → kept as not sent.
    const mails = (await c1.store.read.mail.listOutbox({ incidentId: inc.id, limit: 50 })).filter((m) => m.subject.includes("Escalation"));
    expect(mails.map((m) => m.to).sort()).toEqual(["cm1@landtrade.test", "cto1@landtrade.test", "pres1@landtrade.test", "tsm1@landtrade.test"]);
    expect(mails.every((m) => m.status === "not_sent" && m.subject.startsWith(`[${inc.incidentNo}]`))).toBe(true);
    // Deadline breaches were recorded when they happened (first contact at 1 h, solution at 24 h), once each.
    const events = await c1.store.read.incidents.events(inc.id);
    // (Recorded by the first tick after each due time: this test ticked at 2 h − 1 ms and at 24 h.)
    expect(events.filter((e) => e.type === "sla_breached").map((e) => [e.data.deadline, Date.parse(e.data.dueAt as string) - T0, e.at.getTime() - T0])).toEqual([
      ["firstContact", HOUR, 2 * HOUR - 1],
      ["solution", 24 * HOUR, 24 * HOUR],
    ]);
    expect(events.filter((e) => e.type === "escalated")).toHaveLength(4);
    const detail = await c1.support.queries.detail(inc.incidentNo);
    expect(detail.incident.escalationLevel).toBe(4);
    expect(detail.incident.breached).toBe(true);
  });

  it("resolving stops the ladder: later steps never fire", async () => {
    at(0);
    const inc = await newIncident(c1, "serious");
    at(8 * HOUR);
    await c1.scheduler.drain();
    expect(await fired(inc.id)).toEqual(["serious:1:customer_manager"]);
    at(9 * HOUR);
    await c1.support.workflow.answer(inc.incidentNo, desk, { answer: "已解决" });
    at(30 * HOUR);
    await c1.scheduler.drain();
    expect(await fired(inc.id)).toEqual(["serious:1:customer_manager"]);
    expect(await c1.scheduler.list({ kind: "support.escalate", keyPrefix: inc.id, state: "open" })).toEqual([]);
  });

  it("a pause while waiting on the customer shifts the ladder by its length", async () => {
    at(0);
    const inc = await newIncident(c1, "general");
    at(6 * HOUR);
    await c1.support.workflow.pause(inc.incidentNo, desk, { reason: "等待客户提供日志" });
    at(13 * HOUR);
    await c1.scheduler.drain();
    expect(await fired(inc.id)).toEqual([]); // 12 h passed on the wall, 6 h on the SLA clock
    at(10 * HOUR + 7 * HOUR); // resumed after 11 h of pause
    await c1.support.workflow.resume(inc.incidentNo, desk);
    // Step 1 (12 h) is now due at 12 + 11 = 23 h; step 2 (24 h) at 35 h.
    const jobs = await c1.scheduler.list({ kind: "support.escalate", keyPrefix: `${inc.id}:general`, state: "open" });
    expect(jobs.map((j) => (j.dueAt.getTime() - T0) / HOUR)).toEqual([23, 35]);
    at(23 * HOUR - 1);
    await c1.scheduler.drain();
    expect(await fired(inc.id)).toEqual([]);
    at(23 * HOUR);
    await c1.scheduler.drain();
    expect(await fired(inc.id)).toEqual(["general:1:customer_manager"]);
    at(35 * HOUR);
    await c1.scheduler.drain();
    expect(await fired(inc.id)).toEqual(["general:1:customer_manager", "general:2:tech_support_manager"]);
  });

  it("a restart mid-ladder (a new container on the same database) loses no step and repeats none", async () => {
    at(0);
    const inc = await newIncident(c1, "critical");
    at(2 * HOUR);
    await c1.scheduler.drain();
    expect(await fired(inc.id)).toHaveLength(1);
    // The old process is gone; a new one starts on the same database (new scheduler, new worker id).
    const c3 = await container(pair.a);
    try {
      at(12 * HOUR);
      await c3.scheduler.drain();
      expect(await fired(inc.id)).toEqual(["critical:1:customer_manager", "critical:2:tech_support_manager", "critical:3:cto"]);
      at(24 * HOUR);
      await c3.scheduler.drain();
      await c1.scheduler.drain();
      expect(await fired(inc.id)).toHaveLength(4);
      expect(await escalationNotes("cm1", inc.id)).toHaveLength(1);
      expect(await escalationNotes("pres1", inc.id)).toHaveLength(1);
    } finally {
      await c3.close();
    }
  });

  it("two scheduler instances working the same rows never notify twice", async () => {
    at(0);
    const incidents = [];
    for (let i = 0; i < 12; i++) incidents.push(await newIncident(i % 2 ? c1 : c2, "critical"));
    at(25 * HOUR);
    for (let round = 0; round < 30; round++) {
      const [a, b] = await Promise.all([c1.scheduler.tick(), c2.scheduler.tick()]);
      if (a.claimed + b.claimed === 0) break;
    }
    for (const inc of incidents) {
      expect(await fired(inc.id)).toHaveLength(4);
      for (const p of ["cm1", "cm2", "tsm1", "cto1", "pres1"]) expect(await escalationNotes(p, inc.id), `${inc.incidentNo} ${p}`).toHaveLength(1);
      const mails = (await c1.store.read.mail.listOutbox({ incidentId: inc.id, limit: 50 })).filter((m) => m.subject.includes("Escalation"));
      expect(mails).toHaveLength(4);
      const breaches = (await c1.store.read.incidents.events(inc.id)).filter((e) => e.type === "sla_breached");
      expect(breaches).toHaveLength(2);
    }
    expect(c1.scheduler.workerId).not.toBe(c2.scheduler.workerId);
  });

  it("the managers' view lists who was notified for what, and the incidents at risk", async () => {
    const v = await c1.support.queries.escalations();
    expect(v.fired.length).toBeGreaterThan(0);
    expect(v.fired[0]).toMatchObject({ incidentNo: expect.stringMatching(/^INC-/), notified: expect.any(Array) });
    expect(v.atRisk.every((i) => i.sla.atRisk || i.sla.breached || i.major)).toBe(true);
    expect(v.ladder).toHaveLength(9);
  });

  it("the ladder is data: a manager changes it (audited) and open incidents are re-planned", async () => {
    at(0);
    const inc = await newIncident(c1, "general");
    await expect(c1.support.queries.setLadder(staffActor("tsm1", ["tech_support_manager"]), "general", [{ afterMinutes: 60, role: "cto" }, { afterMinutes: 30, role: "president" }], "x")).rejects.toMatchObject({
      code: "SUPPORT_LADDER_INVALID",
    });
    await c1.support.queries.setLadder(staffActor("tsm1", ["tech_support_manager"]), "general", [{ afterMinutes: 30, role: "cto" }], "一般事件也需尽快上报技术总裁");
    const jobs = await c1.scheduler.list({ kind: "support.escalate", keyPrefix: `${inc.id}:general`, state: "open" });
    expect(jobs.map((j) => (j.dueAt.getTime() - T0) / MINUTE)).toEqual([30]);
    at(30 * MINUTE);
    await c1.scheduler.drain();
    expect(await fired(inc.id)).toEqual(["general:1:cto"]);
    const audit = await c1.store.read.audit.list({ action: "support.ladder.update", limit: 5 });
    expect(audit[0]!.payload).toMatchObject({ reason: "一般事件也需尽快上报技术总裁", after: [[30, "cto"]] });
  });
});
