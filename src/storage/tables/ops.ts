import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../schema.js";


export interface OpsBackupTable {
  id: string;
  created_at: Timestamp;
  created_by: string;
  origin: string; // local | foreign
  file: string | null;
  bytes: number;
  archive_sha256: string;
  manifest_sha256: string;
  schema_version: string;
  audit_seq: number;
  audit_hash: string;
  total_rows: number;
  signer_spki_sha256: string;
  verified_at: Timestamp | null;
  verify_ok: boolean | null;
  verify_report: ColumnType<unknown, string | null, string | null> | null;
  restored_at: Timestamp | null;
}

export interface OpsProbeResultTable {
  id: Generated<number>;
  probe: string;
  component: string;
  at: Timestamp;
  ok: boolean;
  latency_ms: number;
  detail: string;
  node_id: string;
}

export interface OpsProbeStateTable {
  probe: string;
  component: string;
  status: string; // ok | failing
  since: Timestamp;
  last_at: Timestamp;
  consecutive_failures: number;
  last_detail: string;
  incident_open: boolean;
}

export interface OpsNodeTable {
  id: string;
  hostname: string;
  pid: number;
  url: string;
  version: string;
  role: string; // leader | standby | stopped
  epoch: number | null;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
  stopped_at: Timestamp | null;
}

export interface OpsTables {
  ops_backup: OpsBackupTable;
  ops_probe_result: OpsProbeResultTable;
  ops_probe_state: OpsProbeStateTable;
  ops_node: OpsNodeTable;
}

