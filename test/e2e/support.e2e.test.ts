/**
 * The support desk in a real browser against a real server with demo data:
 * the handover round trip of seed §4.1.2 (desk records an incident and a
 * handover list → tech support accepts, tracks, solves, returns → the desk
 * confirms and files it → the archive search finds it), the managers'
 * escalation view and reports, the public status page without login, and
 * the phone layout. Screenshots go to test-results/screenshots/support-*.png.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.js";
import { createContainer, ROOT_DIR, type Container } from "../../src/app/container.js";
import { DEMO_PASSWORD, seedDemo } from "../../src/app/demo-seed.js";
import { buildWeb, webBuildNeeded } from "../../src/cli/web-build.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import type { DbHandle } from "../../src/storage/db.js";
import { testDatabase } from "../helpers/db.js";

const CHROMIUM = process.env.LANDTRADE_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT_DIR, "test-results/screenshots");
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 860 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe.skipIf(!existsSync(CHROMIUM))("support desk (Chromium)", () => {
  let dbh: DbHandle;
  let container: Container;
  let app: LandtradeApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [, db] = await Promise.all([webBuildNeeded() ? buildWeb() : Promise.resolve(), testDatabase()]);
    dbh = db;
    const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { port: 0, logLevel: "silent" } });
    container = await createContainer(config, { dbh });
    const seeded = await seedDemo(container);
    expect(seeded.incidents).toBeGreaterThan(10);
    app = await buildApp(container);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await container?.close();
    await dbh?.close();
  });

  async function newPage(opts: BrowserContextOptions = DESKTOP): Promise<Page> {
    const ctx = await browser.newContext({ ...opts, baseURL: base });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  async function login(page: Page, username: string): Promise<void> {
    await page.goto("/");
    await page.getByTestId("login-username").fill(username);
    await page.getByTestId("login-password").fill(DEMO_PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("user-name").waitFor();
  }

  async function logout(page: Page): Promise<void> {
    await page.getByTestId("logout").click();
    await page.getByTestId("login-form").waitFor();
  }

  /** Opens an action's form, fills its fields, submits, waits for the done notice. */
  async function act(page: Page, id: string, fields: Record<string, string> = {}): Promise<void> {
    await page.getByTestId(`act-${id}`).click();
    for (const [name, value] of Object.entries(fields)) {
      const el = page.getByTestId(`act-${id}-${name}`);
      if ((await el.evaluate((e) => e.tagName)) === "SELECT") await el.selectOption(value);
      else await el.fill(value);
    }
    await page.getByTestId(`act-${id}-submit`).click();
    await page.getByTestId("action-notice").waitFor();
  }

  /** Waits until the incident page shows this status (the page reloads after each action). */
  const status = async (page: Page, want: string) => {
    await page.locator(`[data-testid=incident-page][data-status=${want}]`).waitFor();
    return want;
  };
  const overflow = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `support-${name}.png`), fullPage: true });

  let incidentNo = "";

  it("handover round trip: desk → tech support → desk → archive", { timeout: 240_000 }, async () => {
    const page = await newPage();
    await login(page, "desk");
    // The desk lands on its queue, full of demo incidents.
    await page.waitForURL("**/support/desk");
    await page.getByTestId("incident-row").first().waitFor();
    expect(await page.getByTestId("incident-row").count()).toBeGreaterThan(3);
    await shot(page, "desk-queue-zh");

    // A phone log: the severity definitions are on screen, the suggestion follows impact × urgency.
    await page.getByTestId("tab-new").click();
    await page.getByTestId("new-name").fill("望城区某置业公司 杨经理");
    await page.getByTestId("new-phone").fill("13900000009");
    await page.getByTestId("new-cert").fill("9C0FFEE1");
    await page.getByTestId("new-subfault").selectOption("cl-cert-login");
    await page.getByTestId("new-description").fill("证书登录时提示“证书链不完整”，浏览器为 Edge，编号 E2E-回归-4711。");
    await page.getByTestId("new-impact").selectOption("partial");
    await page.getByTestId("new-urgency").selectOption("high");
    expect(await page.getByTestId("new-suggested").getAttribute("data-severity")).toBe("critical");
    await page.getByTestId("new-urgency").selectOption("low");
    expect(await page.getByTestId("new-suggested").getAttribute("data-severity")).toBe("general");
    expect(await page.getByTestId("new-suggested").textContent()).toContain("公众服务由于安全原因停止服务");
    await shot(page, "new-incident-zh");
    await page.getByTestId("new-submit").click();
    await page.getByTestId("incident-page").waitFor();
    incidentNo = (await page.getByTestId("incident-page").getAttribute("data-no"))!;
    expect(incidentNo).toMatch(/^INC-\d{8}-\d{4}$/);
    await status(page, "new");
    expect(await page.getByTestId("deadline-firstContact").textContent()).toContain("计时中");

    await act(page, "contact", { note: "已回电杨经理，确认报错截图。" });
    await status(page, "open");
    expect(await page.getByTestId("deadline-firstContact").textContent()).toContain("按时");
    await act(page, "handover", { problemRecord: "证书链不完整：疑似客户端缺少子 CA 证书，需技术支持排查。" });
    await status(page, "handed_over");
    await shot(page, "incident-handed-over-zh");
    await logout(page);

    // Tech support: the list is in its queue; accept, contact, solve, return.
    await login(page, "support");
    await page.waitForURL("**/support/tech");
    await page.getByTestId(`open-${incidentNo}`).click();
    await page.getByTestId("incident-page").waitFor();
    await act(page, "accept");
    await status(page, "in_support");
    expect(await page.getByTestId("incident-assignee").textContent()).toBe("support");
    await act(page, "tracking", { kind: "contact", text: "远程连线确认：客户端缺少子 CA 证书。" });
    await act(page, "solve", { analysis: "客户端证书信任列表缺少本局子 CA 证书。", solution: "从网站下载并安装子 CA 证书链后重启浏览器。" });
    await act(page, "return", { result: "已指导安装证书链，登录正常，跟踪记录完整。" });
    await status(page, "returned");
    expect((await page.getByTestId("tracking-entry").count()) >= 3).toBe(true);
    await shot(page, "incident-returned-zh");
    await logout(page);

    // The desk confirms with the customer and files it.
    await login(page, "desk");
    await page.goto(`/support/incidents/${incidentNo}`);
    await page.getByTestId("incident-page").waitFor();
    await act(page, "confirm", { confirmation: "杨经理确认登录正常。" });
    await status(page, "closed");

    // The archive finds it by words from the problem and the solution.
    await page.getByTestId("tab-archive").click();
    await page.getByTestId("archive-q").fill("E2E-回归-4711 证书链");
    await page.getByTestId("archive-search").click();
    await page.locator(`[data-testid=archive-hit][data-no=${incidentNo}]`).waitFor();
    expect(await page.getByTestId("archive-hit").count()).toBe(1);
    await shot(page, "archive-zh");
  });

  it("managers: escalations fired for the demo incidents, breach risk, and reports with charts", { timeout: 120_000 }, async () => {
    const page = await newPage();
    await login(page, "cust-mgr");
    await page.waitForURL("**/support/escalations");
    await page.getByTestId("fired-row").first().waitFor();
    expect(await page.getByTestId("fired-row").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("risk-row").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("fired-list").textContent()).toContain("客户经理");
    await shot(page, "escalations-zh");

    await page.getByTestId("tab-reports").click();
    await page.getByTestId("chart-severity").waitFor();
    expect(Number(await page.getByTestId("kpi-total").locator(".kpi-value").textContent())).toBeGreaterThan(10);
    expect(await page.getByTestId("chart-category").locator("rect").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("breach-list").locator("tbody tr").count()).toBeGreaterThan(0);
    await shot(page, "reports-zh");

    await page.getByTestId("lang-switch").click();
    await page.getByTestId("tab-escalations").click();
    await page.getByTestId("fired-row").first().waitFor();
    expect(await page.getByTestId("fired-list").textContent()).toContain("Customer manager");
    await shot(page, "escalations-en");
    await page.getByTestId("lang-switch").click();
  });

  it("the public status page needs no login and shows the major incident and the probe incident", { timeout: 120_000 }, async () => {
    const page = await newPage(PHONE);
    await page.goto("/status");
    await page.getByTestId("status-overall").waitFor();
    expect(await page.getByTestId("component-ocsp").getAttribute("data-state")).toBe("degraded");
    expect(await page.getByTestId("status-incident").count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId("status-page").textContent()).toContain("已切换至备用服务器");
    expect(await page.getByTestId("login-form").count()).toBe(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "status-phone-zh");

    // Following one's own report with the wrong token says "not found", in both languages.
    await page.getByTestId("track-no").fill(incidentNo);
    await page.getByTestId("track-token").fill("wrong-token-0000");
    await page.getByTestId("track-go").click();
    expect(await page.getByTestId("track-error").getAttribute("data-code")).toBe("SUPPORT_INCIDENT_NOT_FOUND");

    // A bidder reports a problem without logging in, then follows it with the token it got.
    await page.getByTestId("report-name").fill("浏览器测试 竞买人");
    await page.getByTestId("report-category").selectOption("client");
    await page.getByTestId("report-description").fill("报价页面点击“签名”后无反应。");
    await page.getByTestId("report-submit").click();
    const done = page.getByTestId("report-done");
    await done.waitFor();
    const reported = (await done.getAttribute("data-no"))!;
    expect(reported).toMatch(/^INC-\d{8}-\d{4}$/);
    await page.getByTestId("track-go").click();
    await page.getByTestId("track-result").waitFor();
    expect(await page.getByTestId("track-result").textContent()).toContain(reported);
    expect(await page.getByTestId("track-result").textContent()).toContain("新登记");
    await shot(page, "status-report-phone-zh");
    const inc = await container.store.read.incidents.byNo(reported);
    expect(inc).toMatchObject({ channel: "web", reporter: { kind: "bidder", name: "浏览器测试 竞买人" } });
  });

  it("fits a phone: the desk queue and an incident page do not overflow", { timeout: 120_000 }, async () => {
    const page = await newPage(PHONE);
    await login(page, "desk");
    await page.getByTestId("incident-row").first().waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "desk-queue-phone-zh");
    await page.goto(`/support/incidents/${incidentNo}`);
    await page.getByTestId("timeline").waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "incident-phone-zh");
  });
});
