/**
 * The CA pages in Chromium against the demo data: the RA administrator finds
 * a certificate, revokes it with a reason and sees the CRL number go up; the
 * RA auditor sees the same pages without the actions; a phone layout.
 * Screenshots go to test-results/screenshots/pki-*.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
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

describe.skipIf(!existsSync(CHROMIUM))("CA pages (Chromium)", () => {
  let dbh: DbHandle;
  let container: Container;
  let app: LandtradeApp;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [, db] = await Promise.all([webBuildNeeded() ? buildWeb() : Promise.resolve(), testDatabase()]);
    dbh = db;
    dataDir = mkdtempSync(path.join(tmpdir(), "lt-e2e-pki-"));
    const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { port: 0, logLevel: "silent", dataDir } });
    container = await createContainer(config, { dbh });
    await seedDemo(container);
    app = await buildApp(container);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await container?.close();
    await dbh?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(opts: BrowserContextOptions = DESKTOP): Promise<Page> {
    const ctx = await browser.newContext({ ...opts, baseURL: base });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  async function login(page: Page, username: string): Promise<void> {
    await page.goto("/");
    await page.getByTestId("login-username").fill(username);
    await page.getByTestId("login-password").fill(DEMO_PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("user-name").waitFor();
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const crlNumber = async (page: Page, ca: string) => Number(await page.locator(`[data-testid="pki-crl-row"][data-ca="${ca}"] [data-testid="crl-number"]`).textContent());

  it("ra-admin finds a certificate, revokes it with a reason, and the CRL number goes up", async () => {
    const page = await newPage();
    await login(page, "ra-admin");
    await page.getByTestId("nav-pki").click();
    await page.getByTestId("pki-ca-table").waitFor();
    expect(await page.getByTestId("pki-ca-row").count()).toBe(4);
    expect(await page.locator('[data-testid="pki-ca-row"][data-ca="sm2-sub"]').textContent()).toContain("长沙县国土资源局子CA (SM2)");
    expect(await page.getByTestId("pki-services").textContent()).toContain("OCSP 响应器");
    const before = await crlNumber(page, "ecdsa-p256-sub");
    expect(before).toBeGreaterThan(0);
    await shot(page, "pki-overview-zh");

    await page.getByTestId("pki-tab-certificates").click();
    await page.getByTestId("pki-search-subject").fill("CN=trade.csgtzy");
    await page.getByTestId("pki-search-status").selectOption("issued");
    await page.getByTestId("pki-search-submit").click();
    const row = page.locator('[data-testid="pki-cert-row"]', { hasText: "CN=trade.csgtzy.example.cn" });
    await row.waitFor();
    expect(await page.getByTestId("pki-cert-row").count()).toBe(1);
    await shot(page, "pki-search-zh");
    await row.getByTestId("pki-cert-link").click();

    await page.getByTestId("pki-cert-detail").waitFor();
    expect(await page.getByTestId("pki-detail-status").textContent()).toContain("有效");
    expect(await page.getByTestId("pki-revoke-submit").isDisabled()).toBe(true);
    await page.getByTestId("pki-revoke-reason").selectOption("keyCompromise");
    await page.getByTestId("pki-revoke-confirm").check();
    await page.getByTestId("pki-revoke-submit").click();
    const notice = page.getByTestId("pki-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`第 ${before + 1} 号吊销列表`);
    await page.locator('[data-testid="pki-detail-status"] [data-status="revoked"]').waitFor();
    expect(await page.getByTestId("pki-detail-status").textContent()).toContain("密钥泄露");
    expect(await page.getByTestId("pki-actions").count()).toBe(0);
    expect(await page.getByTestId("pki-history").textContent()).toContain("pki.cert.revoke");
    await shot(page, "pki-revoked-zh");

    await page.getByTestId("pki-tab-overview").click();
    await page.getByTestId("pki-crl-table").waitFor();
    expect(await crlNumber(page, "ecdsa-p256-sub")).toBe(before + 1);
    // The CRL at the URL the page links to has the new number too.
    const serial = (await container.pki.ca.find({ subject: "CN=trade.csgtzy.example.cn", limit: 1 }))[0]!;
    expect(serial.status).toBe("revoked");
    expect((await container.pki.crl.current("ecdsa-p256-sub")).crlNumber).toBe(before + 1);
  });

  it("ra-auditor reads the CA pages without revoke controls; English and phone layouts hold", async () => {
    const page = await newPage(PHONE);
    await login(page, "ra-auditor");
    await page.goto("/pki");
    await page.getByTestId("pki-ca-table").waitFor();
    await page.getByTestId("lang-switch").click();
    await page.waitForFunction("document.documentElement.lang === 'en'");
    expect(await page.getByTestId("pki-tab-overview").textContent()).toBe("CAs and CRLs");
    expect(await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth")).toBeLessThanOrEqual(1);
    await shot(page, "pki-overview-en-phone");
    await page.goto("/pki/certificates");
    await page.getByTestId("pki-cert-link").first().click();
    await page.getByTestId("pki-cert-detail").waitFor();
    expect(await page.getByTestId("pki-actions").count()).toBe(0);
    expect(await page.getByTestId("pki-download-pem").count()).toBe(1);
    await shot(page, "pki-detail-en-phone");
  });
});
