/**
 * Authorization is declared on every route (`config.access`) and enforced in
 * one place (auth plugin). A route under /api without a declaration fails at
 * start-up, so nothing is open by accident.
 */
import type { Role } from "../auth/roles.js";

export type Access = "public" | "authenticated" | readonly Role[];

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export function describeAccess(a: Access): string {
  if (a === "public") return "Public.";
  if (a === "authenticated") return "Any logged-in staff member.";
  return `Roles: ${a.join(", ")}.`;
}
