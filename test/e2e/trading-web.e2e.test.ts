/**
 * Trading in a real browser: the trading administrator's parcels, a new
 * parcel and its announcement, the supervisor's read-only view, and the
 * public big-screen board updating live over WebSocket — with the server on
 * a fake clock in 2026, so the board's countdown is right only if it really
 * corrects the browser's clock by the server's time.
 * Screenshots: test-results/screenshots/trading-*.png.
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock, HOUR, MINUTE, SystemClock } from "../../src/app/clock.js";
import { loadConfig } from "../../src/app/config.js";
import { createContainer, ROOT_DIR, type Container } from "../../src/app/container.js";
import { DEMO_PASSWORD, seedDemo } from "../../src/app/demo-seed.js";
import { DEMO_CALENDAR_2026 } from "../../src/app/demo-seed-trading.js";
import { addDays, beijingDate, WorkingCalendar } from "../../src/trading/calendar/working-calendar.js";
import { buildWeb, webBuildNeeded } from "../../src/cli/web-build.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import { fen } from "../../src/shared/money.js";
import type { DbHandle } from "../../src/storage/db.js";
import { testDatabase } from "../helpers/db.js";

const CHROMIUM = process.env.LANDTRADE_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT_DIR, "test-results/screenshots");
const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 860 } };
const BIG: BrowserContextOptions = { viewport: { width: 1920, height: 1080 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe.skipIf(!existsSync(CHROMIUM))("trading web (Chromium)", () => {
  let dbh: DbHandle;
  let c: Container;
  let app: LandtradeApp;
  let browser: Browser;
  let base: string;
  // The server runs 3 hours ahead of the browser (whose clock is the real one): the board must correct for it.
  // (Ahead, not behind: session cookies carry the server's expiry time.)
  const clock = new FakeClock(new Date(new SystemClock().now().getTime() + 3 * HOUR));
  const cal = new WorkingCalendar({ holidays: DEMO_CALENDAR_2026.filter((d) => d.kind === "holiday").map((d) => d.day), workdays: DEMO_CALENDAR_2026.filter((d) => d.kind === "workday").map((d) => d.day) });
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [, db] = await Promise.all([webBuildNeeded() ? buildWeb() : Promise.resolve(), testDatabase()]);
    dbh = db;
    const dataDir = mkdtempSync(path.join(tmpdir(), "lt-trading-e2e-"));
    const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { port: 0, logLevel: "silent", dataDir } });
    c = await createContainer(config, { dbh, clock });
    await seedDemo(c);
    app = await buildApp(c);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    for (const x of contexts) await x.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await c?.close();
    await dbh?.close();
  });

  async function newPage(opts: BrowserContextOptions = DESKTOP): Promise<Page> {
    const ctx = await browser.newContext({ ...opts, baseURL: base });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(8000);
    return page;
  }

  async function login(page: Page, username: string): Promise<void> {
    await page.goto("/");
    await page.getByTestId("login-username").fill(username);
    await page.getByTestId("login-password").fill(DEMO_PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("user-name").waitFor();
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `trading-${name}.png`), fullPage: true });
  const byPhase = async (phase: string) => (await c.trading.parcels.list()).find((x) => x.view.phase === phase)!;

  it("trading admin: parcel list, a parcel in its listing, a new parcel announced", async () => {
    const page = await newPage();
    await login(page, "trading");
    expect(new URL(page.url()).pathname).toBe("/trading");
    await page.getByTestId("parcel-row").first().waitFor();
    expect(await page.getByTestId("parcel-row").count()).toBe(6);

    await shot(page, "admin-list");

    const listing = await byPhase("listing");
    await page.locator(`[data-parcel-no="${listing.parcel.parcelNo}"] a`).click();
    await page.getByTestId("sale-overview").waitFor();
    expect(await page.getByTestId("sale-highest").textContent()).toBe("21,650 万元");
    await page.getByTestId("application-row").first().waitFor();
    expect(await page.getByTestId("application-row").count()).toBe(4); // 张伟, 星沙置业 and 李娜 (the RA demo bidders) and a company awaiting qualification
    expect(await page.getByTestId("applications").textContent()).toContain("竞价结束后公开");
    await shot(page, "admin-listing-detail");

    await page.goto("/trading/new");
    await page.getByTestId("parcel-parcelNo").fill("长县2026-099");
    await page.getByTestId("parcel-name").fill("江背镇五福村G-01地块");
    await page.getByTestId("parcel-location").fill("长沙县江背镇五福村、江背大道以南");
    await page.getByTestId("parcel-district").fill("江背镇");
    await page.getByTestId("parcel-areaM2").fill("12500.00");
    await page.getByTestId("parcel-plotRatio").fill("1.0–2.0");
    await page.getByTestId("parcel-startPrice").fill("4800");
    await page.getByTestId("parcel-increment").fill("20");
    await page.getByTestId("parcel-deposit").fill("960");
    const today = beijingDate(clock.now());
    const soon = cal.nextWorkingDay(addDays(today, 14)); // too soon: fewer than 20 days ahead
    const soonEnd = cal.earliestEndFor(soon, 10);
    await page.getByTestId("parcel-listingStart").fill(`${soon}T09:00`);
    await page.getByTestId("parcel-listingEnd").fill(`${soonEnd}T15:00`);
    await page.getByTestId("parcel-depositCutoff").fill(`${addDays(soonEnd, -2)}T17:00`);
    await page.getByTestId("parcel-save").click();
    await page.getByTestId("sale-actions").waitFor();
    await page.getByTestId("action-announce").click();
    const err = page.getByTestId("action-error");
    await err.waitFor();
    expect(await err.getAttribute("data-code")).toBe("TRADE_ANNOUNCEMENT_TOO_LATE");
    await shot(page, "admin-announce-too-late");

    await page.getByTestId("parcel-edit").click();
    const start = cal.nextWorkingDay(addDays(today, 22));
    const end = cal.earliestEndFor(start, 10);
    await page.getByTestId("parcel-listingStart").fill(`${start}T09:00`);
    await page.getByTestId("parcel-listingEnd").fill(`${end}T15:00`);
    await page.getByTestId("parcel-depositCutoff").fill(`${addDays(end, -2)}T17:00`);
    await page.getByTestId("parcel-save").click();
    await page.getByTestId("action-announce").click();
    await page.getByTestId("action-done").waitFor();
    expect(await page.getByTestId("notices").textContent()).toContain("国有建设用地使用权挂牌出让公告");
    expect(await page.locator(".badge").first().getAttribute("data-phase")).toBe("announced");
    await shot(page, "admin-announced");

    await page.goto("/trading/deposits");
    await page.getByTestId("refund-row").first().waitFor();
    await shot(page, "admin-deposits");
  });

  it("supervisor: everything read-only, the reserve revealed after the sale", async () => {
    const page = await newPage();
    await login(page, "supervisor");
    await page.goto("/supervision");
    await page.getByTestId("parcel-row").first().waitFor();
    const sold = await byPhase("sold");
    await page.locator(`[data-parcel-no="${sold.parcel.parcelNo}"] a`).click();
    await page.getByTestId("sale-result").waitFor();
    expect(await page.getByTestId("sale-actions").count()).toBe(0);
    expect(await page.getByTestId("sale-result").textContent()).toContain("38,200 万元");
    expect(await page.getByTestId("reserve-status").textContent()).toContain("37,800");
    // After the sale, numbers and identities may be shown together.
    expect(await page.getByTestId("applications").textContent()).not.toContain("竞价结束后公开");
    await shot(page, "supervisor-sold");
  });

  it("big screen: live price, countdown on the server's clock, history and curve; updates without reload", async () => {
    const timed = await byPhase("timed");
    const page = await newPage(BIG);
    await page.goto(`/board/${timed.parcel.id}`);
    await page.waitForSelector('[data-testid="board-status"][data-status="live"]');
    expect(await page.getByTestId("board-amount").textContent()).toBe("30,700");
    // The server's clock is in March 2026 while the browser's is not: only the offset makes this right.
    const left = Number(await page.getByTestId("board-countdown").getAttribute("data-remaining-ms"));
    const expected = timed.view.deadline!.getTime() - clock.now().getTime();
    expect(Math.abs(left - expected)).toBeLessThan(15_000);
    expect(await page.getByTestId("price-curve").getAttribute("data-points")).toBe("4");
    await shot(page, "board-timed");

    // A new bid on the server appears on the screen by itself.
    const bidder = timed.view.highest!.bidderNo;
    const state = (await c.trading.parcels.detail(timed.parcel.id)).state;
    const challenger = Object.entries(state.bidders).find(([no, b]) => b.intent === true && no !== bidder)![0];
    // (The fake clock stays put: a real server clock never jumps, and the board's offset assumes it does not.)
    await c.trading.runner.run((r, o) => c.trading.runner.apply(r, o, timed.parcel.id, { type: "timedBid", bidId: "e2e-1", bidderNo: challenger, amount: fen(30_800_000_000n) }, "bidder:e2e"));
    await page.waitForFunction("document.querySelector('[data-testid=\"board-amount\"]')?.textContent === '30,800'");
    expect(await page.getByTestId("price-curve").getAttribute("data-points")).toBe("5");
    expect(await page.getByTestId("board-history").locator("li").count()).toBe(5);
    const restarted = Number(await page.getByTestId("board-countdown").getAttribute("data-remaining-ms"));
    expect(Math.abs(restarted - 60 * MINUTE)).toBeLessThan(15_000);
    await shot(page, "board-after-bid");

    const phone = await newPage(PHONE);
    await phone.goto(`/board/${timed.parcel.id}`);
    await phone.waitForSelector('[data-testid="board-status"][data-status="live"]');
    expect(await phone.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth")).toBeLessThanOrEqual(0);
    await shot(phone, "board-phone");

    const sold = await byPhase("sold");
    const soldPage = await newPage(BIG);
    await soldPage.goto(`/board/${sold.parcel.id}`);
    await soldPage.getByTestId("board-result").waitFor();
    expect(await soldPage.getByTestId("board-result").textContent()).toContain("38,200");
    await shot(soldPage, "board-sold");
  });
});
