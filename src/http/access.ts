/**
 * Authorization is declared on every route (`config.access`) and enforced in
 * one place (auth plugin). A route under /api without a declaration fails at
 * start-up, so nothing is open by accident.
 */
import type { Role } from "../auth/roles.js";

/**
 * "public": anyone; "authenticated": any logged-in staff member; "bidder": a
 * bidder logged in with a certificate (cookie lt_bidder, see currentBidder);
 * a role list: staff holding one of the roles.
 */
export type Access = "public" | "authenticated" | "bidder" | readonly Role[];

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export function describeAccess(a: Access): string {
  if (a === "public") return "Public.";
  if (a === "authenticated") return "Any logged-in staff member.";
  if (a === "bidder") return "A bidder logged in with a certificate (cookie lt_bidder).";
  return `Roles: ${a.join(", ")}.`;
}
