/**
 * What trading needs from storage: narrow repositories, implemented in
 * storage/repos/trading.repo.ts and reached as `repos.trading.<x>`.
 */
import type { Fen } from "../shared/money.js";
import type { IsoDate } from "./calendar/working-calendar.js";
import type { Phase, QualificationMode, SaleEvent, SaleState } from "./engine/types.js";

/** Planning conditions (规划条件) shown in the announcement; free text per item. */
export interface Planning {
  buildingDensity?: string;
  greenRatio?: string;
  heightLimit?: string;
  other?: string;
}

/** Per-parcel numbers beyond the engine's: when the reserve may be entered (hours before the listing end). */
export interface ParcelExtraRules {
  reserveWindowHours: number;
}

export interface Parcel {
  id: string;
  parcelNo: string;
  name: string;
  location: string;
  district: string;
  areaM2: string;
  landUse: string;
  termYears: number;
  plotRatio: string;
  planning: Planning;
  startPrice: Fen;
  increment: Fen;
  deposit: Fen;
  qualificationMode: QualificationMode;
  extra: ParcelExtraRules;
  listingStart: Date;
  listingEnd: Date;
  depositCutoff: Date;
  phase: Phase;
  nextDueAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A parcel with its sale, as read under the parcel's row lock. */
export interface LockedParcel extends Parcel {
  state: SaleState;
  eventSeq: number;
  boardSeq: number;
  bidSeq: number;
  bidHead: string;
}

export type ParcelInsert = Omit<Parcel, "phase" | "nextDueAt"> & { state: SaleState; bidHead: string };

export interface ParcelDraftPatch {
  name: string;
  location: string;
  district: string;
  areaM2: string;
  landUse: string;
  termYears: number;
  plotRatio: string;
  planning: Planning;
  startPrice: Fen;
  increment: Fen;
  deposit: Fen;
  qualificationMode: QualificationMode;
  extra: ParcelExtraRules;
  listingStart: Date;
  listingEnd: Date;
  depositCutoff: Date;
  state: SaleState;
}

export interface SaleWrite {
  state: SaleState;
  nextDueAt: Date | null;
  eventSeq: number;
  boardSeq: number;
  bidSeq?: number;
  bidHead?: string;
  at: Date;
}

export interface ParcelRepo {
  insert(p: ParcelInsert): Promise<void>;
  byId(id: string): Promise<Parcel | undefined>;
  byNo(parcelNo: string): Promise<Parcel | undefined>;
  list(q: { phases?: Phase[] }): Promise<Parcel[]>;
  /** SELECT … FOR UPDATE: serialises every change to one sale across connections and nodes. */
  lock(id: string): Promise<LockedParcel | undefined>;
  /** Read the sale without locking (views). */
  sale(id: string): Promise<LockedParcel | undefined>;
  updateDraft(id: string, patch: ParcelDraftPatch, at: Date): Promise<void>;
  saveSale(id: string, w: SaleWrite): Promise<void>;
  appendEvent(e: { parcelId: string; seq: number; at: Date; actor: string; event: SaleEvent; phaseAfter: Phase }): Promise<void>;
  events(parcelId: string): Promise<{ seq: number; at: Date; actor: string; event: SaleEvent; phaseAfter: Phase }[]>;
}

export type NoticeKind = "announcement" | "supplementary" | "materialChange" | "suspension" | "resumption" | "termination" | "result";

export interface Notice {
  id: string;
  parcelId: string;
  kind: NoticeKind;
  number: string;
  title: string;
  body: string;
  publishedAt: Date;
  publishedBy: string;
}

export interface NoticeRepo {
  insert(n: Notice): Promise<void>;
  byParcel(parcelId: string): Promise<Notice[]>;
  list(q: { limit: number }): Promise<(Notice & { parcelNo: string })[]>;
  /** The next notice number from the database sequence. */
  nextNumber(): Promise<number>;
}

export interface CalendarDay {
  day: IsoDate;
  kind: "holiday" | "workday";
  name: string;
}

export interface CalendarRepo {
  list(): Promise<CalendarDay[]>;
  put(d: CalendarDay, by: string, at: Date): Promise<void>;
  remove(day: IsoDate): Promise<boolean>;
}

export interface BoardMessageRow {
  seq: number;
  at: Date;
  message: unknown;
}

export interface BoardRepo {
  append(parcelId: string, seq: number, at: Date, message: unknown): Promise<void>;
  after(parcelId: string, afterSeq: number, limit: number): Promise<BoardMessageRow[]>;
}

export interface SealedReserve {
  parcelId: string;
  keyId: string;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
  enteredBy: string;
  enteredAt: Date;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  revealedAt: Date | null;
  revealed: Fen | null;
}

export interface ReserveRepo {
  get(parcelId: string): Promise<SealedReserve | undefined>;
  /** Inserts or replaces an unconfirmed reserve. */
  put(r: Omit<SealedReserve, "confirmedBy" | "confirmedAt" | "revealedAt" | "revealed">): Promise<void>;
  confirm(parcelId: string, by: string, at: Date): Promise<void>;
  /** Discards an unconfirmed entry. */
  discard(parcelId: string): Promise<void>;
  reveal(parcelId: string, value: Fen, at: Date): Promise<void>;
}

export type ApplicationStatus = "submitted" | "qualified" | "rejected" | "withdrawn";
export type DepositStatus = "awaiting" | "partial" | "confirmed" | "late" | "earnest" | "refunding" | "refunded" | "held";

export interface ApplicationMember {
  name: string;
  idType: "person" | "org";
  idNumber: string;
  share?: string;
}

export interface Application {
  id: string;
  parcelId: string;
  applicantId: string;
  kind: "sole" | "joint";
  displayName: string;
  members: ApplicationMember[];
  payerAccounts: string[];
  bidderNo: string;
  depositAccount: string;
  status: ApplicationStatus;
  rejectionReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  depositStatus: DepositStatus;
  depositReceived: Fen;
  depositArrivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ApplicationRepo {
  insert(a: Application): Promise<void>;
  byId(id: string): Promise<Application | undefined>;
  byDepositAccount(account: string): Promise<Application | undefined>;
  byParcel(parcelId: string): Promise<Application[]>;
  byApplicant(applicantId: string): Promise<Application[]>;
  byBidderNo(parcelId: string, bidderNo: string): Promise<Application | undefined>;
  setDeposit(id: string, d: { status: DepositStatus; received: Fen; arrivedAt: Date | null }, at: Date): Promise<void>;
  setDepositStatus(id: string, status: DepositStatus, at: Date): Promise<void>;
  decide(id: string, d: { status: ApplicationStatus; reason: string | null; by: string }, at: Date): Promise<void>;
}

export type PaymentOutcome = "matched" | "partial" | "completed" | "excess" | "late" | "payerMismatch" | "unknownAccount" | "closed";

export interface Payment {
  id: string;
  source: "callback" | "statement";
  bankRef: string;
  subAccount: string;
  payerAccount: string;
  payerName: string;
  amount: Fen;
  arrivedAt: Date;
  applicationId: string | null;
  parcelId: string | null;
  outcome: PaymentOutcome;
  review: "none" | "open" | "resolved";
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  raw: unknown;
  createdAt: Date;
}

export interface PaymentRepo {
  /** Inserts unless the bank reference is known; returns false for a duplicate. */
  insert(p: Payment): Promise<boolean>;
  byBankRef(ref: string): Promise<Payment | undefined>;
  byId(id: string): Promise<Payment | undefined>;
  list(q: { review?: "open"; parcelId?: string; applicationId?: string; limit: number }): Promise<Payment[]>;
  resolve(id: string, note: string, by: string, at: Date): Promise<void>;
}

export type RefundReason = "nonWinner" | "withdrawn" | "terminated" | "rejected" | "partial" | "late" | "payerMismatch" | "unknownAccount" | "excess" | "closed";

export interface Refund {
  id: string;
  parcelId: string | null;
  applicationId: string | null;
  paymentId: string | null;
  reason: RefundReason;
  amount: Fen;
  payeeAccount: string;
  payeeName: string;
  dueDate: IsoDate;
  status: "due" | "sent" | "confirmed";
  bankRef: string | null;
  createdAt: Date;
  sentAt: Date | null;
  sentBy: string | null;
  confirmedAt: Date | null;
}

export interface RefundRepo {
  /** Inserts unless a refund for the same application / payment exists; returns false then. */
  insert(r: Refund): Promise<boolean>;
  byId(id: string): Promise<Refund | undefined>;
  list(q: { status?: Refund["status"]; parcelId?: string; limit: number }): Promise<Refund[]>;
  markSent(id: string, bankRef: string, by: string, at: Date): Promise<void>;
  markConfirmed(id: string, at: Date): Promise<void>;
}

export interface TradingRepos {
  parcels: ParcelRepo;
  notices: NoticeRepo;
  calendar: CalendarRepo;
  board: BoardRepo;
  reserve: ReserveRepo;
  applications: ApplicationRepo;
  payments: PaymentRepo;
  refunds: RefundRepo;
}
