/**
 * Knowledge base and self-diagnosis in a real browser against a real server:
 * a tech-support engineer writes and publishes an article in the staff KB
 * editor; the public help centre (no login) finds it with a Chinese query
 * and highlights the words; the driver download carries its SHA-256; the
 * self-diagnosis page runs its checks (real WebCrypto, IndexedDB soft token,
 * clock, OCSP/TSA reachability, a real OpenSSL certificate) and produces the
 * JSON report. Filing the report as an incident needs POST /api/public/incidents
 * (support branch); without it that step is skipped and says why.
 * Screenshots: test-results/screenshots/kb-*.png (look at them: Chinese must render).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.js";
import { createContainer, ROOT_DIR, type Container } from "../../src/app/container.js";
import { DEMO_PASSWORD, seedDemo } from "../../src/app/demo-seed.js";
import { buildWeb, webBuildNeeded } from "../../src/cli/web-build.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import type { DbHandle } from "../../src/storage/db.js";
import { DRIVER_PACKAGE } from "../../src/support/kb/demo/driver-package.js";
import { testDatabase } from "../helpers/db.js";

const CHROMIUM = process.env.LANDTRADE_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT_DIR, "test-results/screenshots");
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 860 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe.skipIf(!existsSync(CHROMIUM))("knowledge base and self-diagnosis (Chromium)", () => {
  let dbh: DbHandle;
  let container: Container;
  let app: LandtradeApp;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  let certPem: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [, db] = await Promise.all([webBuildNeeded() ? buildWeb() : Promise.resolve(), testDatabase()]);
    dbh = db;
    dataDir = mkdtempSync(path.join(os.tmpdir(), "kb-e2e-"));
    const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { port: 0, logLevel: "silent", dataDir } });
    container = await createContainer(config, { dbh });
    await seedDemo(container);
    app = await buildApp(container);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path.join(dataDir, "k.pem"), "-out", path.join(dataDir, "c.pem"), "-days", "365", "-utf8", "-subj", "/C=CN/O=长沙某置业有限公司/CN=张三"],
      { stdio: "ignore" },
    );
    certPem = readFileSync(path.join(dataDir, "c.pem"), "utf8");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 240_000); // may build the web app first

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
    page.setDefaultTimeout(8000);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const horizontalOverflow = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");

  it("staff write and publish an article; the public help centre finds it by a Chinese query, highlighted", async () => {
    const staff = await newPage();
    await staff.goto("/support/kb");
    await staff.getByTestId("login-username").fill("support");
    await staff.getByTestId("login-password").fill(DEMO_PASSWORD);
    await staff.getByTestId("login-submit").click();
    await staff.getByTestId("user-name").waitFor();
    if (new URL(staff.url()).pathname !== "/support/kb") await staff.goto("/support/kb");
    await staff.getByTestId("kb-editor-table").waitFor();
    expect(await staff.getByTestId("kb-row-faq-deposit-payment").count()).toBe(1);

    await staff.getByTestId("kb-new").click();
    await staff.getByTestId("kb-form-kind").selectOption("faq");
    await staff.getByTestId("kb-form-slug").fill("e2e-key-replaced");
    await staff.getByTestId("kb-form-title").fill("换领新 USBKey 时旧证书怎么处理？");
    await staff.getByTestId("kb-form-summary").fill("换领新 USBKey 时，窗口会先吊销数字证书，再签发新证书。");
    await staff.getByTestId("kb-form-body").fill("## 办理顺序\n1. 窗口工作人员**先吊销数字证书**（原 USBKey 中的证书）。\n2. 再为新 USBKey 签发证书。\n\n已签名并加盖时间戳的报价仍然有效。");
    await staff.getByTestId("kb-form-tags").fill("USBKey, 换领");
    await staff.getByTestId("kb-form-submit").click();
    await staff.getByTestId("kb-editor").waitFor();
    expect(await staff.getByTestId("kb-editor-state").textContent()).toBe("草稿");
    await staff.getByTestId("kb-preview").getByText("先吊销数字证书").waitFor();

    // Not public yet.
    const before = await staff.request.get(`/api/public/kb/articles/e2e-key-replaced`);
    expect(before.status()).toBe(404);

    await staff.getByTestId("kb-publish").click();
    await staff.getByTestId("kb-editor-notice").getByText("已发布第 1 版").waitFor();
    expect(await staff.getByTestId("kb-editor-state").textContent()).toBe("已发布 v1");
    await shot(staff, "kb-editor-published-zh");

    const pub = await newPage();
    await pub.goto("/help");
    await pub.getByTestId("help-home").waitFor();
    await pub.getByTestId("help-bulletins").waitFor();
    expect(await pub.getAttribute("html", "lang")).toBe("zh-CN");
    await shot(pub, "kb-help-home-zh");

    await pub.getByTestId("help-search-input").fill("证书吊销");
    await pub.getByTestId("help-search-submit").click();
    const hit = pub.getByTestId("help-result-e2e-key-replaced");
    await hit.waitFor();
    const marks = await hit.locator("mark").allTextContents();
    expect(marks).toEqual(expect.arrayContaining(["吊销", "证书"]));
    expect(await hit.getByTestId("help-result-snippet").textContent()).toContain("吊销数字证书");
    await shot(pub, "kb-search-zh");

    await hit.locator("a").first().click();
    expect(await pub.getByTestId("kb-article-title").textContent()).toBe("换领新 USBKey 时旧证书怎么处理？");
    await pub.getByTestId("kb-article-body").locator("strong", { hasText: "先吊销数字证书" }).waitFor();
    await shot(pub, "kb-article-zh");

    await pub.getByTestId("lang-switch").click();
    await pub.waitForFunction("document.documentElement.lang === 'en'");
    await pub.getByTestId("help-nav-home").click();
    expect(await pub.locator(".help-hero-title").textContent()).toBe("Help centre");
    await pub.getByTestId("help-kind-bulletin").click();
    await pub.getByTestId("help-filtered").getByText("Bulletin: client driver and check tool update").waitFor();
    await shot(pub, "kb-help-en");
  }, 120_000);

  it("the downloads page shows the driver package with the SHA-256 of the bytes served", async () => {
    const page = await newPage();
    await page.goto("/help/downloads");
    const row = page.getByTestId(`kb-file-${DRIVER_PACKAGE.fileName}`);
    await row.waitFor();
    const shown = (await row.getByTestId("kb-file-sha256").textContent())!.trim();
    const href = await row.getByTestId("kb-file-link").getAttribute("href");
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-disposition"]).toContain(DRIVER_PACKAGE.fileName);
    expect(createHash("sha256").update(await res.body()).digest("hex")).toBe(shown);
    expect(res.headers()["x-checksum-sha256"]).toBe(shown);
    await shot(page, "kb-downloads-zh");
  }, 90_000);

  it("self-diagnosis: real checks, the soft token in IndexedDB, a real certificate → a JSON report", async () => {
    const page = await newPage();
    await page.goto("/help/diagnose");
    await page.getByTestId("diag-page").waitFor();
    // The RA's soft token: database landtrade-token, store keys, a non-extractable private key next to the certificate.
    // (A script string: this file is type-checked without the DOM library.)
    await page.evaluate(`(async (pem) => {
      const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
      await new Promise((resolve, reject) => {
        const req = indexedDB.open("landtrade-token", 1);
        req.onupgradeneeded = () => req.result.createObjectStore("keys", { keyPath: "id" });
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction("keys", "readwrite");
          tx.objectStore("keys").put({ id: "key-1", label: "张三的软证书", algorithm: "ECDSA P-256", certificatePem: pem, privateKey: keys.privateKey, publicKey: keys.publicKey });
          tx.oncomplete = () => { req.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      });
    })(${JSON.stringify(certPem)})`);

    await page.getByTestId("diag-cert-input").fill(certPem);
    await page.getByTestId("diag-pkcs11-inserted").check();
    await page.getByTestId("diag-run").click();
    await page.getByTestId("diag-summary").waitFor({ timeout: 20_000 });

    const status = (id: string) => page.getByTestId(`diag-${id}`).getAttribute("data-status");
    expect(await status("browser.webcrypto")).toBe("ok");
    expect(await status("browser.indexeddb")).toBe("ok");
    expect(await status("browser.es")).toBe("ok");
    expect(await status("browser.cookies")).toBe("ok");
    expect(await status("token.soft")).toBe("ok");
    expect(await status("clock.offset")).toBe("ok");
    // Our certificate is not one our CA issued: valid, status unknown.
    expect(await status("cert.check")).toBe("warn");
    expect(await page.getByTestId("diag-soft-keys").textContent()).toContain("张三的软证书");
    await page.getByTestId("diag-cert-check").click();
    expect(await page.getByTestId("diag-cert-report").textContent()).toContain("CN=张三");

    const report = JSON.parse((await page.getByTestId("diag-report-json").textContent())!) as {
      schema: string;
      serverTime: string | null;
      checks: { id: string; status: string; message: { zh: string; en: string }; data?: Record<string, unknown> }[];
    };
    expect(report.schema).toBe("landtrade.diagnosis/1");
    expect(report.serverTime).not.toBeNull();
    const ids = report.checks.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["browser.webcrypto", "browser.indexeddb", "browser.es", "browser.cookies", "token.soft", "token.pkcs11", "clock.offset", "network.ocsp", "network.tsa", "cert.check"]));
    const soft = report.checks.find((c) => c.id === "token.soft")!;
    expect(JSON.stringify(soft.data)).toContain("key-1");
    expect(JSON.stringify(report)).not.toContain("privateKey");
    expect(report.checks.find((c) => c.id === "token.pkcs11")!.data).toMatchObject({ inserted: true, driver: false });
    // OCSP and TSA are served by the PKI services; where this server has no such route the web app's
    // HTML fallback answers, and the check must call that "not offered", not "reachable".
    for (const [id, url] of [["network.ocsp", "/pki/ocsp"], ["network.tsa", "/pki/tsa"]] as const) {
      const c = report.checks.find((x) => x.id === id)!;
      const served = app.hasRoute({ method: "GET", url }) || app.hasRoute({ method: "POST", url });
      expect([id, c.status]).toEqual([id, served ? "ok" : "fail"]);
      expect(c.data).toMatchObject({ url });
    }
    expect(report.checks.find((c) => c.id === "cert.check")!.data).toMatchObject({ subject: "C=CN, O=长沙某置业有限公司, CN=张三" });
    await shot(page, "kb-diagnose-zh");
  }, 90_000);

  it("files the report as an incident in one click (needs POST /api/public/incidents)", async (ctx) => {
    const page = await newPage();
    await page.goto("/help/diagnose");
    await page.getByTestId("diag-run").click();
    await page.getByTestId("diag-summary").waitFor({ timeout: 20_000 });
    await page.getByTestId("diag-incident-name").fill("张三（长沙某置业有限公司）");
    await page.getByTestId("diag-incident-phone").fill("13800000000");
    await page.getByTestId("diag-incident-subfault").selectOption("usbkey_driver");
    await page.getByTestId("diag-incident-description").fill("插入 USBKey 后登录页面提示找不到证书。");
    await page.getByTestId("diag-incident-submit").click();
    const hasRoute = app.hasRoute({ method: "POST", url: "/api/public/incidents" });
    if (!hasRoute) {
      // The real server answers 404: the page says online reporting is not available and keeps the report.
      await page.getByTestId("diag-incident-unavailable").waitFor();
      await shot(page, "kb-diagnose-incident-unavailable-zh");
      ctx.skip("POST /api/public/incidents is not on this branch (the support branch adds it): the incident-number step was not run");
      return;
    }
    await page.getByTestId("diag-incident-created").waitFor();
    const no = (await page.getByTestId("diag-incident-no").textContent())!.trim();
    expect(no).not.toBe("");
    expect(await page.getByTestId("diag-incident-created").textContent()).toContain(no);
    await shot(page, "kb-diagnose-incident-zh");
  }, 90_000);

  it("fits a phone: help centre, search results and diagnosis without horizontal overflow", async () => {
    const page = await newPage(PHONE);
    await page.goto("/help");
    await page.getByTestId("help-faq").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "kb-help-phone-zh");
    await page.goto(`/help/search?q=${encodeURIComponent("USBKey 驱动")}`);
    await page.getByTestId("help-results").locator("li").first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "kb-search-phone-zh");
    await page.goto("/help/downloads");
    await page.getByTestId("kb-file-table").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "kb-downloads-phone-zh");
    await page.goto("/help/diagnose");
    await page.getByTestId("diag-run").click();
    await page.getByTestId("diag-summary").waitFor({ timeout: 20_000 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "kb-diagnose-phone-zh");
  }, 90_000);
});
