/**
 * The verification page (签名验证) in Chromium against a real server with the
 * demo data: any staff member drops a signed file and reads the answer.
 * Files are made here with real keys: the security service's own P-256 key
 * (attached, with an RFC 3161 timestamp from our TSA), and `openssl cms
 * -sign` with demo bidders' keys and certificates our CA issued (detached PEM,
 * and attached DER after the signer was revoked). Also a tampered file,
 * garbage, a detached signature with the wrong original and without one.
 * Every check reads what the page shows; the call log must hold each answer.
 * Screenshots: test-results/screenshots/verify-*.png.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/app/demo-seed.js";
import { demoBidderDir } from "../../src/app/demo-seed-ra.js";
import { provisionServiceKeys } from "../../src/signing/provision.js";
import { HAS_CHROMIUM, PHONE, startBrowserSystem, type BrowserSystem } from "../helpers/browser.js";
import { scratch } from "../helpers/openssl.js";

const DOC = new TextEncoder().encode("长沙县国土资源局 成交确认书 LT-2026-0042：地块 CS-2026-07 由竞得人以 1,280 万元竞得。");
const OTHER = new TextEncoder().encode("长沙县国土资源局 成交确认书 LT-2026-0042：地块 CS-2026-07 由竞得人以 1,180 万元竞得。");

interface Upload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}
const file = (name: string, bytes: Uint8Array, mimeType = "application/octet-stream"): Upload => ({ name, mimeType, buffer: Buffer.from(bytes) });

describe.skipIf(!HAS_CHROMIUM)("signature verification page (Chromium)", () => {
  let s: BrowserSystem;
  const o = scratch("lt-verify-e2e-");
  let attached: Uint8Array; // the service's own signature, attached, timestamped
  let revokedSerial = "";

  beforeAll(async () => {
    s = await startBrowserSystem({
      prefix: "verify",
      shotPrefix: "verify",
      pageTimeout: 15_000,
      seed: async (c) => {
        const r = await seedDemo(c, { incidents: false, trading: false });
        await provisionServiceKeys({ ca: c.pki.ca, keys: c.pki.keys, security: c.security.service }, "ecdsa-p256", "system:test");
        attached = (await c.security.service.sign(DOC, { suite: "ecdsa-p256", detached: false, timestamp: true }, "system:test")).cms;
        revokedSerial = r.ra!.bidders.find((b) => b.dir.endsWith("xingsha-p256"))!.serial;
      },
    });
    o.write("doc.txt", DOC);
  }, 240_000);
  afterAll(() => s?.close());

  const bidder = (slug: string, f: string) => path.join(demoBidderDir(s.c.config, slug), f);

  async function opensslSign(slug: string, out: string, extra: string[]): Promise<Uint8Array> {
    const r = await o.run(["cms", "-sign", "-binary", "-md", "sha256", "-in", o.path("doc.txt"), "-signer", bidder(slug, "cert.pem"), "-inkey", bidder(slug, "key.pem"), "-certfile", bidder(slug, "chain.pem"), "-out", o.path(out), ...extra]);
    expect(r.code, r.out).toBe(0);
    return o.read(out);
  }

  /** Puts the files on the page's inputs, presses verify, waits for the report. */
  async function verify(page: Page, sig: Upload, content?: Upload): Promise<string> {
    if (await page.getByTestId("verify-signature-clear").count()) await page.getByTestId("verify-signature-clear").click();
    if (await page.getByTestId("verify-content-clear").count()) await page.getByTestId("verify-content-clear").click();
    await page.getByTestId("verify-signature-input").setInputFiles(sig);
    if (content) await page.getByTestId("verify-content-input").setInputFiles(content);
    await page.getByTestId("verify-submit").click();
    const result = page.getByTestId("verify-result");
    await result.waitFor();
    return (await result.getAttribute("data-outcome"))!;
  }
  const text = async (page: Page, id: string) => (await page.getByTestId(id).textContent()) ?? "";
  const code = (page: Page) => page.getByTestId("verify-result").getAttribute("data-code");
  const overflow = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");

  it("a service-desk user drops the bureau's signed file: valid, signer, timestamp, chain to the root, revocation checked live", async () => {
    const page = await s.newPage();
    await s.login(page, "desk");
    await page.getByTestId("nav-verify").click();
    await page.getByTestId("verify-area").waitFor();
    expect(await page.getByTestId("verify-submit").isDisabled()).toBe(true);
    // A real drop: a DataTransfer with the file, dropped on the zone.
    // (a string expression: this project's Node tsconfig has no DOM types)
    const dt = await page.evaluateHandle(`(() => {
      const t = new DataTransfer();
      t.items.add(new File([Uint8Array.from(atob("${Buffer.from(attached).toString("base64")}"), (ch) => ch.charCodeAt(0))], "成交确认书.p7m", { type: "application/pkcs7-mime" }));
      return t;
    })()`);
    await page.getByTestId("verify-signature").dispatchEvent("drop", { dataTransfer: dt });
    expect(await text(page, "verify-signature-name")).toBe("成交确认书.p7m");
    await page.getByTestId("verify-submit").click();
    await page.getByTestId("verify-result").waitFor();
    expect(await page.getByTestId("verify-result").getAttribute("data-outcome")).toBe("valid");
    expect(await text(page, "verify-headline")).toBe("签名有效");
    expect(await text(page, "verify-signer-cn")).toContain("安全应用支持服务 签名 (ECDSA)");
    expect(await text(page, "verify-signer-org")).toBe("长沙县国土资源局");
    const serial = (await s.c.security.service.listServiceKeys()).find((k) => k.purpose === "sign" && k.suite === "ecdsa-p256")!.serial;
    expect(await text(page, "verify-signer-serial")).toBe(serial);
    expect(await text(page, "verify-issuer")).toMatch(/子CA \(ECDSA\)/);
    expect(await text(page, "verify-root")).toMatch(/根CA \(ECDSA\) · 受信任/);
    expect(await text(page, "verify-summary")).toContain("链接到受信任的根证书");
    expect(await text(page, "verify-timestamp-time")).toMatch(/^\d{4}\/\d{2}\/\d{2}/);
    expect(await text(page, "verify-signing-time")).toMatch(/^\d{4}\/\d{2}\/\d{2}/);
    expect(await text(page, "verify-revocation")).toBe("未吊销");
    expect(await text(page, "verify-revocation-source")).toBe("本系统 CA 证书库（实时）");
    expect(await page.getByTestId("verify-chain").locator("li").count()).toBe(3);
    expect(await text(page, "verify-encoding")).toBe("DER");
    expect(await page.getByTestId("verify-explanation").count()).toBe(0);
    await s.shot(page, "valid-zh");
  });

  it("openssl cms -sign by a demo bidder, detached PEM: both files in one drop → valid; the wrong original → SEC_SIG_INVALID; none → SEC_CONTENT_MISSING", async () => {
    const pem = await opensslSign("zhangwei-p256", "zw.p7s", ["-outform", "PEM"]);
    expect(new TextDecoder().decode(pem)).toContain("-----BEGIN");
    const page = await s.newPage();
    await s.login(page, "trading");
    await page.goto("/verify");
    // Both files at once on the signature zone: the page tells them apart by extension.
    await page.getByTestId("verify-signature-input").setInputFiles([file("确认书.txt", DOC, "text/plain"), file("zhangwei.p7s", pem)]);
    expect(await text(page, "verify-signature-name")).toBe("zhangwei.p7s");
    expect(await text(page, "verify-content-name")).toBe("确认书.txt");
    await page.getByTestId("verify-submit").click();
    await page.getByTestId("verify-result").waitFor();
    expect(await page.getByTestId("verify-result").getAttribute("data-outcome")).toBe("valid");
    expect(await text(page, "verify-signer-cn")).toBe("张伟");
    expect(await text(page, "verify-encoding")).toBe("PEM");
    expect(await text(page, "verify-timestamp-time")).toBe("无");
    expect(await text(page, "verify-revocation")).toBe("未吊销");

    expect(await verify(page, file("zhangwei.p7s", pem), file("确认书-改.txt", OTHER))).toBe("invalid");
    expect(await code(page)).toBe("SEC_SIG_INVALID");
    expect(await text(page, "verify-headline")).toBe("签名无效");
    expect(await text(page, "verify-remedy")).not.toBe("");
    await s.shot(page, "wrong-content-zh");

    expect(await verify(page, file("zhangwei.p7s", pem))).toBe("error");
    expect(await code(page)).toBe("SEC_CONTENT_MISSING");
  });

  it("a tampered file is SEC_SIG_INVALID; a signer revoked before signing is SEC_CERT_REVOKED with when and how it was checked", async () => {
    const page = await s.newPage();
    await s.login(page, "supervisor");
    await page.goto("/verify");
    // Change one byte of the signed document inside the attached file.
    const tampered = Buffer.from(attached);
    const at = tampered.indexOf(Buffer.from("1,280"));
    expect(at).toBeGreaterThan(0);
    tampered[at + 2] = "1".charCodeAt(0);
    expect(await verify(page, file("成交确认书-改.p7m", tampered))).toBe("invalid");
    expect(await code(page)).toBe("SEC_SIG_INVALID");
    expect(await text(page, "verify-cause")).not.toBe("");

    await s.c.pki.revocation.revoke(revokedSerial, "keyCompromise", "test:ra-admin");
    const der = await opensslSign("xingsha-p256", "xs.p7m", ["-nodetach", "-outform", "DER"]);
    expect(await verify(page, file("xingsha.p7m", der))).toBe("invalid");
    expect(await code(page)).toBe("SEC_CERT_REVOKED");
    expect(await text(page, "verify-revocation")).toBe("已吊销");
    expect(await text(page, "verify-revocation-source")).toBe("本系统 CA 证书库（实时）");
    expect(await text(page, "verify-revoked-at")).toMatch(/^\d{4}\/\d{2}\/\d{2}/);
    expect(await text(page, "verify-signer-serial")).toBe(revokedSerial);
    expect(await text(page, "verify-remedy")).not.toBe("");
    await s.shot(page, "revoked-zh");
  });

  it("garbage is SEC_CMS_MALFORMED with cause and remedy; English and the phone layout hold; each answer is in the call log", async () => {
    const page = await s.newPage(PHONE);
    await s.login(page, "ra-operator");
    await page.goto("/verify");
    await page.getByTestId("verify-area").waitFor();
    await page.getByTestId("lang-switch").click();
    await page.waitForFunction("document.documentElement.lang === 'en'");
    expect(await verify(page, file("scan.p7s", new TextEncoder().encode("%PDF-1.7 this is a scanned page, not a signature")))).toBe("error");
    expect(await code(page)).toBe("SEC_CMS_MALFORMED");
    expect(await text(page, "verify-headline")).toBe("This file cannot be verified");
    expect(await text(page, "verify-cause")).toContain("truncated");
    expect(await text(page, "verify-remedy")).toContain("Export the signed");
    expect(await overflow(page)).toBeLessThanOrEqual(1);
    await s.shot(page, "malformed-en-phone");

    expect(await verify(page, file("成交确认书.p7m", attached))).toBe("valid");
    expect(await text(page, "verify-headline")).toBe("Signature valid");
    expect(await text(page, "verify-revocation")).toBe("not revoked");
    expect(await overflow(page)).toBeLessThanOrEqual(1);
    await s.shot(page, "valid-en-phone");

    await s.c.security.calls.flush();
    const stats = await s.c.store.read.security.stats(new Date(0));
    const outcomes = stats.filter((x) => x.fn === "verify").map((x) => x.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(["OK", "SEC_SIG_INVALID", "SEC_CONTENT_MISSING", "SEC_CERT_REVOKED", "SEC_CMS_MALFORMED"]));
  });
});
