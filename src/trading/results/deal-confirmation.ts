/**
 * The deal confirmation (成交确认书) as data: what was sold, to whom, at what
 * price, when, and what follows (earnest money, contract within the agreed
 * time). Built only for a sold parcel, from the parcel, the result and the
 * winner's application (identities are open once the sale is over). The
 * canonical JSON form is what the system signs (CMS); it names the SHA-256
 * of the PDF rendering, so the two travel together.
 */
import { fenText, type Fen } from "../../shared/money.js";
import type { SaleResult } from "../engine/types.js";
import type { Application, Parcel } from "../trading.ports.js";

export const DEAL_DOCUMENT_TYPE = "landtrade.deal-confirmation.v1";
/** Working days after the deal within which the transfer contract is signed (local practice: 10). */
export const CONTRACT_WITHIN_WORKING_DAYS = 10;

export interface DealConfirmation {
  number: string;
  parcelId: string;
  parcelNo: string;
  parcelName: string;
  location: string;
  areaM2: string;
  landUse: string;
  termYears: number;
  plotRatio: string;
  winnerName: string;
  winnerKind: "sole" | "joint";
  members: { name: string; idNumber: string; share?: string }[];
  bidderNo: string;
  priceFen: Fen;
  depositFen: Fen;
  dealAt: Date;
  round: "listing" | "timed";
  contractWithinWorkingDays: number;
  issuer: string;
}

export function dealConfirmation(p: Parcel, result: SaleResult, winner: Application, issuer: string): DealConfirmation {
  const w = result.winner!;
  return {
    number: `长县国土成交〔${result.at.getUTCFullYear()}〕${p.parcelNo.replace(/[^0-9A-Za-z-]/g, "")}号`,
    parcelId: p.id,
    parcelNo: p.parcelNo,
    parcelName: p.name,
    location: p.location,
    areaM2: p.areaM2,
    landUse: p.landUse,
    termYears: p.termYears,
    plotRatio: p.plotRatio,
    winnerName: winner.displayName,
    winnerKind: winner.kind,
    members: winner.members.map((m) => ({ name: m.name, idNumber: m.idNumber, ...(m.share ? { share: m.share } : {}) })),
    bidderNo: w.bidderNo,
    priceFen: w.amount,
    depositFen: p.deposit,
    dealAt: result.at,
    round: w.round,
    contractWithinWorkingDays: CONTRACT_WITHIN_WORKING_DAYS,
    issuer,
  };
}

export function canonicalDeal(d: DealConfirmation, pdfSha256: string): string {
  return JSON.stringify({
    type: DEAL_DOCUMENT_TYPE,
    number: d.number,
    parcelId: d.parcelId,
    parcelNo: d.parcelNo,
    parcelName: d.parcelName,
    location: d.location,
    areaM2: d.areaM2,
    landUse: d.landUse,
    termYears: d.termYears,
    plotRatio: d.plotRatio,
    winnerName: d.winnerName,
    winnerKind: d.winnerKind,
    members: d.members,
    bidderNo: d.bidderNo,
    priceFen: fenText(d.priceFen),
    depositFen: fenText(d.depositFen),
    dealAt: d.dealAt.toISOString(),
    round: d.round,
    contractWithinWorkingDays: d.contractWithinWorkingDays,
    issuer: d.issuer,
    pdfSha256,
  });
}
