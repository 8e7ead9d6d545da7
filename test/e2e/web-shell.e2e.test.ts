/**
 * The staff web shell in a real browser against a real server started
 * in-process: login and its errors, role-filtered navigation, the staff,
 * audit and account screens, the language switch and a phone layout.
 * Screenshots go to test-results/screenshots/ (look at them: Chinese glyphs
 * must render and the phone layout must not overflow).
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../src/app/demo-seed.js";
import { HAS_CHROMIUM, PHONE, startBrowserSystem, type BrowserSystem } from "../helpers/browser.js";

describe.skipIf(!HAS_CHROMIUM)("staff web shell (Chromium)", () => {
  let s: BrowserSystem;
  beforeAll(async () => {
    s = await startBrowserSystem({
      prefix: "shell",
      pageTimeout: 15_000, // generous: a loaded 2-core machine runs several suites at once
      seed: async (c) => {
        // Accounts only: the support area has its own browser test with the demo desk.
        await seedDemo(c, { incidents: false });
        // Pad the audit log past one page (50) so "load more" has something to load.
        for (let i = 0; i < 40; i++) await c.staff.update("supervisor", { displayName: `李监管 ${i}` }, "system:e2e");
        await c.staff.update("supervisor", { displayName: "李监管（监管人员）" }, "system:e2e");
      },
    });
  }, 240_000);
  afterAll(() => s?.close());
  const newPage = (o?: BrowserContextOptions) => s.newPage(o);
  const login = (page: Page, username: string, password?: string) => s.login(page, username, password);
  const shot = (page: Page, name: string) => s.shot(page, name);

  /** data-testid of every area link, in order. */
  async function navIds(page: Page): Promise<string[]> {
    await page.locator(".nav-link").first().waitFor({ state: "attached" });
    const links = await page.locator(".nav-link").all();
    return Promise.all(links.map(async (l) => (await l.getAttribute("data-testid")) ?? ""));
  }

  const horizontalOverflow = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");

  it("shows the server's message for a wrong password, in the chosen language", async () => {
    const page = await newPage();
    await page.goto("/");
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await page.getByTestId("login-username").fill("desk");
    await page.getByTestId("login-password").fill("not-the-password-1");
    await page.getByTestId("login-submit").click();
    const error = page.getByTestId("login-error");
    await error.waitFor();
    expect(await error.getAttribute("data-code")).toBe("AUTH_BAD_CREDENTIALS");
    expect(await error.textContent()).toContain("用户名或密码错误");
    expect(await page.getByTestId("login-error-code").textContent()).toBe("AUTH_BAD_CREDENTIALS");
    await shot(page, "login-error-zh");

    await page.getByTestId("lang-switch").click();
    await page.waitForFunction("document.documentElement.lang === 'en'");
    expect(await error.textContent()).toContain("Wrong user name or password");
    expect(await page.getByTestId("login-submit").textContent()).toBe("Log in");
  });

  it("ops: sees exactly its areas, creates and disables an account, pages and verifies the audit log", async () => {
    const page = await newPage();
    await login(page, "ops");
    expect(await navIds(page)).toEqual(["nav-ops", "nav-staff", "nav-audit", "nav-verify", "nav-account"]);
    expect(await page.getByTestId("nav-trading").count()).toBe(0);
    expect(await page.getByTestId("nav-ra").count()).toBe(0);
    // Landing page = first area: the ops dashboard (test/e2e/ops-dashboard.e2e.test.ts covers it).
    expect(new URL(page.url()).pathname).toBe("/ops");
    await page.getByTestId("ops-area").waitFor();
    expect(await page.getByTestId("area-not-built").count()).toBe(0);
    expect(await page.getByTestId("user-name").textContent()).toBe("马运维（运维管理员）");
    expect(await page.getByTestId("user-roles").textContent()).toContain("运维管理员");

    await page.getByTestId("nav-staff").click();
    expect(new URL(page.url()).pathname).toBe("/staff");
    await page.getByTestId("staff-row-president").waitFor();
    expect(await page.locator('[data-testid^="staff-row-"]').count()).toBe(14);

    // A weak password comes back as the server's PASSWORD_TOO_WEAK problem.
    await page.getByTestId("staff-create-username").fill("e2e-clerk");
    await page.getByTestId("staff-create-displayName").fill("测试文员");
    await page.getByTestId("staff-create-email").fill("clerk@example.org");
    await page.getByTestId("staff-create-password").fill("short");
    await page.getByTestId("staff-create-role-service_desk").check();
    await page.getByTestId("staff-create-submit").click();
    expect(await page.getByTestId("staff-create-error").getAttribute("data-code")).toBe("PASSWORD_TOO_WEAK");

    await page.getByTestId("staff-create-password").fill("Clerk-pass-2026");
    await page.getByTestId("staff-create-submit").click();
    const row = page.getByTestId("staff-row-e2e-clerk");
    await row.waitFor();
    expect(await row.textContent()).toContain("客户服务组");
    expect(await page.getByTestId("staff-notice").textContent()).toContain("e2e-clerk");

    await row.getByTestId("staff-toggle").click();
    await row.getByText("已停用").waitFor();
    await shot(page, "staff-desktop-zh");

    await page.getByTestId("nav-audit").click();
    await page.getByTestId("audit-table").waitFor();
    expect(await page.getByTestId("audit-row").count()).toBe(50);
    const newest = page.getByTestId("audit-row").first();
    expect(await newest.getAttribute("data-action")).toBe("staff.user.update");
    // The demo seed (CA, RA, knowledge s.base) writes many entries: load pages until the end.
    for (let i = 0; i < 40 && !(await page.getByTestId("audit-end").isVisible()); i++) {
      const shown = await page.getByTestId("audit-row").count();
      await page.getByTestId("audit-load-more").click();
      await page.waitForFunction(`document.querySelectorAll("[data-testid=audit-row]").length > ${shown} || !!document.querySelector("[data-testid=audit-end]")`);
    }
    await page.getByTestId("audit-end").waitFor();
    const total = await page.getByTestId("audit-row").count();
    expect(total).toBeGreaterThan(50);

    await page.getByTestId("audit-filter-action").fill("staff.user.create");
    await page.getByTestId("audit-filter-apply").click();
    await page.waitForFunction("document.querySelectorAll('[data-testid=audit-row]').length === 15");
    const actions = await Promise.all((await page.getByTestId("audit-row").all()).map((r) => r.getAttribute("data-action")));
    expect(new Set(actions)).toEqual(new Set(["staff.user.create"]));

    await page.getByTestId("audit-verify").click();
    const verdict = page.getByTestId("audit-verify-result");
    await verdict.waitFor();
    expect(await verdict.getAttribute("data-ok")).toBe("true");
    expect(await verdict.textContent()).toContain("日志链完整");
    await shot(page, "audit-desktop-zh");

    // English: nav labels change, <html lang> follows, and the choice survives a reload.
    await page.getByTestId("lang-switch").click();
    expect(await page.getByTestId("nav-staff").textContent()).toBe("Users & roles");
    expect(await page.getByTestId("nav-audit").textContent()).toBe("Audit log");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.reload();
    await page.getByTestId("audit-table").waitFor();
    expect(await page.getByTestId("nav-account").textContent()).toBe("My account");
    await shot(page, "audit-desktop-en");
    await page.getByTestId("lang-switch").click();
    expect(await page.getByTestId("nav-account").textContent()).toBe("我的帐户");

    await page.getByTestId("logout").click();
    expect(await page.getByTestId("login-notice").textContent()).toContain("已退出登录");
    await page.goto("/staff");
    await page.getByTestId("login-form").waitFor();
  });

  it("ra-operator: sees only the RA area, signature verification and its account; the RA desk opens; /staff says no access", async () => {
    const page = await newPage();
    await login(page, "ra-operator");
    expect(await navIds(page)).toEqual(["nav-ra", "nav-verify", "nav-account"]);
    expect(new URL(page.url()).pathname).toBe("/ra");
    await page.getByTestId("ra-desk").waitFor();
    expect(await page.getByTestId("area-not-built").count()).toBe(0);

    await page.goto("/staff");
    const denied = page.getByTestId("no-access");
    await denied.waitFor();
    expect(await denied.textContent()).toContain("用户与角色");
    expect(await page.getByTestId("staff-table").count()).toBe(0);
    await shot(page, "ra-no-access-zh");

    await page.goto("/no-such-page");
    await page.getByTestId("not-found").waitFor();

    await page.getByTestId("nav-account").click();
    expect(await page.getByTestId("account-username").textContent()).toBe("ra-operator");
    expect(await page.getByTestId("account-roles").textContent()).toBe("RA 操作员");
  });

  it("changing my password ends the session and the new password works", async () => {
    const page = await newPage();
    await login(page, "expert");
    await page.getByTestId("nav-account").click();
    await page.getByTestId("password-current").fill(DEMO_PASSWORD);
    await page.getByTestId("password-new").fill("Expert-new-2026");
    await page.getByTestId("password-confirm").fill("Expert-new-2027");
    await page.getByTestId("password-submit").click();
    await page.getByTestId("password-mismatch").waitFor();
    await shot(page, "account-desktop-zh");

    await page.getByTestId("password-new").fill("Expert-new-2026");
    await page.getByTestId("password-confirm").fill("Expert-new-2026");
    await page.getByTestId("password-submit").click();
    expect(await page.getByTestId("login-notice").textContent()).toContain("密码已修改");
    await login(page, "expert", "Expert-new-2026");
  });

  it("fits a phone: no horizontal overflow, the nav folds into a menu", async () => {
    const page = await newPage(PHONE);
    await page.goto("/");
    await page.getByTestId("login-form").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "login-phone-zh");

    await login(page, "ops");
    const toggle = page.getByTestId("nav-toggle");
    expect(await toggle.isVisible()).toBe(true);
    expect(await page.getByTestId("nav-staff").isVisible()).toBe(false);
    await toggle.click();
    await page.getByTestId("nav-staff").waitFor({ state: "visible" });
    await shot(page, "nav-open-phone-zh");
    await page.getByTestId("nav-staff").click();
    await page.getByTestId("staff-row-president").waitFor();
    expect(await page.getByTestId("nav-audit").isVisible()).toBe(false);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "staff-phone-zh");

    await toggle.click();
    await page.getByTestId("nav-audit").click();
    await page.getByTestId("audit-verify").click();
    await page.getByTestId("audit-verify-result").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "audit-phone-zh");
  });
});
