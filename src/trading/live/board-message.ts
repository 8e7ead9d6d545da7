/**
 * Live-board messages: what every watcher of a parcel sees — the price, the
 * bid history by bidder number only (never an identity), the phase and the
 * deadline. Amounts are fen as decimal text, times ISO 8601. Each message is
 * numbered per parcel (seq) and stored, so a reconnecting client catches up
 * from the last number it saw.
 */
import { fenText } from "../../shared/money.js";
import type { HighestBid, SaleState } from "../engine/types.js";
import { saleView, type SaleView } from "../engine/view.js";

export interface BidJson {
  bidId: string;
  bidderNo: string;
  amountFen: string;
  at: string;
  round: "listing" | "timed";
}

export interface ViewJson {
  phase: string;
  listingStart: string;
  listingEnd: string;
  depositCutoff: string;
  freezeFrom: string | null;
  highest: BidJson | null;
  minNextFen: string | null;
  bidCount: number;
  deadline: string | null;
  deadlineKind: string | null;
  suspendedReason: string | null;
  result: { outcome: string; reason: string; at: string; winner: BidJson | null; reserveFen: string | null } | null;
}

export type BoardKind = "bid" | "phase" | "schedule" | "result" | "notice";

export interface BoardMessage {
  parcelId: string;
  seq: number;
  at: string;
  kind: BoardKind;
  bid: BidJson | null;
  view: ViewJson;
}

export const bidJson = (b: HighestBid): BidJson => ({ bidId: b.bidId, bidderNo: b.bidderNo, amountFen: fenText(b.amount), at: b.at.toISOString(), round: b.round });

export function viewJson(v: SaleView): ViewJson {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    phase: v.phase,
    listingStart: v.listingStart.toISOString(),
    listingEnd: v.listingEnd.toISOString(),
    depositCutoff: v.depositCutoff.toISOString(),
    freezeFrom: iso(v.freezeFrom),
    highest: v.highest ? bidJson(v.highest) : null,
    minNextFen: v.minNext === null ? null : fenText(v.minNext),
    bidCount: v.bidCount,
    deadline: iso(v.deadline),
    deadlineKind: v.deadlineKind,
    suspendedReason: v.suspendedReason,
    result: v.result
      ? {
          outcome: v.result.outcome,
          reason: v.result.reason,
          at: v.result.at.toISOString(),
          winner: v.result.winner ? bidJson(v.result.winner) : null,
          reserveFen: v.result.reserve === null ? null : fenText(v.result.reserve),
        }
      : null,
  };
}

export const viewOf = (s: SaleState, now: Date): ViewJson => viewJson(saleView(s, now));
