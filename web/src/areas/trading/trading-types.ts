/** Shapes of the trading API (amounts are fen as decimal text). */
export interface BidView {
  bidId: string;
  bidderNo: string;
  amountFen: string;
  at: string;
  round: "listing" | "timed";
}

export interface SaleView {
  phase: string;
  listingStart: string;
  listingEnd: string;
  depositCutoff: string;
  freezeFrom: string | null;
  highest: BidView | null;
  minNextFen: string | null;
  bidCount: number;
  deadline: string | null;
  deadlineKind: string | null;
  suspendedReason: string | null;
  result: { outcome: string; reason: string; at: string; winner: BidView | null; reserveFen: string | null } | null;
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
  planning: { buildingDensity?: string; greenRatio?: string; heightLimit?: string; other?: string };
  startPriceFen: string;
  incrementFen: string;
  depositFen: string;
  qualificationMode: "before" | "after";
  listingStart: string;
  listingEnd: string;
  depositCutoff: string;
  phase: string;
  reserveWindowHours: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Notice {
  id: string;
  parcelId: string;
  kind: string;
  number: string;
  title: string;
  body: string;
  publishedAt: string;
}

export interface Rules {
  announceLeadDays: number;
  materialChangeLeadDays: number;
  listingMinWorkingDays: number;
  freezeMinutes: number;
  intentWindowMinutes: number;
  countdownMinutes: number;
}

export interface ParcelDetail {
  parcel: Parcel;
  rules: Rules;
  view: SaleView;
  postponements: number;
  notices: Notice[];
}

export interface ListItem {
  parcel: Parcel;
  view: SaleView;
}

export interface ReserveStatus {
  entered: boolean;
  enteredBy: string | null;
  enteredAt: string | null;
  confirmed: boolean;
  confirmedBy: string | null;
  confirmedAt: string | null;
  windowOpensAt: string;
  windowClosesAt: string;
  revealedFen: string | null;
  revealedAt: string | null;
}

export interface ApplicationRow {
  id: string;
  parcelId: string;
  kind: "sole" | "joint";
  displayName: string;
  members: { name: string; idType: string; idNumber: string; share?: string }[];
  payerAccounts: string[];
  depositAccount: string;
  bidderNo: string | null;
  status: string;
  rejectionReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  depositStatus: string;
  depositReceivedFen: string;
  depositArrivedAt: string | null;
  createdAt: string;
}

export interface Payment {
  id: string;
  source: string;
  bankRef: string;
  subAccount: string;
  payerAccount: string;
  payerName: string;
  amountFen: string;
  arrivedAt: string;
  applicationId: string | null;
  parcelId: string | null;
  outcome: string;
  review: string;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

export interface Refund {
  id: string;
  parcelId: string | null;
  applicationId: string | null;
  paymentId: string | null;
  reason: string;
  amountFen: string;
  payeeAccount: string;
  payeeName: string;
  dueDate: string;
  status: string;
  bankRef: string | null;
  createdAt: string;
  sentAt: string | null;
  sentBy: string | null;
  confirmedAt: string | null;
}

export interface SaleEventRow {
  seq: number;
  at: string;
  actor: string;
  event: Record<string, unknown>;
  phaseAfter: string;
}

export interface CalendarDay {
  day: string;
  kind: "holiday" | "workday";
  name: string;
}

export interface BoardSnapshot {
  parcelId: string;
  parcelNo: string;
  name: string;
  startPriceFen: string;
  incrementFen: string;
  serverTime: string;
  lastSeq: number;
  view: SaleView;
  bids: BidView[];
}

export interface BoardMessage {
  parcelId: string;
  seq: number;
  at: string;
  kind: string;
  bid: BidView | null;
  view: SaleView;
}
