/**
 * Signing a bid in the browser: the canonical bid document (same bytes the
 * server rebuilds) signed by the soft token as CMS SignedData with the SDK's
 * builder (P-256 through WebCrypto, SM2 with the GM/T 0009 ID).
 */
import { signCms } from "../../../../sdk/src/cms/signed-data.ts";
import { webGm } from "../../../../sdk/src/crypto/web-gm.ts";
import { localNow } from "../../clock.ts";
import { browserToken } from "../token/browser-token.ts";
import { toBase64, utf8 } from "../token/bytes.ts";

export function canonicalBid(d: { parcelId: string; bidderNo: string; amountFen: string; clientBidId: string; round: "listing" | "timed" }): string {
  return JSON.stringify({ type: "landtrade.bid.v1", parcelId: d.parcelId, bidderNo: d.bidderNo, amountFen: d.amountFen, clientBidId: d.clientBidId, round: d.round });
}

export function newClientBidId(): string {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return toBase64(b).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Signs with the token key whose certificate the bidder logged in with. */
export async function signBid(certSerial: string, doc: Parameters<typeof canonicalBid>[0]): Promise<{ document: string; signature: string }> {
  const keys = await browserToken.list();
  const norm = (s: string) => s.toLowerCase().replace(/^0+/, "");
  const k = keys.find((x) => x.certificate && x.serial && norm(x.serial) === norm(certSerial));
  if (!k?.certificate) throw new Error("TOKEN_KEY_MISSING");
  const document = canonicalBid(doc);
  const signer = await browserToken.signer(k.id);
  const cms = await signCms(signer, utf8(document), { certificate: k.certificate, signingTime: new Date(localNow()), gm: webGm });
  return { document, signature: toBase64(cms) };
}
