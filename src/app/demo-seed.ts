/**
 * Demo data for `npm start` and `landtrade demo seed`: one staff account per
 * role; the ECDSA P-256 and SM2 CA hierarchies with a few server
 * certificates (one revoked, so the CRL has an entry); RA bidders with
 * certificates in both suites, USB keys and desk work (demo-seed-ra.ts);
 * trading parcels in every phase (demo-seed-trading.ts); the knowledge base
 * and the support desk. Idempotent: what exists is left as it is.
 */
import type { Role } from "../auth/roles.js";
import type { StaffService } from "../auth/staff.service.js";
import type { Scheduler } from "../ops/scheduler/scheduler.js";
import { seedSupportDemo } from "../support/demo-incidents.js";
import type { SupportDesk } from "../support/support-desk.js";
import { seedPkiDemo } from "./demo-seed-pki.js";
import type { PkiServices } from "../pki/pki-services.js";
import { seedTradingDemo } from "./demo-seed-trading.js";
import type { AuditService } from "../ops/audit.service.js";
import type { TradingModule } from "../trading/trading.module.js";
import type { RaModule } from "../ra/ra.module.js";
import type { Config } from "./config.js";
import { seedRaDemo, type RaSeedResult } from "./demo-seed-ra.js";
import type { Store } from "../storage/store.js";
import { seedKbDemo, type KbSeedResult } from "../support/kb/demo/seed-kb.js";
import type { KnowledgeBase } from "../support/kb/knowledge-base.js";
import type { Clock } from "./clock.js";
import type { AuditAnchorService } from "../ops/audit-anchor.service.js";
import type { HealthService } from "../ops/health/health.service.js";
import { seedOpsDemo, type OpsSeedResult } from "./demo-seed-ops.js";

export const DEMO_PASSWORD = "landtrade2026";

export const DEMO_USERS: { username: string; displayName: string; role: Role; email?: string }[] = [
  { username: "trading", displayName: "王交易（交易管理员）", role: "trading_admin" },
  { username: "supervisor", displayName: "李监管（监管人员）", role: "supervisor" },
  { username: "ra-admin", displayName: "张管理（RA 管理员）", role: "ra_admin" },
  { username: "ra-operator", displayName: "刘受理（RA 操作员）", role: "ra_operator" },
  { username: "ra-auditor", displayName: "陈审核（RA 审核员）", role: "ra_auditor" },
  { username: "desk", email: "kefu.zhao@landtrade.local", displayName: "赵客服（客户服务组）", role: "service_desk" },
  { username: "support", email: "jishu.sun@landtrade.local", displayName: "孙工程师（技术支持）", role: "tech_support" },
  { username: "expert", displayName: "周专家（咨询专家组）", role: "expert" },
  { username: "local", displayName: "吴工（本地服务点）", role: "local_service_point" },
  { username: "cust-mgr", email: "cust-mgr@landtrade.local", displayName: "郑经理（客户经理）", role: "customer_manager" },
  { username: "ts-mgr", email: "ts-mgr@landtrade.local", displayName: "冯经理（技术支持经理）", role: "tech_support_manager" },
  { username: "cto", email: "cto@landtrade.local", displayName: "何总（技术总裁）", role: "cto" },
  { username: "president", email: "president@landtrade.local", displayName: "许总（总裁）", role: "president" },
  { username: "ops", displayName: "马运维（运维管理员）", role: "ops" },
];

export interface SeedResult {
  created: string[];
  existing: string[];
  /** Demo support incidents created (0 when the desk already had incidents or when not asked for). */
  incidents: number;
  /** CA hierarchies and certificates created by this run. */
  pki: { hierarchies: string[]; certificates: string[] };
  /** Demo parcels created by this run. */
  trading: string[];
  /** RA: demo bidders with certificates (keys under <dataDir>/demo-bidders/), USB keys, desk work (when the caller passes the RA). */
  ra?: RaSeedResult;
  /** Knowledge-base articles and downloads (when the caller passes the knowledge base). */
  kb?: KbSeedResult;
  /** Ops dashboard: first probe runs and audit anchor (when asked for with `ops: true`). */
  ops?: OpsSeedResult;
}

export interface SeedDeps {
  staff: StaffService;
  pki: PkiServices;
  audit?: AuditService;
  trading?: TradingModule;
  ra?: RaModule;
  config?: Config;
  kb?: KnowledgeBase;
  store?: Store;
  clock?: Clock;
  support?: SupportDesk;
  scheduler?: Scheduler;
  health?: HealthService;
  anchors?: AuditAnchorService;
}

/**
 * `incidents: false` leaves the support desk empty, `trading: false` the parcels (tests with their own).
 * `ops: true` (npm start, `landtrade demo seed`) also runs every health probe once and anchors the
 * audit chain: off by default so other tests' audit and certificate counts stay their own.
 */
export async function seedDemo(deps: SeedDeps, opts: { incidents?: boolean; trading?: boolean; ops?: boolean } = {}): Promise<SeedResult> {
  const existing = new Set((await deps.staff.list()).map((u) => u.username));
  const result: SeedResult = { created: [], existing: [], incidents: 0, pki: { hierarchies: [], certificates: [] }, trading: [] };
  for (const u of DEMO_USERS) {
    if (existing.has(u.username)) {
      result.existing.push(u.username);
      continue;
    }
    await deps.staff.create({ username: u.username, displayName: u.displayName, roles: [u.role], email: u.email ?? null, password: DEMO_PASSWORD }, "system:demo-seed");
    result.created.push(u.username);
  }
  result.pki = await seedPkiDemo(deps.pki);
  if (deps.ra && deps.config) result.ra = await seedRaDemo({ ra: deps.ra, pki: deps.pki, config: deps.config });
  if (deps.kb && deps.store && deps.clock) result.kb = await seedKbDemo({ store: deps.store, blobs: deps.kb.blobs, clock: deps.clock });
  if (opts.incidents !== false && deps.support && deps.scheduler) result.incidents = await seedSupportDemo(deps.support, deps.scheduler);
  if (opts.trading !== false && deps.trading && deps.store && deps.audit && deps.scheduler && deps.clock && deps.config) {
    const accounts = ["6217 0025 1000 4402 118", "6228 4807 1010 3390 562", "6222 0219 0100 5521 907", "6216 6119 0000 7734 260"];
    // P-256 bidders first (张伟, 星沙置业), then SM2 (李娜, 湘江建设): the trading seed places them by position.
    const portalBidders = [...(result.ra?.bidders ?? [])]
      .sort((a, b) => Number(a.suite !== "ecdsa-p256") - Number(b.suite !== "ecdsa-p256"))
      .map((b, i) => ({ name: b.name, applicantId: b.applicantId, idType: b.kind === "enterprise" ? ("org" as const) : ("person" as const), idNumber: b.idNumber, account: accounts[i] ?? `6222 0000 0000 00${i}` }));
    result.trading = (await seedTradingDemo({ ...deps, portalBidders, store: deps.store, audit: deps.audit, scheduler: deps.scheduler, trading: deps.trading, clock: deps.clock, config: deps.config })).parcels;
  }
  // Last: the anchor then covers everything seeded above.
  if (opts.ops && deps.health && deps.anchors && deps.store && deps.clock) result.ops = await seedOpsDemo({ health: deps.health, anchors: deps.anchors, store: deps.store, clock: deps.clock });
  return result;
}
