import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/app/clock.js";
import { login, startTestSystem, TEST_PASSWORD, type TestSystem } from "../helpers/app.js";

describe("staff login, sessions, CSRF and throttling", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await startTestSystem({ loginMaxFailures: 3, loginLockMinutes: 10, sessionTtlMinutes: 30 });
    for (const [username, roles] of [
      ["olga", ["ops"]],
      ["tom", ["trading_admin"]],
      ["vic", ["supervisor"]],
      ["dan", ["service_desk"]],
    ] as const) {
      await s.c.staff.create({ username, displayName: username, roles: [...roles], password: TEST_PASSWORD }, "system:test");
    }
  });
  afterAll(() => s.close());

  const post = (url: string, payload: unknown, auth?: { cookie: string; csrf?: string }) =>
    s.app.inject({
      method: "POST",
      url,
      payload: payload as object,
      headers: auth ? { cookie: auth.cookie, ...(auth.csrf ? { "x-csrf-token": auth.csrf } : {}) } : {},
    });

  it("logs in with an httpOnly SameSite=Strict cookie and returns areas by role", async () => {
    const r = await post("/api/auth/login", { username: "OLGA", password: TEST_PASSWORD });
    expect(r.statusCode).toBe(200);
    const cookie = r.cookies.find((c) => c.name === "lt_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Strict");
    expect(cookie.path).toBe("/");
    const body = r.json();
    expect(body.user.username).toBe("olga");
    expect(body.user).not.toHaveProperty("passwordHash");
    expect(body.areas.map((a: { id: string }) => a.id)).toEqual(["ops", "staff", "audit", "verify", "account"]);
    const me = await s.app.inject({ url: "/api/auth/me", headers: { cookie: `lt_session=${cookie.value}` } });
    expect(me.json().user.username).toBe("olga");
  });

  it("does not store the session token, only its digest", async () => {
    const a = await login(s.app, "tom");
    const token = a.cookie.split("=")[1]!;
    const rows = await s.dbh.db.selectFrom("session").select("id").execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
  });

  it("requires the CSRF header on unsafe methods", async () => {
    const a = await login(s.app, "olga");
    const without = await post("/api/staff", { username: "x1", displayName: "x", roles: ["ops"], password: "abcdefgh123" }, { cookie: a.cookie });
    expect(without.json().code).toBe("AUTH_CSRF_INVALID");
    const wrong = await post("/api/staff", { username: "x1", displayName: "x", roles: ["ops"], password: "abcdefgh123" }, { cookie: a.cookie, csrf: "nope" });
    expect(wrong.statusCode).toBe(403);
    const right = await post("/api/staff", { username: "x1", displayName: "x", roles: ["ops"], password: "abcdefgh123" }, a);
    expect(right.statusCode).toBe(201);
    expect((await s.c.staff.list()).some((u) => u.username === "x1")).toBe(true);
  });

  it("answers wrong passwords and unknown users the same way, then throttles, then lets the right password in after the lock", async () => {
    const unknown = await post("/api/auth/login", { username: "nobody", password: "whatever" });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe("AUTH_BAD_CREDENTIALS");
    for (let i = 0; i < 3; i++) {
      const r = await post("/api/auth/login", { username: "vic", password: "wrong-password-1" });
      expect(r.json().code).toBe("AUTH_BAD_CREDENTIALS");
    }
    const locked = await post("/api/auth/login", { username: "vic", password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe("AUTH_THROTTLED");
    expect(Number(locked.headers["retry-after"])).toBe(600);
    s.clock.advance(10 * MINUTE + 1000);
    expect((await post("/api/auth/login", { username: "vic", password: TEST_PASSWORD })).statusCode).toBe(200);
    const actions = (await s.c.store.read.audit.list({ subject: "staff:vic", limit: 20 })).map((e) => e.action);
    expect(actions).toEqual(["auth.login", "auth.login.throttled", "auth.login.locked", "auth.login.failed", "auth.login.failed", "staff.user.create"]);
  });

  it("expires idle sessions by the clock", async () => {
    const a = await login(s.app, "dan");
    s.clock.advance(20 * MINUTE);
    expect((await s.app.inject({ url: "/api/auth/me", headers: { cookie: a.cookie } })).statusCode).toBe(200);
    s.clock.advance(29 * MINUTE); // sliding: 29 min since last use
    expect((await s.app.inject({ url: "/api/auth/me", headers: { cookie: a.cookie } })).statusCode).toBe(200);
    s.clock.advance(31 * MINUTE);
    const r = await s.app.inject({ url: "/api/auth/me", headers: { cookie: a.cookie } });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe("AUTH_SESSION_EXPIRED");
  });

  it("logs out, and the cookie stops working", async () => {
    const a = await login(s.app, "dan");
    expect((await post("/api/auth/logout", {}, a)).statusCode).toBe(204);
    expect((await s.app.inject({ url: "/api/auth/me", headers: { cookie: a.cookie } })).json().code).toBe("AUTH_REQUIRED");
  });

  it("a password reset ends the user's sessions; disabling blocks login", async () => {
    const admin = await login(s.app, "olga");
    const tom = await login(s.app, "tom");
    expect((await post("/api/staff/tom/password", { password: "short" }, admin)).json().code).toBe("PASSWORD_TOO_WEAK");
    expect((await post("/api/staff/tom/password", { password: "new-Password-22" }, admin)).statusCode).toBe(204);
    expect((await s.app.inject({ url: "/api/auth/me", headers: { cookie: tom.cookie } })).statusCode).toBe(401);
    expect((await post("/api/auth/login", { username: "tom", password: "new-Password-22" })).statusCode).toBe(200);

    const dis = await s.app.inject({ method: "PATCH", url: "/api/staff/tom", payload: { disabled: true }, headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf } });
    expect(dis.json().disabled).toBe(true);
    const r = await post("/api/auth/login", { username: "tom", password: "new-Password-22" });
    expect(r.json().code).toBe("AUTH_ACCOUNT_DISABLED");
  });

  it("the session cache: role changes, disabling and logout on this node count at once; a change made elsewhere within its TTL", async () => {
    await s.c.staff.create({ username: "kim", displayName: "kim", roles: ["supervisor"], password: TEST_PASSWORD }, "system:test");
    const admin = await login(s.app, "olga");
    const kim = await login(s.app, "kim");
    const me = async (who = kim) => s.app.inject({ url: "/api/auth/me", headers: { cookie: who.cookie } });
    const areas = async () => (await me()).json().areas.map((a: { id: string }) => a.id);
    expect(await areas()).toContain("supervision"); // now cached
    const hitsBefore = s.c.login.cache.hits;
    expect(await areas()).toContain("supervision");
    expect(s.c.login.cache.hits).toBe(hitsBefore + 1);

    const patch = (payload: object) => s.app.inject({ method: "PATCH", url: "/api/staff/kim", payload, headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf } });
    expect((await patch({ roles: ["ops"] })).statusCode).toBe(200);
    expect(await areas()).toEqual(expect.arrayContaining(["staff", "ops"]));
    expect(await areas()).not.toContain("supervision");

    // Changed by another node (straight in the database): seen once the cache entry has aged out.
    const id = (await s.c.staff.get("kim")).id;
    await s.c.store.tx((r) => r.staff.update(id, { roles: ["supervisor"] }, s.clock.now()));
    expect(await areas()).toContain("ops");
    s.clock.advance(s.c.login.cache.ttlMs + 1);
    expect(await areas()).toContain("supervision");

    expect((await patch({ disabled: true })).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(401);

    const olga2 = await login(s.app, "olga");
    expect((await me(olga2)).statusCode).toBe(200);
    expect((await post("/api/auth/logout", {}, olga2)).statusCode).toBe(204);
    expect((await me(olga2)).statusCode).toBe(401);
  });

  it("changes one's own password only with the current one", async () => {
    await s.c.staff.create({ username: "pat", displayName: "pat", roles: ["expert"], password: TEST_PASSWORD }, "system:test");
    const a = await login(s.app, "pat");
    const wrong = await post("/api/auth/password", { currentPassword: "not-it-123", newPassword: "brand-New-99" }, a);
    expect(wrong.json().code).toBe("AUTH_BAD_CREDENTIALS");
    expect((await post("/api/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "brand-New-99" }, a)).statusCode).toBe(204);
    await login(s.app, "pat", "brand-New-99");
  });

  it("rejects duplicate user names and unknown roles without storing anything", async () => {
    const admin = await login(s.app, "olga");
    const before = (await s.c.store.read.audit.head()).seq;
    const dup = await post("/api/staff", { username: "tom", displayName: "t", roles: ["ops"], password: "abcdefgh123" }, admin);
    expect(dup.json().code).toBe("USER_EXISTS");
    const role = await post("/api/staff", { username: "zed", displayName: "z", roles: ["emperor"], password: "abcdefgh123" }, admin);
    expect(role.json().code).toBe("VALIDATION_FAILED");
    expect((await s.c.store.read.audit.head()).seq).toBe(before);
    expect((await s.c.staff.list()).some((u) => u.username === "zed")).toBe(false);
  });

  it("keeps the audit chain valid through all of it", async () => {
    const r = await s.c.audit.verify(s.c.store.read.audit);
    expect(r.ok).toBe(true);
    expect(r.entries).toBeGreaterThan(10);
  });
});
