/**
 * The ops dashboard in Chromium against a real server with demo data (first
 * probe runs and audit anchor from the ops demo seed, real security-service
 * calls): components and probes with live status, history charts that grow
 * when a probe runs (by the button, and by polling when a probe runs
 * elsewhere), this node as the leader, a backup made and verified from the
 * page, security statistics by function and code, the audit anchor; English
 * and phone layouts; a non-ops role does not see the area.
 * Screenshots go to test-results/screenshots/ops-*.png.
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../src/app/demo-seed.js";
import { login as apiLogin } from "../helpers/app.js";
import { HAS_CHROMIUM, PHONE, startBrowserSystem, type BrowserSystem } from "../helpers/browser.js";

describe.skipIf(!HAS_CHROMIUM)("ops dashboard (Chromium)", () => {
  let s: BrowserSystem;
  beforeAll(async () => {
    s = await startBrowserSystem({
      prefix: "ops",
      shotPrefix: "ops",
      pageTimeout: 15_000,
      seed: async (c) => {
        const r = await seedDemo(c, { ops: true, incidents: false, trading: false });
        expect(r.ops?.probesRun).toHaveLength(c.health.probes.length);
        expect(r.ops?.anchored).toBe(true);
        // What `serve` does before listening: the node registers with its heartbeat.
        await c.cluster.beat();
      },
    });
    // Real security-service calls through the API: three good validations, one garbage CMS, one unknown function.
    const ops = await apiLogin(s.app, "ops", DEMO_PASSWORD);
    const h = { cookie: ops.cookie, "x-csrf-token": ops.csrf };
    const cert = (await s.c.pki.ca.find({ subject: "CN=trade.csgtzy.example.cn", limit: 1 }))[0]!;
    for (let i = 0; i < 3; i++) {
      const r = await s.app.inject({ method: "POST", url: "/api/security/validate", headers: h, payload: { certificate: Buffer.from(cert.certDer!).toString("base64") } });
      expect(r.statusCode, r.body).toBe(200);
    }
    await s.app.inject({ method: "POST", url: "/api/security/verify", headers: h, payload: { cms: Buffer.from("not a CMS").toString("base64") } });
    await s.app.inject({ method: "POST", url: "/api/security/teleport", headers: h, payload: {} });
  }, 300_000);
  afterAll(() => s?.close());
  const newPage = (o?: BrowserContextOptions) => s.newPage(o);
  const login = (page: Page, username: string) => s.login(page, username);
  const shot = (page: Page, name: string) => s.shot(page, name);
  const overflow = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
  const chartRuns = async (page: Page, probe: string) => Number(await page.locator(`[data-testid="ops-history-chart"][data-probe="${probe}"]`).getAttribute("data-runs"));
  const waitRuns = (page: Page, probe: string, n: number) => page.locator(`[data-testid="ops-history-chart"][data-probe="${probe}"][data-runs="${n}"]`).waitFor({ timeout: 30_000 });

  it("ops sees components, probes with history, this node as leader, security statistics and the anchor; runs a probe now", async () => {
    const page = await newPage();
    await login(page, "ops");
    expect(new URL(page.url()).pathname).toBe("/ops");
    await page.getByTestId("ops-area").waitFor();

    // Components: the six, all checked by the seed's probe runs and operational.
    const tiles = page.getByTestId("ops-component");
    await tiles.first().waitFor();
    expect(await tiles.count()).toBe(6);
    const states = await tiles.evaluateAll((els) => els.map((e) => `${e.getAttribute("data-component")}=${e.getAttribute("data-state")}`));
    expect(states.sort()).toEqual(["ca=operational", "mail=skipped", "ocsp=operational", "security-service=operational", "trading=operational", "tsa=operational"]);
    expect(await page.locator('[data-testid="ops-component"][data-component="ca"]').textContent()).toContain("CA 签发");

    // Probes: every one has a row; the ones that apply are OK with a latency and a history chart.
    expect(await page.getByTestId("ops-probe-row").count()).toBe(s.c.health.probes.length);
    const ocsp = page.locator('[data-testid="ops-probe-row"][data-probe="ocsp.answer"]');
    expect(await ocsp.getAttribute("data-status")).toBe("ok");
    expect(await ocsp.getByTestId("ops-probe-latency").textContent()).toMatch(/^\d+(\.\d)? 毫秒$/);
    expect(await ocsp.getByTestId("ops-probe-detail").textContent()).toMatch(/good/);
    expect(await page.locator('[data-testid="ops-probe-row"][data-probe="mail.relay"]').getAttribute("data-status")).toBe("skipped");
    await waitRuns(page, "db.latency", 1);
    expect(await page.locator('[data-testid="ops-history-chart"][data-probe="db.latency"] rect').count()).toBe(1);

    // Node roles: single node, this one, leader.
    const node = page.getByTestId("ops-node");
    expect(await node.count()).toBe(1);
    expect(await node.getAttribute("data-state")).toBe("leader");
    expect(await node.getAttribute("data-self")).toBe("true");
    expect(await node.getByTestId("ops-node-role").textContent()).toBe("主节点");
    expect(await page.getByTestId("ops-nodes-mode").textContent()).toContain("单节点模式");

    // Security statistics from the call log.
    const validate = page.locator('[data-testid="ops-security-fn"][data-fn="validate"]');
    expect(await validate.getAttribute("data-calls")).toBe("3");
    expect(await validate.getAttribute("data-errors")).toBe("0");
    expect(await page.locator('[data-testid="ops-security-code"][data-code="SEC_FUNCTION_UNKNOWN"]').getAttribute("data-calls")).toBe("1");
    expect(Number(await page.getByTestId("ops-security").getAttribute("data-errors"))).toBe(2);

    // Audit chain head and the seed's anchor.
    expect(Number(await page.getByTestId("ops-audit-head").getAttribute("data-seq"))).toBeGreaterThan(0);
    expect(await page.getByTestId("ops-anchor-last").textContent()).toContain("system:demo-seed");
    expect(["current", "pending"]).toContain(await page.getByTestId("ops-anchor-state").getAttribute("data-state"));
    await page.getByTestId("audit-verify").click();
    expect(await page.getByTestId("audit-verify-result").getAttribute("data-ok")).toBe("true");

    // No backup yet: said plainly.
    await page.getByTestId("ops-backup-none").waitFor();
    await page.getByTestId("ops-backup-stale").waitFor();

    // Run now: the notice, then the chart has one more bar.
    const row = page.locator('[data-testid="ops-probe-row"][data-probe="db.latency"]');
    const before = await chartRuns(page, "db.latency");
    await row.getByTestId("ops-probe-run").click();
    expect(await page.getByTestId("ops-probe-notice").textContent()).toMatch(/数据库.*正常/);
    await waitRuns(page, "db.latency", before + 1);

    // A probe run elsewhere (the scheduler on this node) shows up by polling alone.
    const crl = await chartRuns(page, "crl.fresh");
    await s.c.health.runNow("crl.fresh");
    await waitRuns(page, "crl.fresh", crl + 1);
    await shot(page, "desktop-zh");
  });

  it("makes a backup and verifies it from the page: verified, by whom", async () => {
    const page = await newPage();
    await login(page, "ops");
    await page.getByTestId("ops-backup").waitFor();
    await page.getByTestId("ops-backup-create").click();
    await page.getByTestId("ops-backup-notice").waitFor({ timeout: 120_000 });
    await page.getByTestId("ops-backup-latest").waitFor();
    expect(await page.getByTestId("ops-backup-latest-verify").textContent()).toContain("尚未校验");
    await page.getByTestId("ops-backup-verify").click();
    await page.locator('[data-testid="ops-backup-latest"][data-verified="true"]').waitFor({ timeout: 180_000 });
    const verified = await page.getByTestId("ops-backup-latest-verify").textContent();
    expect(verified).toContain("校验通过");
    expect(verified).toContain("staff:ops");
    expect(await page.getByTestId("ops-backup-stale").count()).toBe(0);
    // The record is the server's, not the page's.
    const rec = (await s.c.store.read.backups.list(1))[0]!;
    expect(rec.verifyOk).toBe(true);
    expect(await page.getByTestId("ops-backup-latest").getAttribute("data-backup")).toBe(rec.id);
    await shot(page, "backup-zh");
  }, 300_000);

  it("English and phone layouts hold (no sideways scrolling)", async () => {
    const desk = await newPage();
    await login(desk, "ops");
    await desk.getByTestId("ops-probes").waitFor();
    await desk.getByTestId("lang-switch").click();
    await desk.waitForFunction("document.documentElement.lang === 'en'");
    expect(await desk.getByTestId("ops-node-role").textContent()).toBe("Leader");
    expect(await desk.locator('[data-testid="ops-component"][data-component="tsa"]').textContent()).toContain("Time-stamp authority");
    await shot(desk, "desktop-en");

    const phone = await newPage(PHONE);
    await login(phone, "ops");
    await phone.getByTestId("ops-probes").waitFor();
    await phone.locator('[data-testid="ops-history-chart"]').first().waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, "phone-zh");
    await phone.getByTestId("lang-switch").click();
    await phone.waitForFunction("document.documentElement.lang === 'en'");
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, "phone-en");
  });

  it("a non-ops role does not see the area and is refused its API", async () => {
    const page = await newPage();
    await login(page, "desk");
    expect(await page.getByTestId("nav-ops").count()).toBe(0);
    await page.goto("/ops");
    await page.getByTestId("no-access").waitFor();
    expect(await page.getByTestId("ops-area").count()).toBe(0);
    const r = await page.request.get("/api/ops/overview");
    expect(r.status()).toBe(403);
  });
});
