/**
 * The demo as a new user meets it (`npm start`): a demo bidder imports the key
 * and certificate files the seed left in the data directory, logs in with the
 * certificate, finds the live sale under "我的竞买" and signs a bid in the
 * browser. 李娜's token is SM2: the bid is an SM2/SM3 CMS signature with the
 * GM/T 0009 user ID made by the browser token, verified by the server, and
 * answered with a receipt — the SM2 path end to end through the web app.
 * Screenshots: test-results/screenshots/demo-bidder-*.png.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoBidderDir } from "../../src/app/demo-seed-ra.js";
import { seedDemo } from "../../src/app/demo-seed.js";
import { CMS_OID } from "../../src/pki/asn1/cms-oids.js";
import { nodeGm } from "../../src/pki/algs/gm-node.js";
import { verifyCms } from "../../sdk/src/cms/signed-data.js";
import { HAS_CHROMIUM, startBrowserSystem, type BrowserSystem } from "../helpers/browser.js";

describe.skipIf(!HAS_CHROMIUM)("demo bidders in the portal (Chromium)", () => {
  let s: BrowserSystem;
  beforeAll(async () => {
    s = await startBrowserSystem({ prefix: "demo-bidders", shotPrefix: "demo-bidder", pageTimeout: 20_000, seed: async (c) => void (await seedDemo(c, { incidents: false })) });
  }, 300_000);
  afterAll(() => s?.close());

  async function importAndLogIn(page: Page, slug: string) {
    const dir = demoBidderDir(s.c.config, slug);
    await page.goto("/portal/import");
    await page.getByTestId("portal-import-key").fill(readFileSync(path.join(dir, "key.pem"), "utf8"));
    await page.getByTestId("portal-import-cert").fill(readFileSync(path.join(dir, "cert.pem"), "utf8"));
    await page.getByTestId("portal-import-go").click();
    await page.getByText("可以用证书登录").waitFor();
    await page.goto("/portal");
    await page.getByTestId("portal-login-use").first().click();
    await page.getByTestId("portal-certs").waitFor();
  }

  it("李娜 (SM2 token) finds her qualified application and signs a bid in the listing room; the server keeps an SM2/SM3 signature", async () => {
    const page = await s.newPage();
    await importAndLogIn(page, "lina-sm2");
    await page.getByTestId("portal-nav-trading").click();
    const enter = page.getByRole("link", { name: "进入竞价室" });
    await enter.first().waitFor();
    expect(await enter.count()).toBe(1); // the listing parcel only (she is not on the timed one)
    await s.shot(page, "lina-my-bids");
    await enter.first().click();
    await page.getByTestId("portal-room").waitFor();
    await page.getByTestId("portal-bid-submit").click();
    await page.getByTestId("portal-receipt").waitFor({ timeout: 60_000 });
    await s.shot(page, "lina-receipt");

    const listing = (await s.c.trading.parcels.list()).find((x) => x.view.phase === "listing")!;
    const bids = await s.c.store.read.trading.bids.byParcel(listing.parcel.id);
    expect(bids).toHaveLength(1);
    const v = await verifyCms(bids[0]!.signature, { content: new TextEncoder().encode(bids[0]!.document), gm: nodeGm });
    expect(v.digestAlgorithm).toBe(CMS_OID.sm3);
    expect(v.signer.subject).toContain("李娜");
    expect(await page.getByTestId("portal-receipt").getAttribute("data-seq")).toBe("1");
    expect(String(bids[0]!.amount)).toBe(listing.view.highest!.amount.toString());
  });

  it("张伟 (P-256) sees 李娜's bid as another's and outbids her", async () => {
    const page = await s.newPage();
    await importAndLogIn(page, "zhangwei-p256");
    await page.getByTestId("portal-nav-trading").click();
    const enter = page.getByRole("link", { name: "进入竞价室" });
    await enter.first().waitFor();
    expect(await enter.count()).toBe(2); // the listing and the timed bidding
    const listing = (await s.c.trading.parcels.list()).find((x) => x.view.phase === "listing")!;
    await page.goto(`/portal/room/${listing.parcel.id}`);
    await page.getByTestId("portal-room").waitFor();
    expect(await page.getByTestId("portal-room-highest-who").textContent()).toBe("他人报价");
    await page.getByTestId("portal-bid-submit").click();
    await page.getByTestId("portal-receipt").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("portal-receipt").getAttribute("data-seq")).toBe("2");
    await s.shot(page, "zhangwei-outbids");
  });
});
