/**
 * Trading's wire formats: amounts are fen as decimal text ("amountFen"),
 * instants ISO 8601; zod checks every input at the boundary.
 */
import { z } from "zod";
import type { ReserveStatus } from "../../trading/reserve/reserve.service.js";
import { fenText, parseFen, type Fen } from "../../shared/money.js";
import { viewJson } from "../../trading/live/board-message.js";
import type { ParcelDetail } from "../../trading/parcels/parcel.service.js";
import type { Notice, Parcel, Payment, Refund } from "../../trading/trading.ports.js";
import type { SaleView } from "../../trading/engine/view.js";
import type { SaleState } from "../../trading/engine/types.js";

export const TRADING_STAFF = ["trading_admin", "supervisor"] as const;
export const TRADING_ADMIN = ["trading_admin"] as const;
export const SUPERVISOR = ["supervisor"] as const;

export const fenInput = z
  .string()
  .regex(/^(0|[1-9]\d{0,17})$/, "an amount in fen: digits only")
  .transform((s) => parseFen(s) as Fen);
export const positiveFen = fenInput.refine((f) => f > 0n, "must be positive");
export const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
export const idParam = z.object({ id: z.uuid() });

export const parcelFields = z.object({
  name: z.string().trim().min(1).max(200),
  location: z.string().trim().min(1).max(300),
  district: z.string().trim().min(1).max(100),
  areaM2: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, "square metres, up to two decimals").refine((s) => Number(s) > 0, "must be positive"),
  landUse: z.string().trim().min(1).max(100),
  termYears: z.number().int().min(1).max(70),
  plotRatio: z.string().trim().min(1).max(50),
  planning: z
    .object({ buildingDensity: z.string().max(50).optional(), greenRatio: z.string().max(50).optional(), heightLimit: z.string().max(50).optional(), other: z.string().max(2000).optional() })
    .default({}),
  startPriceFen: positiveFen,
  incrementFen: positiveFen,
  depositFen: fenInput,
  qualificationMode: z.enum(["before", "after"]).default("before"),
  listingStart: instant,
  listingEnd: instant,
  depositCutoff: instant,
  rules: z
    .object({
      announceLeadDays: z.number().int().optional(),
      materialChangeLeadDays: z.number().int().optional(),
      listingMinWorkingDays: z.number().int().optional(),
      freezeMinutes: z.number().int().optional(),
      intentWindowMinutes: z.number().int().optional(),
      countdownMinutes: z.number().int().optional(),
      reserveWindowHours: z.number().int().optional(),
    })
    .strict()
    .default({}),
});

export const parcelCreate = parcelFields.extend({ parcelNo: z.string().trim().min(1).max(64) });

export type ParcelFieldsInput = z.infer<typeof parcelFields>;

export function parcelInput(b: ParcelFieldsInput) {
  const { startPriceFen, incrementFen, depositFen, ...rest } = b;
  return { ...rest, startPrice: startPriceFen, increment: incrementFen, deposit: depositFen };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function parcelJson(p: Parcel) {
  return {
    id: p.id,
    parcelNo: p.parcelNo,
    name: p.name,
    location: p.location,
    district: p.district,
    areaM2: p.areaM2,
    landUse: p.landUse,
    termYears: p.termYears,
    plotRatio: p.plotRatio,
    planning: p.planning,
    startPriceFen: fenText(p.startPrice),
    incrementFen: fenText(p.increment),
    depositFen: fenText(p.deposit),
    qualificationMode: p.qualificationMode,
    listingStart: p.listingStart.toISOString(),
    listingEnd: p.listingEnd.toISOString(),
    depositCutoff: p.depositCutoff.toISOString(),
    phase: p.phase,
    reserveWindowHours: p.extra.reserveWindowHours,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export const noticeJson = (n: Notice) => ({ id: n.id, parcelId: n.parcelId, kind: n.kind, number: n.number, title: n.title, body: n.body, publishedAt: n.publishedAt.toISOString() });

export function rulesJson(s: SaleState) {
  const r = s.rules;
  return {
    announceLeadDays: r.announceLeadDays,
    materialChangeLeadDays: r.materialChangeLeadDays,
    listingMinWorkingDays: r.listingMinWorkingDays,
    freezeMinutes: r.freezeMinutes,
    intentWindowMinutes: r.intentWindowMs / 60_000,
    countdownMinutes: r.countdownMs / 60_000,
  };
}

export function detailJson(d: ParcelDetail) {
  return {
    parcel: parcelJson(d.parcel),
    rules: rulesJson(d.state),
    view: viewJson(d.view),
    postponements: d.state.postponements,
    notices: d.notices.map(noticeJson),
  };
}

export const listItemJson = (x: { parcel: Parcel; view: SaleView }) => ({ parcel: parcelJson(x.parcel), view: viewJson(x.view) });

export const reserveJson = (s: ReserveStatus) => ({
  entered: s.entered,
  enteredBy: s.enteredBy,
  enteredAt: iso(s.enteredAt),
  confirmed: s.confirmed,
  confirmedBy: s.confirmedBy,
  confirmedAt: iso(s.confirmedAt),
  windowOpensAt: s.windowOpensAt.toISOString(),
  windowClosesAt: s.windowClosesAt.toISOString(),
  revealedFen: s.revealed === null ? null : fenText(s.revealed),
  revealedAt: iso(s.revealedAt),
});

export const paymentJson = (p: Payment) => ({
  id: p.id,
  source: p.source,
  bankRef: p.bankRef,
  subAccount: p.subAccount,
  payerAccount: p.payerAccount,
  payerName: p.payerName,
  amountFen: fenText(p.amount),
  arrivedAt: p.arrivedAt.toISOString(),
  applicationId: p.applicationId,
  parcelId: p.parcelId,
  outcome: p.outcome,
  review: p.review,
  reviewNote: p.reviewNote,
  reviewedBy: p.reviewedBy,
  reviewedAt: iso(p.reviewedAt),
  createdAt: p.createdAt.toISOString(),
});

export const refundJson = (f: Refund) => ({
  id: f.id,
  parcelId: f.parcelId,
  applicationId: f.applicationId,
  paymentId: f.paymentId,
  reason: f.reason,
  amountFen: fenText(f.amount),
  payeeAccount: f.payeeAccount,
  payeeName: f.payeeName,
  dueDate: f.dueDate,
  status: f.status,
  bankRef: f.bankRef,
  createdAt: f.createdAt.toISOString(),
  sentAt: iso(f.sentAt),
  sentBy: f.sentBy,
  confirmedAt: iso(f.confirmedAt),
});

// ---- response schemas (the OpenAPI document is generated from these) ----

const str = z.string();
const nstr = z.string().nullable();
const bidOut = z.object({ bidId: str, bidderNo: str, amountFen: str, at: str, round: z.enum(["listing", "timed"]) });

export const viewOut = z.object({
  phase: str,
  listingStart: str,
  listingEnd: str,
  depositCutoff: str,
  freezeFrom: nstr,
  highest: bidOut.nullable(),
  minNextFen: nstr,
  bidCount: z.number(),
  deadline: nstr,
  deadlineKind: nstr,
  suspendedReason: nstr,
  result: z.object({ outcome: str, reason: str, at: str, winner: bidOut.nullable(), reserveFen: nstr }).nullable(),
});

export const parcelOut = z.object({
  id: str,
  parcelNo: str,
  name: str,
  location: str,
  district: str,
  areaM2: str,
  landUse: str,
  termYears: z.number(),
  plotRatio: str,
  planning: z.object({ buildingDensity: str.optional(), greenRatio: str.optional(), heightLimit: str.optional(), other: str.optional() }),
  startPriceFen: str,
  incrementFen: str,
  depositFen: str,
  qualificationMode: z.enum(["before", "after"]),
  listingStart: str,
  listingEnd: str,
  depositCutoff: str,
  phase: str,
  reserveWindowHours: z.number(),
  createdBy: str,
  createdAt: str,
  updatedAt: str,
});

export const noticeOut = z.object({ id: str, parcelId: str, kind: str, number: str, title: str, body: str, publishedAt: str });

export const detailOut = z.object({
  parcel: parcelOut,
  rules: z.object({
    announceLeadDays: z.number(),
    materialChangeLeadDays: z.number(),
    listingMinWorkingDays: z.number(),
    freezeMinutes: z.number(),
    intentWindowMinutes: z.number(),
    countdownMinutes: z.number(),
  }),
  view: viewOut,
  postponements: z.number(),
  notices: z.array(noticeOut),
});

export const listItemOut = z.object({ parcel: parcelOut, view: viewOut });

export const reserveOut = z.object({
  entered: z.boolean(),
  enteredBy: nstr,
  enteredAt: nstr,
  confirmed: z.boolean(),
  confirmedBy: nstr,
  confirmedAt: nstr,
  windowOpensAt: str,
  windowClosesAt: str,
  revealedFen: nstr,
  revealedAt: nstr,
});

export const paymentOut = z.object({
  id: str,
  source: str,
  bankRef: str,
  subAccount: str,
  payerAccount: str,
  payerName: str,
  amountFen: str,
  arrivedAt: str,
  applicationId: nstr,
  parcelId: nstr,
  outcome: str,
  review: str,
  reviewNote: nstr,
  reviewedBy: nstr,
  reviewedAt: nstr,
  createdAt: str,
});

export const refundOut = z.object({
  id: str,
  parcelId: nstr,
  applicationId: nstr,
  paymentId: nstr,
  reason: str,
  amountFen: str,
  payeeAccount: str,
  payeeName: str,
  dueDate: str,
  status: str,
  bankRef: nstr,
  createdAt: str,
  sentAt: nstr,
  sentBy: nstr,
  confirmedAt: nstr,
});

export const boardMessageOut = z.object({ parcelId: str, seq: z.number(), at: str, kind: str, bid: bidOut.nullable(), view: viewOut });
