/**
 * Demo data for `npm start` and `landtrade demo seed`: one staff account per
 * role; the ECDSA P-256 and SM2 CA hierarchies with a few server
 * certificates (one revoked, so the CRL has an entry). Idempotent: what
 * exists is left as it is. Later areas add their own demo data here.
 */
import type { Role } from "../auth/roles.js";
import type { StaffService } from "../auth/staff.service.js";
import { seedPkiDemo } from "./demo-seed-pki.js";
import type { PkiServices } from "../pki/pki-services.js";

export const DEMO_PASSWORD = "landtrade2026";

export const DEMO_USERS: { username: string; displayName: string; role: Role }[] = [
  { username: "trading", displayName: "王交易（交易管理员）", role: "trading_admin" },
  { username: "supervisor", displayName: "李监管（监管人员）", role: "supervisor" },
  { username: "ra-admin", displayName: "张管理（RA 管理员）", role: "ra_admin" },
  { username: "ra-operator", displayName: "刘受理（RA 操作员）", role: "ra_operator" },
  { username: "ra-auditor", displayName: "陈审核（RA 审核员）", role: "ra_auditor" },
  { username: "desk", displayName: "赵客服（客户服务组）", role: "service_desk" },
  { username: "support", displayName: "孙工程师（技术支持）", role: "tech_support" },
  { username: "expert", displayName: "周专家（咨询专家组）", role: "expert" },
  { username: "local", displayName: "吴工（本地服务点）", role: "local_service_point" },
  { username: "cust-mgr", displayName: "郑经理（客户经理）", role: "customer_manager" },
  { username: "ts-mgr", displayName: "冯经理（技术支持经理）", role: "tech_support_manager" },
  { username: "cto", displayName: "何总（技术总裁）", role: "cto" },
  { username: "president", displayName: "许总（总裁）", role: "president" },
  { username: "ops", displayName: "马运维（运维管理员）", role: "ops" },
];

export interface SeedResult {
  created: string[];
  existing: string[];
  /** CA hierarchies and certificates created by this run. */
  pki: { hierarchies: string[]; certificates: string[] };
}

export async function seedDemo(deps: { staff: StaffService; pki: PkiServices }): Promise<SeedResult> {
  const existing = new Set((await deps.staff.list()).map((u) => u.username));
  const result: SeedResult = { created: [], existing: [], pki: { hierarchies: [], certificates: [] } };
  for (const u of DEMO_USERS) {
    if (existing.has(u.username)) {
      result.existing.push(u.username);
      continue;
    }
    await deps.staff.create({ username: u.username, displayName: u.displayName, roles: [u.role], password: DEMO_PASSWORD }, "system:demo-seed");
    result.created.push(u.username);
  }
  result.pki = await seedPkiDemo(deps.pki);
  return result;
}
