import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../schema.js";

type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface PkiCaTable {
  id: string;
  suite: string;
  kind: string; // root | sub | external
  name: string;
  parent_id: string | null;
  key_ref: ColumnType<unknown, string | null, string | null> | null;
  cert_der: Bytes;
  ski: string;
  not_before: Timestamp;
  not_after: Timestamp;
  crl_number: Generated<number>;
  created_at: Timestamp;
  ext_info: ColumnType<unknown, string | null | undefined, string | null> | null;
}

export interface PkiCertificateTable {
  serial: string;
  ca_id: string;
  profile: string;
  suite: string;
  subject: string;
  spki_sha256: string;
  tbs_der: Bytes;
  cert_der: Bytes | null;
  status: string; // pending | issued | revoked | hold
  not_before: Timestamp;
  not_after: Timestamp;
  revoked_at: Timestamp | null;
  revocation_reason: number | null;
  holder: string | null;
  requested_by: string;
  created_at: Timestamp;
  issued_at: Timestamp | null;
}

export interface PkiCrlTable {
  ca_id: string;
  crl_number: number;
  this_update: Timestamp;
  next_update: Timestamp;
  der: Bytes;
  entries: number;
}

export interface PkiServiceKeyTable {
  purpose: string; // ocsp | tsa
  suite: string;
  serial: string;
  key_ref: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

export interface PkiTsaTokenTable {
  serial: ColumnType<number, number, never>;
  suite: string;
  gen_time: Timestamp;
  hash_alg: string;
  imprint: string;
  policy: string;
  requested_by: string;
  token_der: Bytes;
}

export interface PkiEnrollmentTable {
  id: string;
  code_hash: string;
  suite: string;
  profile: string;
  subject: ColumnType<unknown, string, string>;
  holder: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  serial: string | null;
  created_by: string;
  created_at: Timestamp;
  failures: Generated<number>;
  cancelled_at: Timestamp | null;
}

export interface AuditAnchorTable {
  id: Generated<number>;
  audit_seq: number;
  head_hash: string;
  tsa_serial: number;
  anchored_at: Timestamp;
  anchored_by: string;
}

export interface PkiTables {
  audit_anchor: AuditAnchorTable;
  pki_tsa_token: PkiTsaTokenTable;
  pki_enrollment: PkiEnrollmentTable;
  pki_ca: PkiCaTable;
  pki_certificate: PkiCertificateTable;
  pki_crl: PkiCrlTable;
  pki_service_key: PkiServiceKeyTable;
}
