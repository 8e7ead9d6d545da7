import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../schema.js";

export interface ScheduledJobTable {
  id: string;
  kind: string;
  key: string;
  due_at: Timestamp;
  payload: ColumnType<unknown, string, string>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  done_at: Timestamp | null;
  failed_at: Timestamp | null;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
}

export interface LeaderLeaseTable {
  name: string;
  holder: string;
  expires_at: Timestamp;
  epoch: number;
  acquired_at: Timestamp;
}

export interface SchedulerTables {
  scheduled_job: ScheduledJobTable;
  leader_lease: LeaderLeaseTable;
}
