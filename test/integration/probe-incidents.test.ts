/**
 * Health probes as `serve` runs them — scheduler jobs worked tick by tick on a
 * fake clock — feeding the real support desk: the key store failing (the HSM
 * goes away) opens ONE critical system incident for the CA, further failing
 * runs and the CA issuance probe join it instead of opening more, the mail
 * relay going down (a real SMTP server stopped) opens a general one for mail,
 * the public status page follows, and recovery resolves both. The history
 * keeps every run.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/app/clock.js";
import { seedPkiDemo } from "../../src/app/demo-seed-pki.js";
import { AppError } from "../../src/shared/errors.js";
import type { Incident } from "../../src/support/support.types.js";
import { opsSystem, type OpsSystem } from "../helpers/ops.js";

const SLOW = 600_000;

function smtpServer(): SMTPServer {
  return new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], onData: (s, _x, cb) => s.on("end", () => cb()).resume() });
}

describe("probes on the scheduler open and resolve support-desk incidents", () => {
  let sys: OpsSystem;
  let smtp: SMTPServer;
  let smtpPort: number;
  const started = new Date("2026-03-02T01:00:00.000Z");

  beforeAll(async () => {
    smtp = smtpServer();
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    sys = await opsSystem({ overrides: { smtpRelayUrl: `smtp://127.0.0.1:${smtpPort}`, probeFailuresBeforeIncident: 2 } });
    await seedPkiDemo(sys.c.pki);
    await sys.c.store.tx((r) => sys.c.ops.armJobs(r));
  }, SLOW);
  afterAll(async () => {
    await sys?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  /** What the serve loop does, minute by minute. */
  async function runMinutes(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await sys.c.scheduler.tick(sys.clock.now());
      sys.clock.advance(MINUTE);
    }
  }
  const systemIncidents = async (): Promise<Incident[]> => (await sys.c.support.queries.list({ limit: 100 })).items.filter((i) => i.channel === "health-probe");
  const openFor = async (component: string) => (await systemIncidents()).filter((i) => i.component === component && !["resolved", "closed"].includes(i.status));

  it("a healthy system: every probe runs on the scheduler, no incident", async () => {
    await runMinutes(1);
    const states = await sys.c.health.states();
    expect(states.map((s) => `${s.probe} ${s.status}`).sort()).toEqual(sys.c.health.probes.map((p) => `${p.id} ok`).sort());
    expect(states.find((s) => s.probe === "mail.relay")?.lastDetail).toBe(`relay 127.0.0.1:${smtpPort} accepted the handshake`);
    expect(await systemIncidents()).toEqual([]);
  }, SLOW);

  it("the HSM goes away: one critical CA incident, deduplicated; the mail relay goes down: a general mail incident; recovery resolves both", async () => {
    const keys = sys.c.pki.keys;
    const realSigner = keys.signer.bind(keys);
    keys.signer = async () => {
      throw new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: "token removed" });
    };
    // A pulled token invalidates its sessions: the CA's cached signer handles go with it.
    const caSigners = (sys.c.pki.ca as unknown as { signers: Map<string, unknown> }).signers;
    caSigners.clear();
    try {
      await runMinutes(1);
      expect(await openFor("ca")).toEqual([]); // one failure is not an incident yet
      await runMinutes(1);
      const [ca] = await openFor("ca");
      expect(ca).toMatchObject({ severity: "critical", subFault: "hw-service-down", systemOpenComponent: "ca" });
      expect(ca!.description).toContain("PKI_KEY_STORE_UNAVAILABLE");
      // The status page shows the CA down, from the live probe state.
      const page = await sys.c.support.status.publicStatus();
      expect(page.components.find((c) => c.id === "ca")?.state).toBe("outage");

      // 35 more minutes: the key-store probe keeps failing, and the 15-minute issuance probe fails twice,
      // which would open an incident for the CA: it joins the open one instead.
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await runMinutes(35);
      expect((await sys.c.health.states()).find((s) => s.probe === "ca.issue")).toMatchObject({ status: "failing", consecutiveFailures: 2, incidentOpen: true });
      const caOpen = await openFor("ca");
      expect(caOpen.map((i) => i.incidentNo)).toEqual([ca!.incidentNo]);
      const detail = await sys.c.support.queries.detail(ca!.incidentNo);
      expect(detail.events.filter((e) => e.type === "probe_repeated").length).toBeGreaterThanOrEqual(1);

      const [mail] = await openFor("mail");
      expect(mail).toMatchObject({ severity: "general", systemOpenComponent: "mail" });
      expect(mail!.description).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      keys.signer = realSigner;
    }

    // The HSM is back: the key store recovers at once, but the CA incident waits for the issuance probe too.
    await runMinutes(2);
    expect((await sys.c.health.states()).find((s) => s.probe === "keystore.sign")?.status).toBe("ok");
    smtp = smtpServer();
    await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
    await runMinutes(16);
    expect(await openFor("ca")).toEqual([]);
    expect(await openFor("mail")).toEqual([]);
    const all = await systemIncidents();
    // Exactly two incidents over the whole outage, both resolved automatically (and closed: not major).
    expect(all.map((i) => `${i.component} ${i.severity} ${i.status}`).sort()).toEqual(["ca critical closed", "mail general closed"]);
    expect(all.every((i) => i.resolvedAt !== null)).toBe(true);
    expect((await sys.c.support.status.publicStatus()).components.find((c) => c.id === "ca")?.state).toBe("operational");

    // History: every run of the key-store probe, failing and recovered, one a minute.
    const hist = await sys.c.health.history("keystore.sign", started);
    expect(hist.length).toBe(1 + 37 + 18);
    expect(hist.filter((h) => !h.ok).length).toBe(37);
    expect(hist.at(-1)?.ok).toBe(true);
    // Each transition is audit-logged.
    const audit = await sys.c.store.read.audit.list({ action: "ops.probe.", limit: 50 });
    expect(audit.filter((e) => e.subject === "probe:keystore.sign").map((e) => e.action)).toEqual(expect.arrayContaining(["ops.probe.failing", "ops.probe.recovered"]));
  }, SLOW);
});
