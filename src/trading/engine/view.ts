/**
 * What a sale looks like from outside at a given instant (pure): the phase
 * as people experience it (a listing whose start has come is open even before
 * the listingOpen job ran), the next deadline, the minimum next bid. Nothing
 * about identities: bidders appear by number only.
 */
import type { Fen } from "../../shared/money.js";
import { minNextBid } from "./common.js";
import type { DeadlineKind, HighestBid, Phase, SaleResult, SaleState } from "./types.js";

export interface SaleView {
  phase: Phase;
  listingStart: Date;
  listingEnd: Date;
  depositCutoff: Date;
  /** Listing bids stop here when a freeze is configured. */
  freezeFrom: Date | null;
  highest: HighestBid | null;
  /** The least a bid may be now (null when no bid is possible). */
  minNext: Fen | null;
  bidCount: number;
  /** The deadline that ends the current phase, for the countdown. */
  deadline: Date | null;
  deadlineKind: DeadlineKind | null;
  suspendedReason: string | null;
  result: SaleResult | null;
}

/** The instant the next deadline job of this sale falls due (null = none). */
export function nextDeadline(s: SaleState): { kind: DeadlineKind; at: Date } | null {
  switch (s.phase) {
    case "announced":
      return { kind: "listingOpen", at: s.schedule.listingStart };
    case "listing":
      return { kind: "listingClose", at: s.schedule.listingEnd };
    case "intent":
      return { kind: "intentWindowLapse", at: s.deadline! };
    case "timed":
      return { kind: "countdownLapse", at: s.deadline! };
    default:
      return null;
  }
}

export function saleView(s: SaleState, now: Date): SaleView {
  let phase = s.phase;
  if (phase === "announced" && now >= s.schedule.listingStart) phase = "listing";
  const next = nextDeadline({ ...s, phase });
  const biddable = phase === "listing" || phase === "timed";
  return {
    phase,
    listingStart: s.schedule.listingStart,
    listingEnd: s.schedule.listingEnd,
    depositCutoff: s.schedule.depositCutoff,
    freezeFrom: s.rules.freezeMinutes > 0 ? new Date(s.schedule.listingEnd.getTime() - s.rules.freezeMinutes * 60_000) : null,
    highest: s.highest,
    minNext: biddable ? minNextBid(s) : null,
    bidCount: s.bidCount,
    deadline: next?.at ?? null,
    deadlineKind: next?.kind ?? null,
    suspendedReason: s.suspension?.reason ?? null,
    result: s.result,
  };
}
