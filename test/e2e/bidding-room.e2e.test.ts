/**
 * Two bidders in two browser contexts, each with a soft-token certificate in
 * the browser (imported through /portal/import, keys non-extractable), go
 * from certificate login through the application, the listing (signed bids
 * with receipts, "my bid / other bid"), the continue-intent and timed bidding
 * to the result — on the in-process server's fake clock (3 h ahead of the
 * browser, so countdowns are right only with the clock-offset correction).
 * Screenshots: test-results/screenshots/bidding-*.png.
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock, HOUR, MINUTE, SystemClock } from "../../src/app/clock.js";
import { loadConfig } from "../../src/app/config.js";
import { createContainer, ROOT_DIR, type Container } from "../../src/app/container.js";
import { buildWeb, webBuildNeeded } from "../../src/cli/web-build.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import { fen } from "../../src/shared/money.js";
import { verifyBidLog } from "../../src/trading/bidder/bid-log.js";
import type { DbHandle } from "../../src/storage/db.js";
import { login, TEST_PASSWORD } from "../helpers/app.js";
import { createBidder, type TestBidder } from "../helpers/bidder.js";
import { testDatabase } from "../helpers/db.js";
import { call, parcelBody, wanFen } from "../helpers/trading.js";

const CHROMIUM = process.env.LANDTRADE_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT_DIR, "test-results/screenshots");
const DAY = 24 * HOUR;
const pem = (der: Uint8Array, label: string) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`;

describe.skipIf(!existsSync(CHROMIUM))("bidding room (Chromium, two bidders)", () => {
  let dbh: DbHandle;
  let c: Container;
  let app: LandtradeApp;
  let browser: Browser;
  let base: string;
  let parcelId: string;
  const clock = new FakeClock(new Date(new SystemClock().now().getTime() + 3 * HOUR));
  const contexts: BrowserContext[] = [];
  const bidders: { b: TestBidder; page: Page; no?: string }[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `bidding-${name}.png`), fullPage: true });
  const t0 = clock.now().getTime();
  const listingStart = new Date(t0 + 22 * DAY);
  const listingEnd = new Date(t0 + 40 * DAY);

  async function portalLogin(page: Page) {
    await page.goto("/portal");
    await page.getByTestId("portal-login-use").first().click();
    await page.getByTestId("portal-certs").waitFor();
  }

  beforeAll(async () => {
    const [, db] = await Promise.all([webBuildNeeded() ? buildWeb() : Promise.resolve(), testDatabase()]);
    dbh = db;
    const dataDir = mkdtempSync(path.join(tmpdir(), "lt-bidding-e2e-"));
    const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { port: 0, logLevel: "silent", dataDir } });
    c = await createContainer(config, { dbh, clock });
    app = await buildApp(c);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
    mkdirSync(SHOTS, { recursive: true });

    await c.staff.create({ username: "t-admin", displayName: "王交易", roles: ["trading_admin"], password: TEST_PASSWORD }, "system:test");
    const admin = await login(app, "t-admin");
    const created = await call(app, admin, "POST", "/api/trading/parcels", parcelBody({ listingStart: listingStart.toISOString(), listingEnd: listingEnd.toISOString(), depositCutoff: new Date(listingEnd.getTime() - 2 * DAY).toISOString() }));
    parcelId = (created.body.parcel as { id: string }).id;
    const announced = await call(app, admin, "POST", `/api/trading/parcels/${parcelId}/announce`, {});
    expect(announced.status, JSON.stringify(announced.body)).toBe(200);

    for (const name of ["周竞买", "吴竞买"]) {
      const b = await createBidder({ c }, { name });
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto("/portal/import");
      await page.getByTestId("portal-import-key").fill(pem(b.key.pkcs8, "PRIVATE KEY"));
      await page.getByTestId("portal-import-cert").fill(pem(b.certDer, "CERTIFICATE"));
      await page.getByTestId("portal-import-label").fill(`${name}的证书`);
      await page.getByTestId("portal-import-go").click();
      await page.getByText("可以用证书登录").waitFor();
      bidders.push({ b, page });
    }
  }, 600_000);

  afterAll(async () => {
    for (const x of contexts) await x.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await c?.close();
    await dbh?.close();
  });

  it("each bidder logs in with the certificate and applies; staff qualify and the deposits arrive", async () => {
    for (const [i, x] of bidders.entries()) {
      await portalLogin(x.page);
      await x.page.getByTestId("portal-nav-trading").click();
      await x.page.locator(`[data-testid=portal-open-parcel][data-parcel="${parcelId}"]`).waitFor();
      await x.page.getByTestId("portal-payer-account").fill(`62220000111${i}2222`);
      await x.page.getByTestId("portal-apply-parcel").click();
      const row = x.page.locator(`[data-testid=portal-application][data-parcel="${parcelId}"]`);
      await row.waitFor();
      x.no = (await row.getAttribute("data-bidder-no"))!;
      expect(x.no).toMatch(/^\d{4}$/);
      if (i === 0) await shot(x.page, "applied");
    }
    for (const a of await c.store.read.trading.applications.byParcel(parcelId)) {
      await c.trading.applications.decide(a.id, { approved: true }, "staff:t-admin");
      await c.trading.deposits.receive({ bankRef: `E2E-${a.bidderNo}`, subAccount: a.depositAccount, payerAccount: a.payerAccounts[0]!, payerName: a.displayName, amount: fen(BigInt(wanFen(5600))), arrivedAt: clock.now() }, "callback", {}, "bank:test");
    }
    const p = bidders[0]!.page;
    await p.reload();
    await p.getByTestId("portal-deposit-status").first().waitFor();
    expect(await p.getByTestId("portal-deposit-status").first().textContent()).toBe("已到账");
    await shot(p, "deposit-confirmed");
  });

  it("listing: signed bids with receipts; each sees 'my bid' and 'other bid'", async () => {
    clock.set(new Date(listingStart.getTime() + HOUR));
    const [A, B] = bidders as [(typeof bidders)[0], (typeof bidders)[0]];
    for (const x of [A, B]) {
      await portalLogin(x.page); // the sessions lapsed over the three weeks
      await x.page.goto(`/portal/room/${parcelId}`);
      await x.page.getByTestId("portal-room").waitFor();
    }
    await A.page.getByTestId("portal-bid-submit").click();
    await A.page.getByTestId("portal-receipt").waitFor();
    expect(await A.page.getByTestId("portal-receipt").getAttribute("data-seq")).toBe("1");
    await A.page.locator("[data-testid=portal-room-highest-who]", { hasText: "我的报价" }).waitFor();
    await B.page.locator("[data-testid=portal-room-highest-who]", { hasText: "他人报价" }).waitFor();
    expect(await B.page.getByTestId("portal-room-highest").getAttribute("data-fen")).toBe(wanFen(28000));
    await B.page.getByTestId("portal-bid-amount").fill("28100");
    await B.page.getByTestId("portal-bid-submit").click();
    await B.page.getByTestId("portal-receipt").waitFor();
    await A.page.locator("[data-testid=portal-room-highest][data-fen='" + wanFen(28100) + "']").waitFor();
    expect(await A.page.getByTestId("portal-room-highest-who").textContent()).toBe("他人报价");
    // A bad amount gets its coded message and nothing is stored.
    await A.page.getByTestId("portal-bid-amount").fill("28175");
    await A.page.getByTestId("portal-bid-submit").click();
    await A.page.getByTestId("portal-room-error").waitFor();
    expect(await A.page.getByTestId("portal-room-error").getAttribute("data-code")).toBe("TRADE_BID_BAD_INCREMENT");
    await shot(A.page, "listing-a");
    await shot(B.page, "listing-b");
  });

  it("intent window, timed bidding, the result", async () => {
    const [A, B] = bidders as [(typeof bidders)[0], (typeof bidders)[0]];
    clock.set(new Date(listingEnd.getTime() + 1000));
    expect((await c.scheduler.drain()).done).toBeGreaterThan(0);
    for (const x of [A, B]) {
      await portalLogin(x.page);
      await x.page.goto(`/portal/room/${parcelId}`);
      await x.page.getByTestId("portal-intent").waitFor();
    }
    await shot(A.page, "intent");
    await A.page.getByTestId("portal-intent-yes").click();
    await B.page.getByTestId("portal-intent-yes").click();
    // Everyone answered: timed bidding starts at once (no need to wait out the window).
    await B.page.locator("[data-testid=portal-room][data-phase=timed]").waitFor();
    await A.page.locator("[data-testid=portal-room][data-phase=timed]").waitFor();
    await A.page.getByTestId("portal-bid-submit").click();
    await A.page.getByTestId("portal-receipt").waitFor();
    await B.page.locator("[data-testid=portal-room-highest-who]", { hasText: "他人报价" }).waitFor();
    const cd = Number(await B.page.getByTestId("portal-room-countdown").getAttribute("data-remaining-ms"));
    // The countdown restarted at the bid (4 min), read on the server's clock though the browser's is 3 h behind.
    expect(cd).toBeGreaterThan(3 * MINUTE);
    expect(cd).toBeLessThanOrEqual(4 * MINUTE);
    await shot(B.page, "timed-b");
    clock.set(new Date(clock.now().getTime() + 5 * MINUTE));
    await c.scheduler.drain();
    await A.page.locator("[data-testid=portal-room-result][data-won=yes]").waitFor();
    await B.page.locator("[data-testid=portal-room-result][data-won=no]").waitFor();
    await shot(A.page, "result-winner");
    await A.page.getByTestId("portal-nav-trading").click();
    await A.page.locator("[data-testid=portal-deal][data-won=yes]").waitFor();
    // The winner downloads the deal confirmation from the portal.
    const [download] = await Promise.all([A.page.waitForEvent("download"), A.page.getByTestId("portal-deal-pdf").click()]);
    expect(download.suggestedFilename()).toMatch(/^成交确认书-.*\.pdf$/);
    await shot(A.page, "my-deals");

    const sale = (await c.store.read.trading.parcels.sale(parcelId))!;
    expect(sale.phase).toBe("sold");
    expect(sale.state.result?.winner?.bidderNo).toBe(A.no);
    expect(sale.state.result?.winner?.amount).toBe(BigInt(wanFen(28150)));
    expect((await verifyBidLog(await c.store.read.trading.bids.byParcel(parcelId), sale.bidHead)).ok).toBe(true);
  });
});
