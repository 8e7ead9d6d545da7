/**
 * Signed bids (电子报价): the bidder's token signs the canonical bid document
 * (CMS SignedData, attached or detached; P-256 or SM2); on receipt:
 *   1. the document is parsed and must be canonical and match the request
 *      (parcel, the bidder's own number, amount, client bid id);
 *   2. a client bid id seen before answers the stored receipt again (same
 *      document) or TRADE_BID_REPLAYED (different document) — nothing new;
 *   3. the signature verifies and the signer certificate is valid now
 *      (chain, validity, revocation: the security service's validation) and
 *      bound to the logged-in applicant;
 *   4. a dry run of the engine on the current (unlocked) sale turns away
 *      bids that cannot succeed before anything is stamped;
 *   5. our TSA timestamps the signature value (RFC 3161);
 *   6. under the parcel's row lock (sale runner), the engine applies the bid;
 *      the bid (CMS, TSA token, system-signed receipt) is appended to the
 *      hash-chained bid log in the same transaction as the event, the board
 *      message and the audit entry.
 * A bid refused at any step stores nothing in the sale, the bid log or the
 * audit log (the TSA keeps its own issuance record of tokens it issued).
 */
import type { Clock } from "../../app/clock.js";
import { nodeGm } from "../../pki/algs/gm-node.js";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { fen } from "../../shared/money.js";
import type { Store } from "../../storage/store.js";
import { signCms } from "../../../sdk/src/cms/signed-data.js";
import { apply as applyEvent } from "../engine/engine.js";
import type { SaleEvent } from "../engine/types.js";
import { saleView } from "../engine/view.js";
import { eventTime, loadCalendar, type SaleRunner } from "../sale/sale-runner.js";
import type { Application, StoredBid } from "../trading.ports.js";
import { canonicalBid, parseBidDocument, type BidDocument } from "./bid-document.js";
import { chainFieldsOf, chainHash, sha256hex } from "./bid-log.js";
import type { BidSecurity } from "./bid-security.js";
import type { BidderIdentity } from "./bidder-application.service.js";

export const RECEIPT_TYPE = "landtrade.bid-receipt.v1";

export interface BidSubmission {
  /** The canonical bid document, exactly as signed. */
  document: string;
  /** DER CMS SignedData over the document (attached or detached); absent = unsigned. */
  signature: Uint8Array | undefined;
  /** The request's own fields, which must match the signed document. */
  clientBidId: string;
  amountFen: string;
}

export interface BidAnswer {
  bidId: string;
  seq: number;
  parcelId: string;
  bidderNo: string;
  amountFen: string;
  round: "listing" | "timed";
  receivedAt: string;
  hash: string;
  /** The receipt document (JSON) the system signed. */
  receiptDocument: string;
  /** DER CMS SignedData by the system over receiptDocument (attached). */
  receipt: Uint8Array;
  /** RFC 3161 token over the bid's signature value. */
  timestampToken: Uint8Array;
  /** true when this answers a client bid id seen before. */
  repeated: boolean;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function receiptDocument(b: Omit<StoredBid, "receipt">): string {
  return JSON.stringify({
    type: RECEIPT_TYPE,
    bidId: b.id,
    parcelId: b.parcelId,
    bidderNo: b.bidderNo,
    clientBidId: b.clientBidId,
    round: b.round,
    amountFen: String(b.amount),
    seq: b.seq,
    receivedAt: b.receivedAt.toISOString(),
    bidSha256: sha256hex(b.signature),
    documentSha256: sha256hex(b.document),
    timestampSha256: sha256hex(b.tsaToken),
    prevHash: b.prevHash,
    hash: b.hash,
  });
}

export class BidService {
  constructor(
    private readonly store: Store,
    private readonly runner: SaleRunner,
    private readonly clock: Clock,
    private readonly security: BidSecurity,
  ) {}

  private async applicationOf(bidder: BidderIdentity, parcelId: string): Promise<Application> {
    const a = (await this.store.read.trading.applications.byApplicant(bidder.applicantId)).find((x) => x.parcelId === parcelId);
    if (!a) throw new AppError("TRADE_NOT_APPLIED", { detail: parcelId });
    return a;
  }

  private answer(b: StoredBid, repeated: boolean): BidAnswer {
    return {
      bidId: b.id,
      seq: b.seq,
      parcelId: b.parcelId,
      bidderNo: b.bidderNo,
      amountFen: String(b.amount),
      round: b.round,
      receivedAt: b.receivedAt.toISOString(),
      hash: b.hash,
      receiptDocument: receiptDocument(b),
      receipt: b.receipt,
      timestampToken: b.tsaToken,
      repeated,
    };
  }

  /** The stored bid under this client id: the same answer for the same document, else a replay. */
  private again(prior: StoredBid, document: string): BidAnswer {
    if (prior.document !== document) throw new AppError("TRADE_BID_REPLAYED", { detail: `client bid id ${prior.clientBidId}` });
    return this.answer(prior, true);
  }

  async place(bidder: BidderIdentity, parcelId: string, sub: BidSubmission): Promise<BidAnswer> {
    const a = await this.applicationOf(bidder, parcelId);
    if (!sub.signature?.length) throw new AppError("TRADE_BID_UNSIGNED");
    const doc: BidDocument = parseBidDocument(sub.document);
    if (doc.parcelId !== parcelId || doc.bidderNo !== a.bidderNo || doc.amountFen !== sub.amountFen || doc.clientBidId !== sub.clientBidId) {
      throw new AppError("TRADE_BID_DOCUMENT_MISMATCH", { detail: "parcel, bidder number, amount or client bid id differ from the request" });
    }
    const prior = await this.store.read.trading.bids.byClientId(a.id, doc.clientBidId);
    if (prior) return this.again(prior, sub.document);

    const now = this.clock.now();
    const v = await this.security.verify(sub.signature, utf8(sub.document), now);
    if (!(await this.security.belongsTo(v.signerDer, bidder.applicantId))) throw new AppError("TRADE_BID_WRONG_SIGNER", { detail: `certificate ${v.signerSerial}` });

    const amount = fen(BigInt(doc.amountFen));
    const event: Extract<SaleEvent, { type: "listingBid" | "timedBid" }> = { type: doc.round === "timed" ? "timedBid" : "listingBid", bidId: newId(), bidderNo: a.bidderNo, amount };
    // Dry run on the unlocked sale: most bad bids (too low, late, wrong round) go before the TSA is asked.
    const sale = await this.store.read.trading.parcels.sale(parcelId);
    if (!sale) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
    const calendar = await loadCalendar(this.store.read);
    const dry = applyEvent(sale.state, event, eventTime(sale.state.lastEventAt, now), { calendar });
    if (!dry.ok) throw new AppError(dry.code, { detail: dry.detail });

    const tsaToken = await this.security.timestamp(v.signatureValue, v.suite);
    const key = await this.security.receiptKey();

    return this.runner.run(async (r, outbox) => {
      // Under the parcel's lock from here: the client id check and the append cannot race.
      const p = await r.trading.parcels.lock(parcelId);
      if (!p) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
      const raced = await r.trading.bids.byClientId(a.id, doc.clientBidId);
      if (raced) return this.again(raced, sub.document);
      // The engine on the locked sale says what the bid becomes, so the receipt is signed before the
      // event is applied: the audit entry (one chain head for the whole system, locked until commit)
      // comes as late in the transaction as it can, and signing stays out of that lock.
      const at = eventTime(p.state.lastEventAt, this.clock.now());
      const locked = applyEvent(p.state, event, at, { calendar });
      if (!locked.ok) throw new AppError(locked.code, { detail: locked.detail });
      const accepted = locked.state.highest;
      if (!accepted || accepted.bidId !== event.bidId) throw new AppError("INTERNAL_ERROR", { detail: "the accepted bid is not the highest" });
      const base = {
        parcelId,
        seq: p.bidSeq + 1,
        id: event.bidId,
        applicationId: a.id,
        bidderNo: a.bidderNo,
        clientBidId: doc.clientBidId,
        round: accepted.round,
        amount,
        receivedAt: accepted.at,
        document: sub.document,
        signature: sub.signature!,
        certSerial: v.signerSerial,
        tsaToken,
        prevHash: p.bidHead,
      };
      const hash = chainHash(p.bidHead, chainFieldsOf({ ...base, hash: "", receipt: new Uint8Array() }));
      const unsigned = { ...base, hash };
      const receipt = await signCms(key.signer, utf8(receiptDocument(unsigned)), { certificate: key.certDer, chain: key.chain, signingTime: accepted.at, gm: nodeGm });
      const auditAs = { type: event.type, bidId: event.bidId, bidderNo: a.bidderNo, amount: doc.amountFen, clientBidId: doc.clientBidId, documentSha256: sha256hex(sub.document), signatureSha256: sha256hex(sub.signature!) };
      const applied = await this.runner.apply(r, outbox, parcelId, event, `bidder:${a.bidderNo}`, auditAs, { at });
      const h = applied.state.highest;
      if (!h || h.bidId !== event.bidId || h.at.getTime() !== accepted.at.getTime() || h.amount !== accepted.amount) {
        throw new AppError("INTERNAL_ERROR", { detail: "the applied bid differs from the receipt signed for it" });
      }
      const stored: StoredBid = { ...unsigned, receipt };
      await r.trading.bids.insert(stored);
      await r.trading.parcels.advanceBidLog(parcelId, stored.seq, hash);
      return this.answer(stored, false);
    });
  }

  /** Loads (or issues) the receipt key ahead of the first bid. */
  async warmUp(): Promise<void> {
    await this.security.receiptKey();
  }

  /** The bidding room (竞价室) as this bidder sees it: their number, the anonymous sale view, their bids. */
  async room(bidder: BidderIdentity, parcelId: string) {
    const a = await this.applicationOf(bidder, parcelId);
    const sale = await this.store.read.trading.parcels.sale(parcelId);
    if (!sale) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
    const me = sale.state.bidders[a.bidderNo];
    return {
      parcel: sale,
      application: a,
      view: saleView(sale.state, this.clock.now()),
      mine: (await this.store.read.trading.bids.byApplication(a.id)).map((b) => this.answer(b, true)),
      /** May say whether to continue into timed bidding (phase intent, had a listing bid, not answered yet). */
      intentOpen: sale.state.phase === "intent" && !!me?.listingBid && me.intent === undefined,
      intent: me?.intent ?? null,
    };
  }

  /** Continue into timed bidding or not (限时竞价意向), in the intent window. */
  async intent(bidder: BidderIdentity, parcelId: string, cont: boolean): Promise<void> {
    const a = await this.applicationOf(bidder, parcelId);
    await this.runner.run((r, outbox) => this.runner.apply(r, outbox, parcelId, { type: "continueIntent", bidderNo: a.bidderNo, continue: cont }, `bidder:${a.bidderNo}`));
  }

  /** The bidder's own bids on a parcel (their receipts). */
  async mine(bidder: BidderIdentity, parcelId: string): Promise<BidAnswer[]> {
    const a = await this.applicationOf(bidder, parcelId);
    return (await this.store.read.trading.bids.byApplication(a.id)).map((b) => this.answer(b, true));
  }
}

export { canonicalBid };
