/**
 * One real server (in-process, on a test database, with a private data
 * directory) and one headless Chromium for a browser test file: start,
 * pages in fresh contexts, staff login/logout, screenshots, clean shutdown.
 * The web app is built first when dist/web is missing or older than web/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import type { Clock } from "../../src/app/clock.js";
import { loadConfig } from "../../src/app/config.js";
import { createContainer, ROOT_DIR, type Container } from "../../src/app/container.js";
import { DEMO_PASSWORD } from "../../src/app/demo-seed.js";
import { buildWeb, webBuildNeeded } from "../../src/cli/web-build.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import type { DbHandle } from "../../src/storage/db.js";
import { testDatabase } from "./db.js";

export const CHROMIUM = process.env.LANDTRADE_CHROMIUM ?? "/usr/bin/chromium";
/** Browser suites skip (saying so) where Debian's chromium is not installed. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SHOTS = path.join(ROOT_DIR, "test-results/screenshots");
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 860 } };
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface BrowserSystemOptions {
  /** Names the data directory (lt-e2e-<prefix>-…). */
  prefix: string;
  /** Prefixes screenshot files: `<shotPrefix>-<name>.png` (default: none). */
  shotPrefix?: string;
  clock?: Clock;
  /** Demo data and anything else the file needs, before the server listens. */
  seed?: (c: Container) => Promise<void>;
  /** Default wait of each page's locators, in ms. */
  pageTimeout?: number;
}

export interface BrowserSystem {
  c: Container;
  app: LandtradeApp;
  dbh: DbHandle;
  browser: Browser;
  /** http://127.0.0.1:<port> */
  base: string;
  dataDir: string;
  /** A page in a fresh browser context (own cookies and storage) with the base URL set. */
  newPage(opts?: BrowserContextOptions): Promise<Page>;
  /** Staff password login through the login form (demo password by default). */
  login(page: Page, username: string, password?: string): Promise<void>;
  logout(page: Page): Promise<void>;
  shot(page: Page, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export async function startBrowserSystem(o: BrowserSystemOptions): Promise<BrowserSystem> {
  const [, dbh] = await Promise.all([webBuildNeeded() ? buildWeb() : Promise.resolve(), testDatabase()]);
  // A private data directory: the demo seed writes CA keys and files under it. cwd points nowhere so a
  // developer's landtrade.config.json cannot leak into the test.
  const dataDir = mkdtempSync(path.join(tmpdir(), `lt-e2e-${o.prefix}-`));
  const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { port: 0, logLevel: "silent", dataDir } });
  const c = await createContainer(config, { dbh, ...(o.clock ? { clock: o.clock } : {}) });
  if (o.seed) await o.seed(c);
  const app = await buildApp(c);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  const pageTimeout = o.pageTimeout ?? 10_000;

  return {
    c,
    app,
    dbh,
    browser,
    base,
    dataDir,
    async newPage(opts = DESKTOP) {
      const ctx = await browser.newContext({ ...opts, baseURL: base });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.setDefaultTimeout(pageTimeout);
      return page;
    },
    async login(page, username, password = DEMO_PASSWORD) {
      await page.goto("/");
      await page.getByTestId("login-username").fill(username);
      await page.getByTestId("login-password").fill(password);
      await page.getByTestId("login-submit").click();
      await page.getByTestId("user-name").waitFor();
    },
    async logout(page) {
      await page.getByTestId("logout").click();
      await page.getByTestId("login-form").waitFor();
    },
    shot: (page, name) => page.screenshot({ path: path.join(SHOTS, `${o.shotPrefix ? `${o.shotPrefix}-` : ""}${name}.png`), fullPage: true }),
    async close() {
      for (const x of contexts) await x.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await c.close();
      await dbh.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
