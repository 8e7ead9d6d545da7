/**
 * The per-parcel bid log: every accepted signed bid with its TSA token and
 * the system's receipt, hash-chained (each entry's hash covers the previous
 * hash), so a deleted, reordered or altered bid shows. verifyBidLog checks
 * the chain, each bid's CMS signature over its document and that each TSA
 * token is over that signature (pure: no storage, no clock).
 */
import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { TSTInfo } from "@peculiar/asn1-tsp";
import { nodeGm } from "../../pki/algs/gm-node.js";
import { CMS_OID } from "../../pki/asn1/cms-oids.js";
import { verifyCms } from "../../../sdk/src/cms/signed-data.js";
import type { StoredBid } from "../trading.ports.js";

export const GENESIS = "0".repeat(64);

export const sha256hex = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

export interface ChainFields {
  parcelId: string;
  seq: number;
  id: string;
  bidderNo: string;
  amountFen: string;
  round: string;
  receivedAt: string;
  documentSha256: string;
  signatureSha256: string;
  tsaSha256: string;
}

export function chainHash(prev: string, f: ChainFields): string {
  return sha256hex(`${prev}\n${JSON.stringify([f.parcelId, f.seq, f.id, f.bidderNo, f.amountFen, f.round, f.receivedAt, f.documentSha256, f.signatureSha256, f.tsaSha256])}`);
}

export const chainFieldsOf = (b: StoredBid): ChainFields => ({
  parcelId: b.parcelId,
  seq: b.seq,
  id: b.id,
  bidderNo: b.bidderNo,
  amountFen: String(b.amount),
  round: b.round,
  receivedAt: b.receivedAt.toISOString(),
  documentSha256: sha256hex(b.document),
  signatureSha256: sha256hex(b.signature),
  tsaSha256: sha256hex(b.tsaToken),
});

export interface BidLogCheck {
  ok: boolean;
  entries: number;
  problems: string[];
}

export async function verifyBidLog(bids: StoredBid[], head: string): Promise<BidLogCheck> {
  const problems: string[] = [];
  let prev = GENESIS;
  for (const [i, b] of bids.entries()) {
    if (b.seq !== i + 1) problems.push(`entry ${i + 1}: sequence ${b.seq}`);
    if (b.prevHash !== prev) problems.push(`entry ${b.seq}: previous hash does not match`);
    const h = chainHash(b.prevHash, chainFieldsOf(b));
    if (h !== b.hash) problems.push(`entry ${b.seq}: hash does not match its content`);
    prev = b.hash;
    try {
      const v = await verifyCms(b.signature, { content: new TextEncoder().encode(b.document), gm: nodeGm });
      if (new TextDecoder().decode(v.content) !== b.document) problems.push(`entry ${b.seq}: the signature is over another document`);
      const t = await verifyCms(b.tsaToken, { gm: nodeGm });
      const tst = AsnConvert.parse(t.content, TSTInfo);
      const alg = tst.messageImprint.hashAlgorithm.algorithm === CMS_OID.sm3 ? "sm3" : "sha256";
      const imprint = alg === "sm3" ? Buffer.from(nodeGm.sm3(v.signatureValue)) : createHash("sha256").update(v.signatureValue).digest();
      if (!imprint.equals(Buffer.from(tst.messageImprint.hashedMessage.buffer))) problems.push(`entry ${b.seq}: the timestamp is over another signature`);
    } catch (e) {
      problems.push(`entry ${b.seq}: ${(e as Error).message}`);
    }
  }
  if (prev !== head) problems.push("the parcel's bid-log head does not match the last entry");
  return { ok: problems.length === 0, entries: bids.length, problems };
}
