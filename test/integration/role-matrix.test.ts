/**
 * Role × route matrix. The expected table is written out here by hand, not
 * derived from the route declarations, so a change in either shows up.
 * Every route the app registers must appear in the table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/auth/roles.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "../helpers/app.js";
import { createBidder, loginBidder } from "../helpers/bidder.js";

const ALL = "all-staff" as const;
const PUBLIC = "public" as const;
/** Routes for a bidder logged in with a certificate (cookie lt_bidder); no staff role reaches them. */
const BIDDER = "bidder" as const;
/** Public, but the caller authenticates with an application id and one-time enrollment code (HTTP Basic). */
const CODE = "enrollment-code" as const;
type Who = typeof ALL | typeof PUBLIC | typeof BIDDER | typeof CODE | Role[];

const RA = ["ra_admin", "ra_operator", "ra_auditor"] satisfies Role[];
const RA_DESK = ["ra_operator", "ra_admin"] satisfies Role[];

// Support desk groups (seed §4.1–4.4), written out by hand.
const DESK_READ: Role[] = ["service_desk", "tech_support", "expert", "local_service_point", "customer_manager", "tech_support_manager", "cto", "president"];
const MGRS: Role[] = ["customer_manager", "tech_support_manager", "cto", "president"];
const ENGINEERS: Role[] = ["service_desk", "tech_support", "local_service_point"];
const KB_READ: Role[] = ["service_desk", "tech_support", "expert", "local_service_point", "customer_manager", "tech_support_manager", "cto", "president"];
const KB_WRITE: Role[] = ["service_desk", "tech_support", "expert", "tech_support_manager"];

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
  "GET /api/support/meta": DESK_READ,
  "GET /api/support/incidents": DESK_READ,
  "POST /api/support/incidents": ENGINEERS,
  "GET /api/support/incidents/:incidentNo": DESK_READ,
  "POST /api/support/incidents/:incidentNo/attachments": [...ENGINEERS, "expert"],
  "GET /api/support/incidents/:incidentNo/attachments/:attachmentId": DESK_READ,
  "POST /api/support/incidents/:incidentNo/contact": ENGINEERS,
  "POST /api/support/incidents/:incidentNo/assign": ["service_desk", "tech_support", ...MGRS],
  "POST /api/support/incidents/:incidentNo/severity": [...ENGINEERS, ...MGRS],
  "POST /api/support/incidents/:incidentNo/triage": ENGINEERS,
  "POST /api/support/incidents/:incidentNo/answer": ["service_desk", "local_service_point"],
  "POST /api/support/incidents/:incidentNo/handover": ["service_desk"],
  "POST /api/support/incidents/:incidentNo/tracking": [...ENGINEERS, "expert"],
  "POST /api/support/incidents/:incidentNo/solve": ["tech_support", "local_service_point"],
  "POST /api/support/incidents/:incidentNo/confirm": ["service_desk"],
  "POST /api/support/incidents/:incidentNo/pause": ENGINEERS,
  "POST /api/support/incidents/:incidentNo/resume": ENGINEERS,
  "POST /api/support/incidents/:incidentNo/reply": ENGINEERS,
  "POST /api/support/incidents/:incidentNo/route-local": ["service_desk"],
  "POST /api/support/incidents/:incidentNo/escalate-to-centre": ["local_service_point"],
  "POST /api/support/incidents/:incidentNo/consultations": [...ENGINEERS, ...MGRS],
  "POST /api/support/incidents/:incidentNo/dispatches": ["service_desk", "tech_support"],
  "POST /api/support/incidents/:incidentNo/remote-sessions": ["tech_support", "local_service_point"],
  "POST /api/support/incidents/:incidentNo/major": ["service_desk", "tech_support", ...MGRS],
  "POST /api/support/incidents/:incidentNo/major-updates": ["service_desk", "tech_support", ...MGRS],
  "POST /api/support/incidents/:incidentNo/review": MGRS,
  "GET /api/support/handovers": DESK_READ,
  "POST /api/support/handovers/:handoverId/accept": ["tech_support"],
  "POST /api/support/handovers/:handoverId/return": ["tech_support"],
  "GET /api/support/consultations": DESK_READ,
  "POST /api/support/consultations/:consultationId/answer": ["expert"],
  "GET /api/support/dispatches": DESK_READ,
  "POST /api/support/dispatches/:dispatchId/arrive": ["local_service_point"],
  "POST /api/support/dispatches/:dispatchId/complete": ["local_service_point"],
  "POST /api/support/dispatches/:dispatchId/cancel": ENGINEERS,
  "GET /api/support/archive": DESK_READ,
  "GET /api/support/notifications": ALL,
  "POST /api/support/notifications/read": ALL,
  "GET /api/support/escalations": DESK_READ,
  "GET /api/support/escalation-rules": DESK_READ,
  "PUT /api/support/escalation-rules/:severity": ["tech_support_manager", "cto", "president"],
  "GET /api/support/reports": DESK_READ,
  "GET /api/support/mail/outbox": ["service_desk", "tech_support", ...MGRS],
  "GET /api/support/mail/inbound": ["service_desk", "tech_support", ...MGRS],
  "GET /api/support/mail/inbound/:mailId/raw": ["service_desk", "tech_support", ...MGRS],
  "POST /api/public/incidents": PUBLIC,
  "GET /api/public/incidents/:incidentNo": PUBLIC,
  "GET /api/public/status": PUBLIC,
  "GET /api/pki/external-cas": ["ra_admin", "ra_operator", "ra_auditor"],
  "POST /api/pki/external-cas": ["ra_admin"],
  "GET /api/pki/cas": ["ra_admin", "ra_auditor"],
  "GET /api/pki/certificates": ["ra_admin", "ra_auditor"],
  "GET /api/pki/certificates/:serial": ["ra_admin", "ra_auditor"],
  "POST /api/pki/certificates/:serial/revoke": ["ra_admin"],
  "POST /api/pki/certificates/:serial/hold": ["ra_admin"],
  "POST /api/pki/certificates/:serial/release": ["ra_admin"],
  "GET /api/pki/crls": ["ra_admin", "ra_auditor"],
  "POST /api/bidder-auth/challenge": PUBLIC,
  "POST /api/bidder-auth/login": PUBLIC,
  "GET /api/bidder-auth/me": BIDDER,
  "POST /api/bidder-auth/logout": BIDDER,
  "GET /api/bidder/applications": BIDDER,
  "GET /api/bidder/applications/:id": BIDDER,
  "POST /api/bidder/parcels/:id/applications": BIDDER,
  "GET /api/bidder/parcels/:id/room": BIDDER,
  "POST /api/bidder/parcels/:id/bids": BIDDER,
  "POST /api/bidder/parcels/:id/intent": BIDDER,
  "GET /api/bidder/parcels/:id/deal-confirmation": BIDDER,
  "GET /api/ra/applicants": RA,
  "POST /api/ra/applicants": RA_DESK,
  "GET /api/ra/applicants/:id": RA,
  "POST /api/ra/applicants/:id/documents": RA_DESK,
  "GET /api/ra/documents/:id": RA,
  "GET /api/ra/certificates": RA,
  "GET /api/ra/applications": RA,
  "POST /api/ra/applications": RA_DESK,
  "GET /api/ra/applications/:id": RA,
  "POST /api/ra/applications/:id/vet": RA_DESK,
  "POST /api/ra/applications/:id/approve": ["ra_auditor"],
  "POST /api/ra/applications/:id/execute": ["ra_auditor", "ra_admin"],
  "POST /api/ra/applications/:id/reject": RA,
  "POST /api/ra/applications/:id/code": RA_DESK,
  "GET /api/ra/tokens": RA,
  "POST /api/ra/tokens": RA_DESK,
  "GET /api/ra/tokens/:id": RA,
  "POST /api/ra/tokens/:id/report": RA_DESK,
  "POST /api/ra/tokens/:id/destroy": RA_DESK,
  "GET /api/ra/recoveries": RA,
  "POST /api/ra/recoveries": RA,
  "POST /api/ra/recoveries/:id/approve": ["ra_auditor", "ra_admin"],
  "POST /api/ra/recoveries/:id/reject": ["ra_auditor", "ra_admin"],
  "POST /api/ra/recoveries/:id/release": ["ra_auditor", "ra_admin"],
  "POST /api/portal/pre-applications": PUBLIC,
  "GET /api/portal/enrollment/:id": CODE,
  "POST /api/portal/enrollment/:id/activate": CODE,
  "GET /api/portal/certificates": BIDDER,
  "GET /api/portal/applications": BIDDER,
  "POST /api/portal/requests": BIDDER,
  "GET /api/portal/keys/:serial": BIDDER,
  "GET /api/security/functions": ALL,
  "POST /api/security/functions": ALL,
  "POST /api/security/authenticate/challenge": ALL,
  "POST /api/security/authenticate": ALL,
  "POST /api/security/sign": ["trading_admin", "ra_admin", "ops"],
  "POST /api/security/verify": ALL,
  "POST /api/security/verify/report": ALL,
  "POST /api/security/encrypt": ALL,
  "POST /api/security/decrypt": ["ops", "ra_admin", "trading_admin"],
  "POST /api/security/validate": ALL,
  "GET /api/security/trust": ALL,
  "GET /api/security/stats": ["ops", "supervisor", "tech_support", "tech_support_manager", "cto"],
  "GET /api/security/*": ALL,
  "GET /api/ops/overview": ["ops"],
  "GET /api/ops/probes/:id/history": ["ops"],
  "GET /api/ops/probes/recent": ["ops"],
  "GET /api/ops/cluster": ["ops"],
  "POST /api/ops/probes/:id/run": ["ops"],
  "GET /api/ops/backups": ["ops"],
  "POST /api/ops/backups": ["ops"],
  "POST /api/ops/backups/:id/verify": ["ops"],
  "POST /api/security/*": ALL,
  // Trading: administrators write, supervisors read (and confirm the sealed reserve).
  "GET /api/trading/parcels": ["trading_admin", "supervisor"],
  "POST /api/trading/parcels": ["trading_admin"],
  "GET /api/trading/parcels/:id": ["trading_admin", "supervisor"],
  "PUT /api/trading/parcels/:id": ["trading_admin"],
  "POST /api/trading/parcels/:id/announce": ["trading_admin"],
  "POST /api/trading/parcels/:id/notices": ["trading_admin"],
  "POST /api/trading/parcels/:id/material-change": ["trading_admin"],
  "POST /api/trading/parcels/:id/suspend": ["trading_admin"],
  "POST /api/trading/parcels/:id/resume": ["trading_admin"],
  "POST /api/trading/parcels/:id/terminate": ["trading_admin"],
  "GET /api/trading/parcels/:id/events": ["trading_admin", "supervisor"],
  "GET /api/trading/parcels/:id/reserve": ["trading_admin", "supervisor"],
  "POST /api/trading/parcels/:id/reserve": ["trading_admin"],
  "POST /api/trading/parcels/:id/reserve/confirm": ["supervisor"],
  "GET /api/trading/parcels/:id/applications": ["trading_admin", "supervisor"],
  "GET /api/trading/parcels/:id/deal-confirmation": ["trading_admin", "supervisor"],
  "POST /api/trading/applications/:id/decision": ["trading_admin"],
  "POST /api/trading/statements": ["trading_admin"],
  "GET /api/trading/payments": ["trading_admin", "supervisor"],
  "POST /api/trading/payments/:id/resolve": ["trading_admin"],
  "GET /api/trading/refunds": ["trading_admin", "supervisor"],
  "POST /api/trading/refunds/:id/sent": ["trading_admin"],
  "POST /api/trading/refunds/:id/confirmed": ["trading_admin"],
  "GET /api/trading/calendar": ["trading_admin", "supervisor"],
  "PUT /api/trading/calendar/:day": ["trading_admin"],
  "DELETE /api/trading/calendar/:day": ["trading_admin"],
  // Public at the session layer; the bank authenticates with its HMAC signature (tested in trading-deposits).
  "POST /api/bank/deposit-notices": PUBLIC,
  "GET /api/public/notices": PUBLIC,
  "GET /api/public/parcels": PUBLIC,
  "GET /api/public/parcels/:id/board": PUBLIC,
  "GET /api/trading/parcels/:id/live": PUBLIC,
  // Knowledge base (support-kb): every support role reads, four groups write; the help centre is public.
  "GET /api/kb/articles": KB_READ,
  "GET /api/kb/search": KB_READ,
  "GET /api/kb/read/:slug": KB_READ,
  "POST /api/kb/articles": KB_WRITE,
  "GET /api/kb/articles/:id": KB_READ,
  "GET /api/kb/articles/:id/versions/:version": KB_READ,
  "PUT /api/kb/articles/:id/draft": KB_WRITE,
  "POST /api/kb/articles/:id/publish": KB_WRITE,
  "POST /api/kb/articles/:id/unpublish": KB_WRITE,
  "POST /api/kb/articles/:id/files": KB_WRITE,
  "POST /api/kb/files/:id/withdraw": KB_WRITE,
  "GET /api/kb/files/:id": KB_READ,
  "GET /api/public/kb/search": PUBLIC,
  "GET /api/public/kb/articles": PUBLIC,
  "GET /api/public/kb/articles/:slug": PUBLIC,
  "GET /api/public/kb/overview": PUBLIC,
  "GET /api/public/kb/downloads": PUBLIC,
  "GET /api/public/kb/files/:id": PUBLIC,
  "GET /api/public/time": PUBLIC,
  "POST /api/public/diagnose/certificate": PUBLIC,
};

/** Mutations the supervisor is meant to have: confirming the sealed reserve (dual control with the trading admin). */
const SUPERVISOR_MUTATIONS = ["POST /api/trading/parcels/:id/reserve/confirm"];

const allowed = (who: Who, role: Role) => who === PUBLIC || who === ALL || (Array.isArray(who) && who.includes(role));

/** Path parameters: well-formed values naming nothing, so allowed calls reach the handler and find nothing. */
const PARAMS: Record<string, string> = {
  username: "nobody-here",
  incidentNo: "INC-20990101-0001",
  severity: "general",
  serial: "00ff00ff",
  id: "nobody-here",
  day: "2026-01-01",
};

describe("role × route matrix", () => {
  let s: TestSystem;
  const sessions = new Map<Role, LoggedIn>();
  let bidder: LoggedIn;

  beforeAll(async () => {
    s = await startTestSystem();
    for (const role of ROLES) {
      await s.c.staff.create({ username: `u-${role.replace(/_/g, "-")}`, displayName: role, roles: [role], password: TEST_PASSWORD }, "system:test");
    }
    for (const role of ROLES) sessions.set(role, await login(s.app, `u-${role.replace(/_/g, "-")}`));
    bidder = await loginBidder(s.app, await createBidder(s, { name: "矩阵竞买人" }));
    // 14 password hashes and logins: slow on a busy 2-core machine.
  }, 180_000);
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
    const url = pattern.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name] ?? "00000000-0000-4000-8000-000000000000");
    // Mutations get an invalid body so an allowed call fails validation and changes nothing.
    const payload = method === "GET" ? undefined : { invalid: true };

    const anonCode = who === BIDDER ? "RA_BIDDER_LOGIN_REQUIRED" : who === CODE ? "RA_CODE_INVALID" : "AUTH_REQUIRED";
    if (who !== PUBLIC) {
      it(`${route}: anonymous → 401`, async () => {
        const r = await s.app.inject({ method: method as "GET", url, payload });
        expect(r.statusCode).toBe(401);
        expect(r.json().code).toBe(anonCode);
      });
    }

    if (who === BIDDER || who === CODE) {
      it(`${route}: ${who}: no staff session opens it; a bidder session ${who === BIDDER ? "does" : "does not"}`, async () => {
        for (const role of ROLES) {
          const sess = sessions.get(role)!;
          const r = await s.app.inject({ method: method as "GET", url, payload, headers: { cookie: sess.cookie, "x-csrf-token": sess.csrf } });
          expect([r.statusCode, r.json().code], `${role} on ${route}`).toEqual([401, anonCode]);
        }
        const r = await s.app.inject({ method: method as "GET", url, payload, headers: { cookie: bidder.cookie, "x-csrf-token": bidder.csrf } });
        if (who === BIDDER) expect([401, 403], `bidder should reach ${route}, got ${r.statusCode} ${r.body}`).not.toContain(r.statusCode);
        else expect(r.json().code).toBe("RA_CODE_INVALID");
      });
      continue;
    }

    if (who !== PUBLIC && who !== ALL) {
      it(`${route}: a bidder session does not open staff routes`, async () => {
        const r = await s.app.inject({ method: method as "GET", url, payload, headers: { cookie: bidder.cookie, "x-csrf-token": bidder.csrf } });
        expect([r.statusCode, r.json().code]).toEqual([401, "AUTH_REQUIRED"]);
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
    const mutations = Object.entries(EXPECTED).filter(
      ([r, who]) => !r.startsWith("GET") && who !== PUBLIC && who !== ALL && allowed(who, "supervisor") && !SUPERVISOR_MUTATIONS.includes(r),
    );
    expect(mutations).toEqual([]);
  });
});
