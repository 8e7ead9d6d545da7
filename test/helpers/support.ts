/** Helpers for support-desk tests: staff of every desk role, and a JSON caller per person. */
import type { Role } from "../../src/auth/roles.js";
import { login, TEST_PASSWORD, type TestSystem } from "./app.js";

export const DESK_STAFF: { username: string; role: Role; email: string | null }[] = [
  { username: "desk1", role: "service_desk", email: "desk1@landtrade.test" },
  { username: "ts1", role: "tech_support", email: "ts1@landtrade.test" },
  { username: "expert1", role: "expert", email: null },
  { username: "local1", role: "local_service_point", email: null },
  { username: "cm1", role: "customer_manager", email: "cm1@landtrade.test" },
  { username: "tsm1", role: "tech_support_manager", email: "tsm1@landtrade.test" },
  { username: "cto1", role: "cto", email: "cto1@landtrade.test" },
  { username: "pres1", role: "president", email: "pres1@landtrade.test" },
];

export async function createDeskStaff(s: TestSystem): Promise<void> {
  for (const u of DESK_STAFF) {
    await s.c.staff.create({ username: u.username, displayName: u.username, roles: [u.role], email: u.email, password: TEST_PASSWORD }, "system:test");
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON; the tests' assertions check its shape
export type Call = (method: "GET" | "POST" | "PUT", url: string, payload?: unknown) => Promise<{ status: number; body: any }>;

export async function caller(s: TestSystem, username: string): Promise<Call> {
  const sess = await login(s.app, username);
  return async (method, url, payload) => {
    const r = await s.app.inject({ method, url, payload: payload as object, headers: { cookie: sess.cookie, "x-csrf-token": sess.csrf } });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
}

export const anonymous =
  (s: TestSystem, ip = "203.0.113.7"): Call =>
  async (method, url, payload) => {
    const r = await s.app.inject({ method, url, payload: payload as object, remoteAddress: ip });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
