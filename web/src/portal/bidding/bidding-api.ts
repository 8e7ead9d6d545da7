/** The bidder's trading calls: applications, the bidding room, signed bids, the continue-intent. */
import { get, post } from "../../api/client.ts";
import type { Parcel, SaleView } from "../../areas/trading/trading-types.ts";

export interface MyApplication {
  id: string;
  parcelId: string;
  kind: "sole" | "joint";
  displayName: string;
  bidderNo: string;
  depositAccount: string;
  status: string;
  rejectionReason: string | null;
  depositStatus: string;
  depositReceivedFen: string;
  createdAt: string;
}

export interface BidReceipt {
  bidId: string;
  seq: number;
  bidderNo: string;
  amountFen: string;
  round: "listing" | "timed";
  receivedAt: string;
  hash: string;
  receiptDocument: string;
  receipt: string;
  timestampToken: string;
  repeated: boolean;
}

export interface Room {
  parcel: Parcel;
  application: MyApplication;
  view: SaleView;
  mine: BidReceipt[];
  intentOpen: boolean;
  intent: boolean | null;
  serverTime: string;
}

export const biddingApi = {
  applications: () => get<{ items: { application: MyApplication; parcel: Parcel; view: SaleView }[] }>("/api/bidder/applications"),
  parcels: () => get<{ items: { parcel: Parcel; view: SaleView }[] }>("/api/public/parcels"),
  apply: (parcelId: string, body: unknown) => post<{ application: MyApplication }>(`/api/bidder/parcels/${parcelId}/applications`, body),
  room: (parcelId: string) => get<Room>(`/api/bidder/parcels/${parcelId}/room`),
  bid: (parcelId: string, body: { clientBidId: string; amountFen: string; document: string; signature: string }) => post<BidReceipt>(`/api/bidder/parcels/${parcelId}/bids`, body),
  intent: (parcelId: string, cont: boolean) => post<null>(`/api/bidder/parcels/${parcelId}/intent`, { continue: cont }),
};
