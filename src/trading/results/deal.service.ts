/**
 * Deal confirmations (成交确认书) for sold parcels: the PDF and the
 * system-signed CMS document (attached, over the canonical JSON that names
 * the PDF's SHA-256), for the winner and for trading staff. Nobody else
 * learns that a confirmation exists: a non-winner gets "not available".
 */
import { createHash } from "node:crypto";
import { nodeGm } from "../../pki/algs/gm-node.js";
import { BUREAU } from "../../pki/ca/naming.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { signCms } from "../../../sdk/src/cms/signed-data.js";
import type { BidSecurity } from "../bidder/bid-security.js";
import type { BidderIdentity } from "../bidder/bidder-application.service.js";
import { canonicalDeal, dealConfirmation, type DealConfirmation } from "./deal-confirmation.js";
import { renderDealPdf } from "./deal-pdf.js";

export interface DealFiles {
  deal: DealConfirmation;
  pdf: Uint8Array;
  /** The canonical JSON the CMS signs. */
  document: string;
  /** DER CMS SignedData (attached) by the system over `document`. */
  cms: Uint8Array;
}

export class DealService {
  constructor(
    private readonly store: Store,
    private readonly security: BidSecurity,
    private readonly fontPath?: string,
  ) {}

  private async build(parcelId: string, onlyFor?: string): Promise<DealFiles> {
    const sale = await this.store.read.trading.parcels.sale(parcelId);
    if (!sale) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
    const result = sale.state.result;
    if (sale.phase !== "sold" || !result?.winner) throw new AppError("TRADE_DEAL_NOT_AVAILABLE", { detail: sale.phase });
    const winner = await this.store.read.trading.applications.byBidderNo(parcelId, result.winner.bidderNo);
    if (!winner) throw new AppError("TRADE_APPLICATION_NOT_FOUND", { detail: `winner ${result.winner.bidderNo}` });
    if (onlyFor && winner.applicantId !== onlyFor) throw new AppError("TRADE_DEAL_NOT_AVAILABLE", { detail: "only the winner receives the confirmation" });
    const deal = dealConfirmation(sale, result, winner, BUREAU);
    const pdf = await renderDealPdf(deal, this.fontPath);
    const document = canonicalDeal(deal, createHash("sha256").update(pdf).digest("hex"));
    const key = await this.security.receiptKey();
    const cms = await signCms(key.signer, new TextEncoder().encode(document), { certificate: key.certDer, chain: key.chain, signingTime: deal.dealAt, gm: nodeGm });
    return { deal, pdf, document, cms };
  }

  forStaff(parcelId: string): Promise<DealFiles> {
    return this.build(parcelId);
  }

  forBidder(bidder: BidderIdentity, parcelId: string): Promise<DealFiles> {
    return this.build(parcelId, bidder.applicantId);
  }
}
