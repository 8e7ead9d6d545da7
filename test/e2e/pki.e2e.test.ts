/**
 * The CA pages in Chromium against the demo data: the RA administrator finds
 * a certificate, revokes it with a reason and sees the CRL number go up; the
 * RA auditor sees the same pages without the actions; a phone layout.
 * Screenshots go to test-results/screenshots/pki-*.png.
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Container } from "../../src/app/container.js";
import { seedDemo } from "../../src/app/demo-seed.js";
import { HAS_CHROMIUM, PHONE, startBrowserSystem, type BrowserSystem } from "../helpers/browser.js";

describe.skipIf(!HAS_CHROMIUM)("CA pages (Chromium)", () => {
  let s: BrowserSystem;
  beforeAll(async () => {
    s = await startBrowserSystem({
      prefix: "pki",
      pageTimeout: 10_000,
      seed: async (c: Container) => void (await seedDemo(c)),
    });
  }, 180_000);
  afterAll(() => s?.close());
  const newPage = (o?: BrowserContextOptions) => s.newPage(o);
  const login = (page: Page, username: string) => s.login(page, username);
  const shot = (page: Page, name: string) => s.shot(page, name);
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
    const serial = (await s.c.pki.ca.find({ subject: "CN=trade.csgtzy.example.cn", limit: 1 }))[0]!;
    expect(serial.status).toBe("revoked");
    expect((await s.c.pki.crl.current("ecdsa-p256-sub")).crlNumber).toBe(before + 1);
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
