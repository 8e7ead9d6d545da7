/**
 * The sale of one parcel as data: its rules, its state, the events that
 * move it and the effects a transition asks the outside world to carry out.
 * The engine (engine.ts) is a pure function (state, event, time) → (state,
 * effects) | rejection; storage, signatures, timestamps, scheduling and
 * broadcasting are the service's business.
 */
import type { Fen } from "../../shared/money.js";
import type { TradingErrorCode } from "../../shared/catalogue/trading.js";

export type QualificationMode = "before" | "after";

/** Every number of a sale, per parcel; legal defaults in rules.ts. */
export interface SaleRules {
  startPrice: Fen;
  increment: Fen;
  deposit: Fen;
  /** 资格前审 (before the sale) or 资格后审 (the winner only, after the sale). */
  qualificationMode: QualificationMode;
  /** Calendar days between announcement and listing start (Order 39: ≥ 20). */
  announceLeadDays: number;
  /** A material change with fewer days than this left before the listing starts postpones it. */
  materialChangeLeadDays: number;
  /** Working days the listing must span (≥ 10). */
  listingMinWorkingDays: number;
  /** No listing bids in the last N minutes (0 = no freeze; 60 = "freeze in the last hour"). */
  freezeMinutes: number;
  /** How long bidders have after the listing closes to say whether they continue. */
  intentWindowMs: number;
  /** Timed bidding: each bid restarts this countdown. */
  countdownMs: number;
}

export interface SaleSchedule {
  announcedAt: Date | null;
  listingStart: Date;
  listingEnd: Date;
  /** The full deposit must have arrived by this instant (inclusive) to give a bidding right. */
  depositCutoff: Date;
}

export type Phase =
  | "draft" // created, not announced
  | "announced" // announcement published, listing not started
  | "listing" // 挂牌期
  | "intent" // listing closed: bidders say whether they continue
  | "timed" // 限时竞价
  | "awaitingResult" // bidding over: the sealed reserve is to be revealed
  | "awaitingQualification" // 资格后审: the winner's qualification decides
  | "suspended" // 暂停 (any running phase, resumable)
  | "sold" // 成交
  | "withdrawn" // 流拍
  | "terminated"; // 终止

export const FINAL_PHASES: readonly Phase[] = ["sold", "withdrawn", "terminated"];

export type Round = "listing" | "timed";

export interface BidderState {
  /** null = not decided (or not required in 资格后审 mode until the sale). */
  qualified: boolean | null;
  /** When the full deposit arrived (only set when it arrived by the cut-off). */
  depositArrivedAt: Date | null;
  /** Set once the bidder has a valid listing bid: eligible for the continue-intent window. */
  listingBid: boolean;
  /** Answer in the intent window: true = continue, false = not, absent = no answer. */
  intent?: boolean;
}

export interface HighestBid {
  bidId: string;
  bidderNo: string;
  amount: Fen;
  at: Date;
  round: Round;
}

export type OutcomeReason =
  | "highestReachedReserve" // sold
  | "singleBidderReachedReserve" // sold, only one bidder bid
  | "noBid" // withdrawn
  | "belowReserve" // withdrawn
  | "winnerDisqualified" // withdrawn (资格后审 failed)
  | "terminated";

export interface SaleResult {
  outcome: "sold" | "withdrawn" | "terminated";
  reason: OutcomeReason;
  at: Date;
  winner: HighestBid | null;
  /** The reserve as revealed at the result (null = none set: the start price acts as the floor). */
  reserve: Fen | null;
  detail?: string;
}

export interface Suspension {
  at: Date;
  reason: string;
  /** The phase to resume. */
  from: Phase;
}

export interface SaleState {
  phase: Phase;
  rules: SaleRules;
  schedule: SaleSchedule;
  /** Times the listing has been postponed by a material change. */
  postponements: number;
  /** Time of the last applied event; events must not go back in time. */
  lastEventAt: Date | null;
  bidders: Record<string, BidderState>;
  highest: HighestBid | null;
  /** Accepted bids so far (both rounds). */
  bidCount: number;
  /** Intent window end (phase intent), or countdown end (phase timed). */
  deadline: Date | null;
  suspension: Suspension | null;
  /** Set once the sealed reserve has been revealed (value null = none was set). */
  revealedReserve: { value: Fen | null } | null;
  result: SaleResult | null;
}

// ---- events ----

export type SaleEvent =
  | { type: "publishAnnouncement"; listingStart: Date; listingEnd: Date; depositCutoff: Date }
  | { type: "supplementaryNotice"; noticeId: string }
  | { type: "materialChange"; noticeId: string; listingStart?: Date; listingEnd?: Date; depositCutoff?: Date }
  | { type: "listingOpen" }
  | { type: "qualify"; bidderNo: string; approved: boolean }
  | { type: "depositConfirmed"; bidderNo: string; arrivedAt: Date }
  | { type: "listingBid"; bidId: string; bidderNo: string; amount: Fen }
  | { type: "listingClose" }
  | { type: "continueIntent"; bidderNo: string; continue: boolean }
  | { type: "intentWindowLapse" }
  | { type: "timedBid"; bidId: string; bidderNo: string; amount: Fen }
  | { type: "countdownLapse" }
  | { type: "revealReserve"; reserve: Fen | null }
  | { type: "suspend"; reason: string }
  | { type: "resume"; listingEnd?: Date }
  | { type: "terminate"; reason: string };

export type SaleEventType = SaleEvent["type"];

// ---- effects ----

/** The deadlines a sale can have; the service keeps one scheduler job per (parcel, kind). */
export type DeadlineKind = "listingOpen" | "listingClose" | "intentWindowLapse" | "countdownLapse";

export type Effect =
  | { type: "schedule"; deadline: DeadlineKind; dueAt: Date }
  | { type: "cancel"; deadline: DeadlineKind }
  | { type: "phaseChanged"; from: Phase; to: Phase }
  | { type: "bidAccepted"; bid: HighestBid; minNext: Fen }
  | { type: "scheduleChanged"; schedule: SaleSchedule; postponed: boolean }
  | { type: "needReserve" }
  | { type: "result"; result: SaleResult }
  /** Deposits to refund (non-winners; everybody on withdrawal or termination). */
  | { type: "refundDeposits"; bidderNos: string[] }
  /** The winner's deposit becomes earnest money (定金). */
  | { type: "depositToEarnest"; bidderNo: string }
  /** A stale deadline (already moved by a later bid or a resume): nothing changed. */
  | { type: "stale"; deadline: DeadlineKind };

export type EngineCode = Extract<TradingErrorCode, `TRADE_${string}`>;

export interface Rejection {
  ok: false;
  code: EngineCode;
  detail: string;
}

export interface Transition {
  ok: true;
  state: SaleState;
  effects: Effect[];
}

export type Outcome = Transition | Rejection;
