import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../schema.js";

type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
type Json = ColumnType<unknown, string, string>;
/** bigint fen: the driver returns a number (exact below 2^53; checked by fenFromDb); written as text. */
type FenCol = ColumnType<number | string, string, string>;
/** numeric: returned as text by both drivers. */
type Numeric = ColumnType<string, string, string>;

export interface TradingParcelTable {
  id: string;
  parcel_no: string;
  name: string;
  location: string;
  district: string;
  area_m2: Numeric;
  land_use: string;
  term_years: number;
  plot_ratio: string;
  planning: Json;
  start_price_fen: FenCol;
  increment_fen: FenCol;
  deposit_fen: FenCol;
  qualification_mode: string;
  rules: Json;
  listing_start: Timestamp;
  listing_end: Timestamp;
  deposit_cutoff: Timestamp;
  phase: string;
  state: Json;
  next_due_at: Timestamp | null;
  event_seq: Generated<number>;
  board_seq: Generated<number>;
  bid_seq: Generated<number>;
  bid_head: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TradingEventTable {
  parcel_id: string;
  seq: number;
  at: Timestamp;
  actor: string;
  event: Json;
  phase_after: string;
}

export interface TradingNoticeTable {
  id: string;
  parcel_id: string;
  kind: string;
  number: string;
  title: string;
  body: string;
  published_at: Timestamp;
  published_by: string;
}

export interface TradingCalendarDayTable {
  day: string;
  kind: string;
  name: string;
  created_by: string;
  created_at: Timestamp;
}

export interface TradingApplicationTable {
  id: string;
  parcel_id: string;
  applicant_id: string;
  kind: string;
  display_name: string;
  members: Json;
  payer_accounts: string[];
  bidder_no: string;
  deposit_account: string;
  status: string;
  rejection_reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  deposit_status: string;
  deposit_received_fen: ColumnType<number | string, string | undefined, string>;
  deposit_arrived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TradingPaymentTable {
  id: string;
  source: string;
  bank_ref: string;
  sub_account: string;
  payer_account: string;
  payer_name: string;
  amount_fen: FenCol;
  arrived_at: Timestamp;
  application_id: string | null;
  parcel_id: string | null;
  outcome: string;
  review: string;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  raw: Json;
  created_at: Timestamp;
}

export interface TradingRefundTable {
  id: string;
  parcel_id: string | null;
  application_id: string | null;
  payment_id: string | null;
  reason: string;
  amount_fen: FenCol;
  payee_account: string;
  payee_name: string;
  due_date: string;
  status: string;
  bank_ref: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  sent_by: string | null;
  confirmed_at: Timestamp | null;
}

export interface TradingReserveTable {
  parcel_id: string;
  key_id: string;
  iv: Bytes;
  ciphertext: Bytes;
  tag: Bytes;
  entered_by: string;
  entered_at: Timestamp;
  confirmed_by: string | null;
  confirmed_at: Timestamp | null;
  revealed_at: Timestamp | null;
  revealed_fen: ColumnType<number | string | null, string | null, string | null>;
}

export interface TradingBidTable {
  parcel_id: string;
  seq: number;
  id: string;
  application_id: string;
  bidder_no: string;
  client_bid_id: string;
  round: string;
  amount_fen: FenCol;
  received_at: Timestamp;
  document: string;
  signature: Bytes;
  cert_serial: string;
  tsa_token: Bytes;
  receipt: Bytes;
  prev_hash: string;
  hash: string;
}

export interface TradingBoardTable {
  parcel_id: string;
  seq: number;
  at: Timestamp;
  message: Json;
}

export interface TradingTables {
  trading_parcel: TradingParcelTable;
  trading_event: TradingEventTable;
  trading_notice: TradingNoticeTable;
  trading_calendar_day: TradingCalendarDayTable;
  trading_application: TradingApplicationTable;
  trading_payment: TradingPaymentTable;
  trading_refund: TradingRefundTable;
  trading_reserve: TradingReserveTable;
  trading_bid: TradingBidTable;
  trading_board: TradingBoardTable;
}
