/**
 * The sections of the staff web app and who sees them. `built: false` means
 * the web app says plainly that the area is not built yet (no fake data).
 */
import { ROLE_GROUPS, type Role } from "./roles.js";

export interface AreaSpec {
  id: string;
  roles: readonly Role[] | "all";
  built: boolean;
}

export const AREAS: AreaSpec[] = [
  { id: "trading", roles: ["trading_admin"], built: true },
  { id: "supervision", roles: ["supervisor"], built: true },
  { id: "ra", roles: ROLE_GROUPS.ra, built: true },
  { id: "pki", roles: ROLE_GROUPS.pkiReaders, built: true },
  { id: "support", roles: ROLE_GROUPS.supportDesk, built: true },
  { id: "ops", roles: ["ops"], built: true },
  { id: "staff", roles: ["ops"], built: true },
  { id: "audit", roles: ROLE_GROUPS.auditReaders, built: true },
  // Checking a signed file someone hands over is everyday work for every desk (RA, trading, support, supervision): all staff.
  { id: "verify", roles: "all", built: true },
  { id: "account", roles: "all", built: true },
];

export function areasFor(roles: readonly Role[]): { id: string; built: boolean }[] {
  return AREAS.filter((a) => a.roles === "all" || a.roles.some((r) => roles.includes(r))).map(({ id, built }) => ({ id, built }));
}
