/**
 * A full enrollment through the web app in Chromium: the operator registers
 * an applicant, uploads the ID scan, enters and vets an application; a
 * person holding both RA roles sees the dual-control rule on their own
 * vetting; the auditor approves; the operator issues the one-time code; the
 * bidder, in a fresh browser profile, enrolls the browser soft token over
 * EST (non-extractable WebCrypto key in IndexedDB "landtrade-token"/"keys")
 * and logs in with the certificate. Screenshots: test-results/screenshots/ra-*.png.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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
import { makeResidentId } from "../../src/ra/validate/resident-id.js";
import type { DbHandle } from "../../src/storage/db.js";
import { testDatabase } from "../helpers/db.js";
import { TINY_PNG } from "../helpers/bidder.js";

const CHROMIUM = process.env.LANDTRADE_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT_DIR, "test-results/screenshots");
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe.skipIf(!existsSync(CHROMIUM))("RA enrollment through the web app (Chromium)", () => {
  let dbh: DbHandle;
  let c: Container;
  let app: LandtradeApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const scanFile = path.join(mkdtempSync(path.join(tmpdir(), "lt-e2e-")), "身份证.png");
  const idNumber = makeResidentId("430121", "19910808", "118");
  let applicationId = "";
  let code = "";

  beforeAll(async () => {
    const [, db] = await Promise.all([webBuildNeeded() ? buildWeb() : Promise.resolve(), testDatabase()]);
    dbh = db;
    const dataDir = mkdtempSync(path.join(tmpdir(), "lt-e2e-data-"));
    c = await createContainer(loadConfig({ env: {}, cwd: "/nonexistent", overrides: { port: 0, logLevel: "silent", dataDir } }), { dbh });
    await seedDemo(c);
    await c.staff.create({ username: "ra-both", displayName: "双角色（操作员+审核员）", roles: ["ra_operator", "ra_auditor"], password: DEMO_PASSWORD }, "system:e2e");
    app = await buildApp(c);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(scanFile, TINY_PNG);
  }, 300_000);

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
    page.setDefaultTimeout(15_000);
    page.on("dialog", (d) => void d.accept());
    return page;
  }

  async function staffLogin(page: Page, username: string) {
    await page.goto("/");
    await page.getByTestId("login-username").fill(username);
    await page.getByTestId("login-password").fill(DEMO_PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("ra-page").waitFor();
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it("ra-both registers and vets; a bad ID number is refused with its code", async () => {
    const page = await newPage();
    await staffLogin(page, "ra-both");
    await page.getByTestId("ra-new-applicant").click();
    await page.getByTestId("ra-applicant-name").fill("陈小明");
    await page.getByTestId("ra-applicant-idNumber").fill(`${idNumber.slice(0, 17)}${idNumber[17] === "0" ? "1" : "0"}`);
    await page.getByTestId("ra-applicant-phone").fill("13907310088");
    await page.getByTestId("ra-applicant-email").fill("chenxm@example.cn");
    await page.getByTestId("ra-applicant-submit").click();
    const err = page.getByTestId("ra-applicant-error");
    await err.waitFor();
    expect(await err.getAttribute("data-code")).toBe("RA_RESIDENT_ID_INVALID");
    expect(await err.textContent()).toContain("公民身份号码无效");
    await shot(page, "ra-applicant-bad-id-zh");

    await page.getByTestId("ra-applicant-idNumber").fill(idNumber);
    await page.getByTestId("ra-applicant-submit").click();
    await page.getByTestId("ra-applicant-detail").waitFor();
    expect(await page.getByTestId("ra-applicant-name").textContent()).toContain("陈小明");
    await page.getByTestId("ra-docs-missing").waitFor();

    await page.getByTestId("ra-upload-file").setInputFiles(scanFile);
    await page.getByTestId("ra-upload-submit").click();
    await page.getByTestId("ra-doc").waitFor();
    expect(await page.getByTestId("ra-docs-missing").count()).toBe(0);

    await page.getByTestId("ra-app-token").selectOption("soft");
    await page.getByTestId("ra-app-submit").click();
    const card = page.getByTestId("ra-app").first();
    await card.waitFor();
    applicationId = (await card.getAttribute("data-app"))!;
    expect(await card.getAttribute("data-state")).toBe("submitted");

    // Without ticking "originals checked" the server says so.
    await page.getByTestId("ra-vet-submit").click();
    expect(await page.getByTestId("ra-app-step-error").getAttribute("data-code")).toBe("RA_ORIGINALS_NOT_CHECKED");
    await page.getByTestId("ra-vet-originals").check();
    await page.getByTestId("ra-vet-note").fill("身份证原件已当面核对");
    await page.getByTestId("ra-vet-submit").click();
    await page.locator(`[data-app="${applicationId}"][data-state="vetted"]`).waitFor();
    await shot(page, "ra-desk-vetted-zh");

    // The same person, as auditor, sees the dual-control rule and cannot approve.
    await page.getByTestId("ra-tab-queue").click();
    const item = page.locator(`[data-testid=ra-queue-item][data-app="${applicationId}"]`);
    await item.waitFor();
    expect(await item.getByTestId("ra-dual-control-note").textContent()).toContain("双人控制");
    expect(await item.getByTestId("ra-approve").isDisabled()).toBe(true);
    await shot(page, "ra-queue-dual-control-zh");
  });

  it("the auditor approves; the operator issues the one-time code (receipt)", async () => {
    const auditor = await newPage();
    await staffLogin(auditor, "ra-auditor");
    await auditor.getByTestId("ra-tab-queue").click();
    const item = auditor.locator(`[data-testid=ra-queue-item][data-app="${applicationId}"]`);
    await item.waitFor();
    expect(await item.getByTestId("ra-dual-control-note").count()).toBe(0);
    await shot(auditor, "ra-queue-auditor-zh");
    await item.getByTestId("ra-approve").click();
    await auditor.getByTestId("ra-queue-notice").waitFor();
    await item.waitFor({ state: "detached", timeout: 5_000 });

    const op = await newPage();
    await staffLogin(op, "ra-operator");
    await op.getByTestId("ra-search-q").fill(idNumber);
    await op.getByTestId("ra-search-submit").click();
    await op.getByTestId("ra-result").first().click();
    const card = op.locator(`[data-testid=ra-app][data-app="${applicationId}"]`);
    await card.waitFor();
    expect(await card.getAttribute("data-state")).toBe("approved");
    await card.getByTestId("ra-code-submit").click();
    await op.getByTestId("ra-receipt").waitFor();
    code = (await op.getByTestId("ra-receipt-code").textContent())!.trim();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(await op.getByTestId("ra-receipt-id").textContent()).toBe(applicationId);
    await shot(op, "ra-receipt-zh");
  });

  it("the bidder enrolls the browser soft token over EST and logs in with the certificate", async () => {
    const page = await newPage();
    await page.goto("/portal/enroll");
    await page.getByTestId("portal-enroll-id").fill(applicationId);
    await page.getByTestId("portal-enroll-code").fill("AAAA-BBBB-CCCC-DDDD");
    await page.getByTestId("portal-enroll-check").click();
    expect(await page.getByTestId("portal-enroll-error").getAttribute("data-code")).toBe("RA_CODE_INVALID");

    await page.getByTestId("portal-enroll-code").fill(code.toLowerCase());
    await page.getByTestId("portal-enroll-check").click();
    await page.getByTestId("portal-enroll-info").waitFor();
    expect(await page.getByTestId("portal-enroll-info").textContent()).toContain("CN=陈小明");
    await page.getByTestId("portal-enroll-go").click();
    await page.getByTestId("portal-enroll-done").first().waitFor({ timeout: 30_000 });
    await shot(page, "ra-portal-enrolled-zh");

    // The token record: the agreed fields, a non-extractable private key.
    const rec = await page.evaluate<{ n: number; keys: string[]; suite: string; hasCert: boolean; extractable: boolean; type: string; alg: string }>(`(async () => {
      const db = await new Promise((res, rej) => { const r = indexedDB.open("landtrade-token"); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const all = await new Promise((res, rej) => { const r = db.transaction("keys").objectStore("keys").getAll(); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const k = all[0];
      return { n: all.length, keys: Object.keys(k).sort(), suite: k.suite, hasCert: String(k.certificatePem).includes("BEGIN CERTIFICATE"), extractable: k.privateKey.extractable, type: k.privateKey.type, alg: k.privateKey.algorithm.namedCurve };
    })()`);
    expect(rec).toMatchObject({ n: 1, suite: "ecdsa-p256", hasCert: true, extractable: false, type: "private", alg: "P-256" });
    expect(rec.keys).toEqual(expect.arrayContaining(["id", "label", "suite", "publicKeySpki", "certificatePem", "created"]));

    const application = await c.ra.applications.get(applicationId);
    expect(application.state).toBe("active");

    await page.getByTestId("portal-nav-login").click();
    await page.getByTestId("portal-key").first().waitFor();
    await shot(page, "ra-portal-login-zh");
    await page.getByTestId("portal-login-use").first().click();
    await page.getByTestId("portal-certs").waitFor();
    expect(await page.getByTestId("portal-bidder").textContent()).toContain("陈小明");
    const row = page.locator(`[data-testid=portal-cert][data-serial="${application.signSerial}"]`);
    await row.waitFor();
    expect(await row.getByTestId("cert-state").getAttribute("data-state")).toBe("issued");
    await shot(page, "ra-portal-certificates-zh");

    // The login is in the audit log as the bidder's.
    const audit = await c.store.read.audit.list({ action: "bidder.login", limit: 5 });
    expect(audit[0]!.subject).toBe(`applicant:${application.applicantId}`);
  });

  it("phone layout: the portal and the desk fit the screen", async () => {
    const page = await newPage(PHONE);
    await page.goto("/portal/apply");
    await page.getByTestId("portal-apply").waitFor();
    expect(await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth")).toBeLessThanOrEqual(0);
    await shot(page, "ra-portal-apply-phone-zh");
    const desk = await newPage(PHONE);
    await staffLogin(desk, "ra-operator");
    expect(await desk.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth")).toBeLessThanOrEqual(0);
    await shot(desk, "ra-desk-phone-zh");
  });
});
