import type { Clock } from "../app/clock.js";
import type { Config } from "../app/config.js";
import type { LoginService } from "../auth/login.service.js";
import type { StaffService } from "../auth/staff.service.js";
import type { AuditAnchorService } from "../ops/audit-anchor.service.js";
import type { AuditService } from "../ops/audit.service.js";
import type { LeaderController } from "../ops/cluster/leader-controller.js";
import type { OpsModule } from "../ops/ops-module.js";
import type { PkiServices } from "../pki/pki-services.js";
import type { SecurityModule } from "../signing/security-module.js";
import type { Store } from "../storage/store.js";

/** What the HTTP layer needs; built by app/container.ts. */
export interface HttpDeps {
  config: Config;
  clock: Clock;
  store: Store;
  audit: AuditService;
  staff: StaffService;
  login: LoginService;
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
  version: string;
  /** Throws DB_UNAVAILABLE / MIGRATIONS_PENDING when not ready. */
  readiness(): Promise<{ database: string; latencyMs: number; migrations: number }>;
  /** Directory of the built web app, if any. */
  webDir?: string | undefined;
}
