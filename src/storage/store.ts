/**
 * The Store hands domain code its repositories, either directly (`read`) or
 * bound to one transaction (`tx`), so a change and its audit entry commit
 * together or not at all. Domain code never sees Kysely or SQL.
 */
import type { Kysely } from "kysely";
import type { SessionRepo, StaffRepo, ThrottleRepo } from "../auth/staff.ports.js";
import type { AuditRepo } from "../ops/audit.ports.js";
import { auditRepo } from "./repos/audit.repo.js";
import { pkiRepo } from "./repos/pki.repo.js";
import { leaseRepo, schedulerRepo } from "./repos/scheduler.repo.js";
import type { LeaseRepo, SchedulerRepo } from "../ops/scheduler/scheduler.ports.js";
import type { EscalationRepo, IncidentRepo, MailRepo, SupportWorkRepo } from "../support/support.ports.js";
import { mailRepo } from "./repos/mail.repo.js";
import { escalationRepo } from "./repos/support-escalation.repo.js";
import { incidentRepo } from "./repos/support-incidents.repo.js";
import { supportWorkRepo } from "./repos/support-work.repo.js";
import type { PkiRepo } from "../pki/ca/pki.ports.js";
import { sessionRepo, staffRepo, throttleRepo } from "./repos/staff.repo.js";
import type { Database } from "./schema.js";

export interface Repos {
  staff: StaffRepo;
  sessions: SessionRepo;
  throttle: ThrottleRepo;
  audit: AuditRepo;
  pki: PkiRepo;
  scheduler: SchedulerRepo;
  leases: LeaseRepo;
  incidents: IncidentRepo;
  supportWork: SupportWorkRepo;
  escalations: EscalationRepo;
  mail: MailRepo;
}

export interface Store {
  read: Repos;
  tx<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
}

function bind(db: Kysely<Database>): Repos {
  return {
    staff: staffRepo(db),
    sessions: sessionRepo(db),
    throttle: throttleRepo(db),
    audit: auditRepo(db),
    pki: pkiRepo(db),
    scheduler: schedulerRepo(db),
    leases: leaseRepo(db),
    incidents: incidentRepo(db),
    supportWork: supportWorkRepo(db),
    escalations: escalationRepo(db),
    mail: mailRepo(db),
  };
}

export function createStore(db: Kysely<Database>): Store {
  return {
    read: bind(db),
    tx: (fn) => db.transaction().execute((trx) => fn(bind(trx))),
  };
}
