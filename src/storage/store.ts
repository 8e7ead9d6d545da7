/**
 * The Store hands domain code its repositories, either directly (`read`) or
 * bound to one transaction (`tx`), so a change and its audit entry commit
 * together or not at all. Domain code never sees Kysely or SQL.
 */
import type { Kysely } from "kysely";
import type { SessionRepo, StaffRepo, ThrottleRepo } from "../auth/staff.ports.js";
import type { AuditAnchorRepo } from "../ops/audit-anchor.ports.js";
import type { AuditRepo } from "../ops/audit.ports.js";
import type { BackupRepo } from "../ops/backup/backup.ports.js";
import type { ProbeRepo } from "../ops/health/health.ports.js";
import type { NodeRepo } from "../ops/cluster/cluster.ports.js";
import { auditAnchorRepo } from "./repos/audit-anchor.repo.js";
import { auditRepo } from "./repos/audit.repo.js";
import { backupRepo } from "./repos/ops.repo.js";
import { probeRepo } from "./repos/ops-health.repo.js";
import { nodeRepo } from "./repos/ops-node.repo.js";
import { knowledgeRepo } from "./repos/knowledge.repo.js";
import type { KbRepo } from "../support/kb/kb.ports.js";
import { enrollmentRepo } from "./repos/enrollment.repo.js";
import { trustRepo } from "./repos/trust.repo.js";
import type { TrustRepo } from "../pki/trust/trust.ports.js";
import type { EnrollmentRepo } from "../pki/est/enrollment.ports.js";
import { pkiRepo } from "./repos/pki.repo.js";
import { leaseRepo, schedulerRepo } from "./repos/scheduler.repo.js";
import { securityRepo } from "./repos/security.repo.js";
import type { SecurityRepo } from "../signing/security.ports.js";
import type { LeaseRepo, SchedulerRepo } from "../ops/scheduler/scheduler.ports.js";
import type { EscalationRepo, IncidentRepo, MailRepo, SupportWorkRepo } from "../support/support.ports.js";
import { mailRepo } from "./repos/mail.repo.js";
import { escalationRepo } from "./repos/support-escalation.repo.js";
import { incidentRepo } from "./repos/support-incidents.repo.js";
import { supportWorkRepo } from "./repos/support-work.repo.js";
import type { PkiRepo } from "../pki/ca/pki.ports.js";
import type { BidderAuthRepo } from "../ra/login/bidder.ports.js";
import type { RaRepo } from "../ra/ra.ports.js";
import { bidderAuthRepo } from "./repos/bidder-auth.repo.js";
import { raGrantRepo, type RaGrantRepo } from "./repos/ra-grants.repo.js";
import { raRepo } from "./repos/ra.repo.js";
import { kmRepo } from "./repos/ra-km.repo.js";
import type { KmRepo } from "../ra/km/km.ports.js";
import { sessionRepo, staffRepo, throttleRepo } from "./repos/staff.repo.js";
import { tradingRepos } from "./repos/trading.repo.js";
import type { TradingRepos } from "../trading/trading.ports.js";
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
  anchors: AuditAnchorRepo;
  backups: BackupRepo;
  probes: ProbeRepo;
  nodes: NodeRepo;
  ra: RaRepo;
  bidderAuth: BidderAuthRepo;
  km: KmRepo;
  /** INTERIM until EnrollmentService (pki-enroll) lands. */
  raGrants: RaGrantRepo;
  security: SecurityRepo;
  trading: TradingRepos;
  kb: KbRepo;
  enrollment: EnrollmentRepo;
  trust: TrustRepo;
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
    anchors: auditAnchorRepo(db),
    backups: backupRepo(db),
    probes: probeRepo(db),
    nodes: nodeRepo(db),
    ra: raRepo(db),
    bidderAuth: bidderAuthRepo(db),
    km: kmRepo(db),
    raGrants: raGrantRepo(db),
    security: securityRepo(db),
    trading: tradingRepos(db),
    kb: knowledgeRepo(db),
    enrollment: enrollmentRepo(db),
    trust: trustRepo(db),
  };
}

/** A Store over an open transaction: tx() joins it instead of starting another (used by restore checks). */
export function joinedStore(trx: Kysely<Database>): Store {
  const repos = bind(trx);
  return { read: repos, tx: (fn) => fn(repos) };
}

export function createStore(db: Kysely<Database>): Store {
  return {
    read: bind(db),
    tx: (fn) => db.transaction().execute((trx) => fn(bind(trx))),
  };
}
