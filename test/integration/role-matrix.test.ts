/**
 * Role × route matrix. The expected table is written out here by hand, not
 * derived from the route declarations, so a change in either shows up.
 * Every route the app registers must appear in the table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/auth/roles.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "../helpers/app.js";

const ALL = "all-staff" as const;
const PUBLIC = "public" as const;
type Who = typeof ALL | typeof PUBLIC | Role[];

const EXPECTED: Record<string, Who> = {
  "GET /healthz": PUBLIC,
  "GET /readyz": PUBLIC,
  "GET /api/meta": PUBLIC,
  "GET /api/errors": PUBLIC,
  "GET /api/openapi.json": PUBLIC,
  "POST /api/auth/login": PUBLIC,
  "GET /api/auth/me": ALL,
  "POST /api/auth/password": ALL,
  "POST /api/auth/logout": ALL,
  "GET /api/staff": ["ops"],
  "POST /api/staff": ["ops"],
  "PATCH /api/staff/:username": ["ops"],
  "POST /api/staff/:username/password": ["ops"],
  "GET /api/audit": ["supervisor", "ra_auditor", "ops"],
  "GET /api/audit/verify": ["supervisor", "ra_auditor", "ops"],
  "GET /api/pki/cas": ["ra_admin", "ra_auditor"],
  "GET /api/pki/certificates": ["ra_admin", "ra_auditor"],
  "GET /api/pki/certificates/:serial": ["ra_admin", "ra_auditor"],
  "POST /api/pki/certificates/:serial/revoke": ["ra_admin"],
  "POST /api/pki/certificates/:serial/hold": ["ra_admin"],
  "POST /api/pki/certificates/:serial/release": ["ra_admin"],
  "GET /api/pki/crls": ["ra_admin", "ra_auditor"],
  "GET /api/security/functions": ALL,
  "POST /api/security/functions": ALL,
  "POST /api/security/authenticate/challenge": ALL,
  "POST /api/security/authenticate": ALL,
  "POST /api/security/sign": ["trading_admin", "ra_admin", "ops"],
  "POST /api/security/verify": ALL,
  "POST /api/security/encrypt": ALL,
  "POST /api/security/decrypt": ["ops", "ra_admin", "trading_admin"],
  "POST /api/security/validate": ALL,
  "GET /api/security/trust": ALL,
  "GET /api/security/stats": ["ops", "supervisor", "tech_support", "tech_support_manager", "cto"],
  "GET /api/security/*": ALL,
  "GET /api/ops/overview": ["ops"],
  "GET /api/ops/probes/:id/history": ["ops"],
  "POST /api/ops/probes/:id/run": ["ops"],
  "GET /api/ops/backups": ["ops"],
  "POST /api/ops/backups": ["ops"],
  "POST /api/ops/backups/:id/verify": ["ops"],
  "POST /api/security/*": ALL,
};

const allowed = (who: Who, role: Role) => who === PUBLIC || who === ALL || who.includes(role);

describe("role × route matrix", () => {
  let s: TestSystem;
  const sessions = new Map<Role, LoggedIn>();

  beforeAll(async () => {
    s = await startTestSystem();
    for (const role of ROLES) {
      await s.c.staff.create({ username: `u-${role.replace(/_/g, "-")}`, displayName: role, roles: [role], password: TEST_PASSWORD }, "system:test");
    }
    for (const role of ROLES) sessions.set(role, await login(s.app, `u-${role.replace(/_/g, "-")}`));
  });
  afterAll(() => s.close());

  it("covers every registered route, and every route declares its access", () => {
    const registered = s.app.routeTable
      .filter((r) => !r.url.startsWith("/api/docs") && (r.url.startsWith("/api") || r.url.endsWith("z")))
      .map((r) => `${r.method} ${r.url}`);
    expect(new Set(registered)).toEqual(new Set(Object.keys(EXPECTED)));
    for (const r of s.app.routeTable) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  // Logout last: it ends the session used for the other calls.
  const routes = Object.entries(EXPECTED).sort(([a], [b]) => Number(a.includes("logout")) - Number(b.includes("logout")));

  for (const [route, who] of routes) {
    const [method, pattern] = route.split(" ") as [string, string];
    const url = pattern.replace(":username", "nobody-here").replace(":serial", "00ff00ff");
    // Mutations get an invalid body so an allowed call fails validation and changes nothing.
    const payload = method === "GET" ? undefined : { invalid: true };

    if (who !== PUBLIC) {
      it(`${route}: anonymous → 401`, async () => {
        const r = await s.app.inject({ method: method as "GET", url, payload });
        expect(r.statusCode).toBe(401);
        expect(r.json().code).toBe("AUTH_REQUIRED");
      });
    }

    it(`${route}: ${who === PUBLIC ? "public" : who === ALL ? "every role" : who.join(", ")}`, async () => {
      for (const role of ROLES) {
        const sess = sessions.get(role)!;
        const r = await s.app.inject({
          method: method as "GET",
          url,
          payload,
          headers: { cookie: sess.cookie, "x-csrf-token": sess.csrf },
        });
        if (allowed(who, role)) {
          expect([401, 403], `${role} should reach ${route}, got ${r.statusCode} ${r.body}`).not.toContain(r.statusCode);
        } else {
          expect(r.statusCode, `${role} must not reach ${route}`).toBe(403);
          expect(r.json().code).toBe("AUTH_FORBIDDEN");
        }
      }
    });
  }

  it("the supervisor is read-only: no mutation beyond its own session", () => {
    const mutations = Object.entries(EXPECTED).filter(([r, who]) => !r.startsWith("GET") && who !== PUBLIC && who !== ALL && allowed(who, "supervisor"));
    expect(mutations).toEqual([]);
  });
});
