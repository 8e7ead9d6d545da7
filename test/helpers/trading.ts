/** Helpers for trading integration tests: parcel bodies, applications, signed bank callbacks. */
import { randomInt } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { newId } from "../../src/shared/ids.js";
import { fen } from "../../src/shared/money.js";
import { beijingTime } from "../../src/trading/calendar/working-calendar.js";
import { signCallback } from "../../src/trading/deposits/bank-callback.js";
import type { Application } from "../../src/trading/trading.ports.js";
import type { LandtradeApp } from "../../src/http/build-app.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "./app.js";

export const BANK_SECRET = "test-bank-callback-secret-0123456789abcdef";

/** Schedules relative to the test clock's start (2026-03-02 09:00 Beijing, a Monday). */
export const S = {
  start: beijingTime("2026-03-23", "09:00"), // 21 days after the clock's start
  end: beijingTime("2026-04-03", "15:00"), // Friday of the next week: 10 working days
  cutoff: beijingTime("2026-04-01", "17:00"),
};

export const wanFen = (n: number) => String(BigInt(n) * 1_000_000n);

export function parcelBody(o: Record<string, unknown> = {}) {
  return {
    parcelNo: `长县2026-${String(randomInt(100000)).padStart(5, "0")}`,
    name: "星沙街道东四线以东地块",
    location: "长沙县星沙街道东四线与开元路交汇处东北角",
    district: "星沙街道",
    areaM2: "35216.80",
    landUse: "城镇住宅用地",
    termYears: 70,
    plotRatio: "1.0–2.8",
    planning: { buildingDensity: "≤25%", greenRatio: "≥35%", heightLimit: "≤80米" },
    startPriceFen: wanFen(28000),
    incrementFen: wanFen(50),
    depositFen: wanFen(5600),
    qualificationMode: "before",
    listingStart: S.start.toISOString(),
    listingEnd: S.end.toISOString(),
    depositCutoff: S.cutoff.toISOString(),
    ...o,
  };
}

export interface TradingSystem extends TestSystem {
  admin: LoggedIn;
  supervisor: LoggedIn;
  dataDir: string;
  /** Moves the fake clock and logs the staff in again (sessions expire over days). */
  at(t: Date | string): Promise<void>;
  /** Runs the scheduler's due jobs (deadlines) as of now; returns how many ran. */
  tick(): Promise<number>;
}

export async function startTradingSystem(): Promise<TradingSystem> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lt-trading-"));
  const s = await startTestSystem({ dataDir, bankCallbackSecret: BANK_SECRET });
  await s.c.staff.create({ username: "t-admin", displayName: "王交易", roles: ["trading_admin"], password: TEST_PASSWORD }, "system:test");
  await s.c.staff.create({ username: "t-super", displayName: "李监管", roles: ["supervisor"], password: TEST_PASSWORD }, "system:test");
  const sys: TradingSystem = {
    ...s,
    dataDir,
    admin: await login(s.app, "t-admin"),
    supervisor: await login(s.app, "t-super"),
    tick: async () => (await s.c.scheduler.drain()).done,
    at: async (t) => {
      s.clock.set(t);
      sys.admin = await login(s.app, "t-admin");
      sys.supervisor = await login(s.app, "t-super");
    },
  };
  return sys;
}

export const as = (who: LoggedIn) => ({ cookie: who.cookie, "x-csrf-token": who.csrf });

export async function call(app: LandtradeApp, who: LoggedIn | null, method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown) {
  const r = await app.inject({ method, url, payload: payload as never, headers: who ? as(who) : {} });
  return { status: r.statusCode, body: r.body ? (JSON.parse(r.body) as Record<string, unknown> & { code?: string }) : {} };
}

let appCounter = 0;

/** An application as the bidder-facing half will create it (until that lands, tests insert it directly). */
export async function addApplication(s: TestSystem, parcelId: string, o: Partial<Application> = {}): Promise<Application> {
  const now = s.clock.now();
  const n = ++appCounter;
  const a: Application = {
    id: newId(),
    parcelId,
    applicantId: `applicant-${n}`,
    kind: "sole",
    displayName: `竞买人${n}有限公司`,
    members: [{ name: `竞买人${n}有限公司`, idType: "org", idNumber: `91430121MA4L${String(n).padStart(6, "0")}` }],
    payerAccounts: [`62220000${String(n).padStart(8, "0")}`],
    bidderNo: String(1000 + n),
    depositAccount: `43050100${String(100000 + n).padStart(8, "0")}`,
    status: "qualified",
    rejectionReason: null,
    decidedBy: null,
    decidedAt: null,
    depositStatus: "awaiting",
    depositReceived: fen(0),
    depositArrivedAt: null,
    createdAt: now,
    updatedAt: now,
    ...o,
  };
  await s.c.store.tx((r) => r.trading.applications.insert(a));
  return a;
}

export async function bankNotice(app: LandtradeApp, now: Date, body: unknown, secret = BANK_SECRET) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(now.getTime() / 1000));
  const r = await app.inject({
    method: "POST",
    url: "/api/bank/deposit-notices",
    payload: raw,
    headers: { "content-type": "application/json", "x-bank-timestamp": ts, "x-bank-signature": signCallback(secret, ts, raw) },
  });
  return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> & { code?: string } };
}
