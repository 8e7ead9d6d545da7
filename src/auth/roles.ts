/**
 * Staff roles (seed §4.1–4.4 and the trading/RA organisation). Bidders are not
 * staff: they log in with certificates (RA issue).
 */
export const ROLES = [
  "trading_admin",
  "supervisor",
  "ra_admin",
  "ra_operator",
  "ra_auditor",
  "service_desk",
  "tech_support",
  "expert",
  "local_service_point",
  "customer_manager",
  "tech_support_manager",
  "cto",
  "president",
  "ops",
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  trading_admin: { zh: "交易管理员", en: "Trading administrator" },
  supervisor: { zh: "监管人员（只读）", en: "Supervisor (read-only)" },
  ra_admin: { zh: "RA 管理员", en: "RA administrator" },
  ra_operator: { zh: "RA 操作员", en: "RA operator" },
  ra_auditor: { zh: "RA 审核员", en: "RA auditor" },
  service_desk: { zh: "客户服务组", en: "Service desk agent" },
  tech_support: { zh: "技术支持工程师", en: "Tech-support engineer" },
  expert: { zh: "咨询专家", en: "Expert" },
  local_service_point: { zh: "本地服务点工程师", en: "Local service point engineer" },
  customer_manager: { zh: "客户经理", en: "Customer manager" },
  tech_support_manager: { zh: "技术支持经理", en: "Tech-support manager" },
  cto: { zh: "技术总裁", en: "CTO" },
  president: { zh: "总裁", en: "President" },
  ops: { zh: "运维管理员", en: "Operations" },
};

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** Named role groups used by route declarations, so a route says who, not a list copied around. */
export const ROLE_GROUPS = {
  supportDesk: ["service_desk", "tech_support", "expert", "local_service_point", "customer_manager", "tech_support_manager", "cto", "president"],
  ra: ["ra_admin", "ra_operator", "ra_auditor"],
  auditReaders: ["supervisor", "ra_auditor", "ops"],
  /** CA pages: RA administrators manage, RA auditors read. */
  pkiReaders: ["ra_admin", "ra_auditor"],
  pkiAdmins: ["ra_admin"],
} as const satisfies Record<string, readonly Role[]>;
