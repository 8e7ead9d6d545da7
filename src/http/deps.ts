import type { Clock } from "../app/clock.js";
import type { Config } from "../app/config.js";
import type { LoginService } from "../auth/login.service.js";
import type { StaffService } from "../auth/staff.service.js";
import type { AuditAnchorService } from "../ops/audit-anchor.service.js";
import type { AuditService } from "../ops/audit.service.js";
import type { LeaderController } from "../ops/cluster/leader-controller.js";
import type { OpsModule } from "../ops/ops-module.js";
import type { EnrollmentService } from "../pki/est/enrollment.service.js";
import type { PkiServices } from "../pki/pki-services.js";
import type { ExternalCaService } from "../pki/trust/external-ca.service.js";
import type { CertValidator } from "../pki/validate/cert-validator.js";
import type { SecurityModule } from "../signing/security-module.js";
import type { Store } from "../storage/store.js";
import type { TradingModule } from "../trading/trading.module.js";
import type { BidderLoginService } from "../ra/login/bidder-login.service.js";
import type { RaModule } from "../ra/ra.module.js";
import type { SupportDesk } from "../support/support-desk.js";
import type { KnowledgeBase } from "../support/kb/knowledge-base.js";

/** What the HTTP layer needs; built by app/container.ts. */
export interface HttpDeps {
  config: Config;
  clock: Clock;
  store: Store;
  audit: AuditService;
  staff: StaffService;
  login: LoginService;
  /** RA account system (applicants, applications, USB keys, KM, enrollment). */
  ra: RaModule;
  /** Bidder certificate login; resolves the lt_bidder cookie. */
  bidderLogin: BidderLoginService;
  support: SupportDesk;
  pki: PkiServices;
  anchors: AuditAnchorService;
  /** The security service (安全应用支持服务). */
  security: SecurityModule;
  /** Operations: health probes, backups (the ops dashboard). */
  ops: OpsModule;
  /** This node's role (primary/standby) and the signing gate. */
  cluster: LeaderController;
  /** The database kind and whether its commits are fsync'd (shown on the ops dashboard). */
  databaseKind: string;
  databaseFsync: boolean;
  trading: TradingModule;
  /** One-time EST enrollment grants and EST (re)enrollment. */
  enrollment: EnrollmentService;
  /** Certificate path validation (certificate login, security service). */
  validator: CertValidator;
  /** Imported CAs of existing CAs (external trust). */
  externalCas: ExternalCaService;
  version: string;
  /** Knowledge base, help centre and self-diagnosis. */
  kb: KnowledgeBase;
  /** Throws DB_UNAVAILABLE / MIGRATIONS_PENDING when not ready. */
  readiness(): Promise<{ database: string; latencyMs: number; migrations: number }>;
  /** Directory of the built web app, if any. */
  webDir?: string | undefined;
}
