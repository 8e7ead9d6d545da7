/** Signed bids for tests: the canonical document, a CMS signature by the bidder's key, the HTTP call. */
import { randomBytes } from "node:crypto";
import { nodeGm } from "../../src/pki/algs/gm-node.js";
import type { LandtradeApp } from "../../src/http/build-app.js";
import { canonicalBid } from "../../src/trading/bidder/bid-document.js";
import { signCms } from "../../sdk/src/cms/signed-data.js";
import type { LoggedIn } from "./app.js";
import type { TestBidder } from "./bidder.js";

export const clientId = () => randomBytes(12).toString("base64url");
const utf8 = (s: string) => new TextEncoder().encode(s);

export interface BidOpts {
  parcelId: string;
  bidderNo: string;
  amountFen: string;
  round?: "listing" | "timed";
  clientBidId?: string;
  detached?: boolean;
  /** Sign with someone else's key and certificate. */
  signer?: Pick<TestBidder, "key" | "certDer">;
  signingTime: Date;
}

export async function signedBid(b: Pick<TestBidder, "key" | "certDer">, o: BidOpts) {
  const clientBidId = o.clientBidId ?? clientId();
  const document = canonicalBid({ parcelId: o.parcelId, bidderNo: o.bidderNo, amountFen: o.amountFen, clientBidId, round: o.round ?? "listing" });
  const s = o.signer ?? b;
  const cms = await signCms(s.key, utf8(document), { certificate: s.certDer, detached: o.detached ?? false, signingTime: o.signingTime, gm: nodeGm });
  return { clientBidId, amountFen: o.amountFen, document, signature: Buffer.from(cms).toString("base64") };
}

export async function postBid(app: LandtradeApp, who: LoggedIn, parcelId: string, body: unknown) {
  const r = await app.inject({ method: "POST", url: `/api/bidder/parcels/${parcelId}/bids`, payload: body as object, headers: { cookie: who.cookie, "x-csrf-token": who.csrf } });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> & { code?: string } };
}
