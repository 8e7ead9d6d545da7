import type { ColumnType } from "kysely";
import type { Timestamp } from "../schema.js";

type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
type Json = ColumnType<unknown, string, string>;

export interface RaApplicantTable {
  id: string;
  kind: string; // individual | enterprise
  name: string;
  /** "individual:<resident ID>" or "enterprise:<USCC>": one applicant per identity. */
  identity_key: string;
  id_number: string | null;
  uscc: string | null;
  phone: string;
  email: string;
  legal_rep_name: string | null;
  legal_rep_id_number: string | null;
  agent_name: string | null;
  agent_id_number: string | null;
  agent_phone: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RaDocumentTable {
  id: string;
  applicant_id: string;
  application_id: string | null;
  kind: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Bytes;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface RaApplicationTable {
  id: string;
  applicant_id: string;
  type: string;
  state: string;
  channel: string;
  suite: string;
  dual: boolean;
  token_kind: string | null;
  token_id: string | null;
  target_serial: string | null;
  revocation_reason: number | null;
  request_note: string | null;
  submitted_by: string;
  submitted_at: Timestamp;
  vetted_by: string | null;
  vetted_at: Timestamp | null;
  vet_note: string | null;
  identity_check: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  rejected_by: string | null;
  rejected_at: Timestamp | null;
  reject_reason: string | null;
  code_issued_by: string | null;
  code_issued_at: Timestamp | null;
  code_expires_at: Timestamp | null;
  enrolled_at: Timestamp | null;
  sign_serial: string | null;
  enc_serial: string | null;
  activated_at: Timestamp | null;
  completed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface RaTokenTable {
  id: string;
  serial: string;
  model: string;
  kind: string; // usb | soft
  state: string;
  applicant_id: string | null;
  issued_at: Timestamp | null;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RaTokenCertTable {
  serial: string;
  token_id: string | null;
  applicant_id: string;
  usage: string; // sign | enc
  spki_sha256: string;
  added_at: Timestamp;
}

export interface RaKmKeyTable {
  purpose: string;
  key_ref: Json;
  spki: Bytes;
  created_at: Timestamp;
}

export interface RaEscrowTable {
  id: string;
  serial: string;
  sign_serial: string;
  applicant_id: string;
  suite: string;
  escrow_key: string;
  wrapped_key: Bytes;
  iv: Bytes;
  created_at: Timestamp;
}

export interface RaRecoveryTable {
  id: string;
  escrow_id: string;
  kind: string; // holder | judicial
  state: string; // requested | approved | released | rejected
  reason: string;
  case_ref: string | null;
  requested_by: string;
  approvals: Json;
  released_by: string | null;
  released_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BidderChallengeTable {
  id: string;
  nonce: string;
  attempt_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface BidderSessionTable {
  id: string;
  applicant_id: string;
  cert_serial: string;
  cert_sha256: string;
  issuer_ca: string | null;
  suite: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface RaCertBindingTable {
  cert_sha256: string;
  applicant_id: string;
  serial: string;
  issuer: string;
  source: string; // issued | login
  bound_at: Timestamp;
}

export interface RaExpiryNoticeTable {
  serial: string;
  not_after: Timestamp;
  recipients: Json;
  notified_at: Timestamp;
}

export interface RaTables {
  ra_applicant: RaApplicantTable;
  ra_document: RaDocumentTable;
  ra_application: RaApplicationTable;
  ra_token: RaTokenTable;
  ra_token_cert: RaTokenCertTable;
  ra_km_key: RaKmKeyTable;
  ra_escrow: RaEscrowTable;
  ra_recovery: RaRecoveryTable;
  bidder_challenge: BidderChallengeTable;
  bidder_session: BidderSessionTable;
  ra_cert_binding: RaCertBindingTable;
  ra_expiry_notice: RaExpiryNoticeTable;
}
