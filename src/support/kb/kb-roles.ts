/**
 * Who may do what in the knowledge base. Every support role reads internal
 * articles; the groups that write answers edit and publish them (seed §4.1.2:
 * the service desk answers common questions, tech support and the experts
 * write the technical material, the tech-support manager oversees).
 */
import { ROLE_GROUPS, type Role } from "../../auth/roles.js";

export const KB_READERS: readonly Role[] = ROLE_GROUPS.supportDesk;
export const KB_WRITERS: readonly Role[] = ["service_desk", "tech_support", "expert", "tech_support_manager"];

export const canWriteKb = (roles: readonly Role[]): boolean => roles.some((r) => KB_WRITERS.includes(r));
