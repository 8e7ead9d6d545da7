/**
 * Who may do what at the support desk (seed §4.1–4.4). One list per action,
 * named after the group that does it; the role × route matrix test writes
 * the same table out by hand.
 */
import { ROLE_GROUPS, type Role } from "../../auth/roles.js";

const MANAGERS = ["customer_manager", "tech_support_manager", "cto", "president"] as const satisfies readonly Role[];
const ENGINEERS = ["service_desk", "tech_support", "local_service_point"] as const satisfies readonly Role[];

export const SUPPORT_ACCESS = {
  /** Everyone at the desk reads queues, incidents, the archive and reports. */
  read: ROLE_GROUPS.supportDesk,
  /** Record an incident, contact the customer, triage, pause, reply. */
  engineers: ENGINEERS,
  /** Severity, consultations: engineers and managers. */
  engineersAndManagers: [...ENGINEERS, ...MANAGERS],
  /** Assign an engineer: the desk and managers. */
  assign: ["service_desk", "tech_support", ...MANAGERS],
  /** Direct answers: the service desk and the local service point. */
  answer: ["service_desk", "local_service_point"],
  /** Handover lists are created, confirmed and routed by the service desk. */
  desk: ["service_desk"],
  /** Handover lists are accepted and returned by tech support. */
  techSupport: ["tech_support"],
  /** Solutions and remote sessions: tech support and the local point. */
  solvers: ["tech_support", "local_service_point"],
  /** Tracking entries and attachments: engineers and experts. */
  tracking: [...ENGINEERS, "expert"],
  experts: ["expert"],
  local: ["local_service_point"],
  /** On-site dispatch is requested by the centre. */
  dispatch: ["service_desk", "tech_support"],
  /** Declare a major incident and post its updates. */
  major: ["service_desk", "tech_support", ...MANAGERS],
  managers: MANAGERS,
  /** The escalation ladder is changed by the tech-support manager and above. */
  ladder: ["tech_support_manager", "cto", "president"],
  /** Mail in/out lists (contain customers' messages). */
  mail: ["service_desk", "tech_support", ...MANAGERS],
} as const satisfies Record<string, readonly Role[]>;
