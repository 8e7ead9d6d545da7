/**
 * The canonical bid document a bidder's token signs (报价单): UTF-8 JSON with
 * a fixed key order and no whitespace, so the server can rebuild the exact
 * bytes from the fields and compare. It names the parcel, the bidder number,
 * the amount in fen (a decimal string: exact beyond 2^53), the client's bid
 * id (idempotency key, replay protection) and the round, so a listing bid
 * cannot be replayed into timed bidding nor onto another parcel.
 */
import { AppError } from "../../shared/errors.js";

export const BID_DOCUMENT_TYPE = "landtrade.bid.v1";

export interface BidDocument {
  parcelId: string;
  bidderNo: string;
  amountFen: string;
  clientBidId: string;
  round: "listing" | "timed";
}

export function canonicalBid(d: BidDocument): string {
  return JSON.stringify({ type: BID_DOCUMENT_TYPE, parcelId: d.parcelId, bidderNo: d.bidderNo, amountFen: d.amountFen, clientBidId: d.clientBidId, round: d.round });
}

/** Parses a signed document; anything but the canonical form of a well-formed bid → TRADE_BID_DOCUMENT_MISMATCH. */
export function parseBidDocument(text: string): BidDocument {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new AppError("TRADE_BID_DOCUMENT_MISMATCH", { detail: "the signed document is not JSON" });
  }
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : "");
  const d: BidDocument = { parcelId: str("parcelId"), bidderNo: str("bidderNo"), amountFen: str("amountFen"), clientBidId: str("clientBidId"), round: str("round") as BidDocument["round"] };
  if (o.type !== BID_DOCUMENT_TYPE || !/^[1-9][0-9]{0,17}$/.test(d.amountFen) || !["listing", "timed"].includes(d.round) || !d.parcelId || !d.bidderNo || !/^[A-Za-z0-9_-]{8,64}$/.test(d.clientBidId)) {
    throw new AppError("TRADE_BID_DOCUMENT_MISMATCH", { detail: "not a well-formed bid document" });
  }
  if (canonicalBid(d) !== text) throw new AppError("TRADE_BID_DOCUMENT_MISMATCH", { detail: "the document is not in canonical form" });
  return d;
}
