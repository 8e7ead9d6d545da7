/** Kysely table types: the shape of every table, in one place. */
import type { ColumnType, Generated } from "kysely";
import type { OpsTables } from "./tables/ops.js";
import type { KnowledgeTables } from "./tables/knowledge.js";
import type { PkiTables } from "./tables/pki.js";
import type { RaTables } from "./tables/ra.js";
import type { SchedulerTables } from "./tables/scheduler.js";
import type { SupportTables } from "./tables/support.js";
import type { SecurityTables } from "./tables/security.js";
import type { TradingTables } from "./tables/trading.js";

export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface StaffUserTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  roles: string[];
  disabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  id: string; // SHA-256 of the cookie token; the token itself is never stored
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  first_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor: string;
  action: string;
  subject: string;
  payload: ColumnType<unknown, string, string>;
  payload_digest: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface FoundationTables {
  staff_user: StaffUserTable;
  session: SessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

/**
 * Every table. Each area declares its tables in its own file under
 * storage/tables/ and adds them here, so areas do not edit each other's types.
 */
export type Database = FoundationTables &
  PkiTables &
  SchedulerTables &
  SecurityTables &
  KnowledgeTables &
  RaTables &
  SupportTables &
  TradingTables &
  OpsTables;
