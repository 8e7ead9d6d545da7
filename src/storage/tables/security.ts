import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../schema.js";

type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
type BigId = ColumnType<string, number | string, number | string>;

export interface SecurityKeyTable {
  purpose: string;
  suite: string;
  serial: string;
  key_ref: ColumnType<unknown, string, string>;
  cert_der: Bytes;
  created_at: Timestamp;
}

export interface SecurityChallengeTable {
  id: string;
  challenge: Bytes;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SecurityCallBatchTable {
  id: ColumnType<string, never, never> & Generated<string>;
  first_call_id: BigId;
  last_call_id: BigId;
  calls: number;
  prev_digest: string;
  digest: string;
  created_at: Timestamp;
  anchored_seq: BigId | null;
}

export interface SecurityCallTable {
  id: Generated<string>;
  at: Timestamp;
  caller: string;
  fn: string;
  outcome: string;
  micros: number;
  detail: string | null;
  batch_id: BigId;
}

export interface SecurityTables {
  security_key: SecurityKeyTable;
  security_challenge: SecurityChallengeTable;
  security_call_batch: SecurityCallBatchTable;
  security_call: SecurityCallTable;
}
