/** Trading storage: the per-parcel signed bid log. */
import type { Kysely, Selectable } from "kysely";
import { fenFromDb, fenToDb } from "../../shared/money.js";
import type { BidRepo, StoredBid } from "../../trading/trading.ports.js";
import type { Database } from "../schema.js";
import type { TradingBidTable } from "../tables/trading.js";

const bytes = (b: Uint8Array) => new Uint8Array(b);

function toBid(r: Selectable<TradingBidTable>): StoredBid {
  return {
    parcelId: r.parcel_id,
    seq: Number(r.seq),
    id: r.id,
    applicationId: r.application_id,
    bidderNo: r.bidder_no,
    clientBidId: r.client_bid_id,
    round: r.round as StoredBid["round"],
    amount: fenFromDb(r.amount_fen),
    receivedAt: new Date(r.received_at),
    document: r.document,
    signature: bytes(r.signature),
    certSerial: r.cert_serial,
    tsaToken: bytes(r.tsa_token),
    receipt: bytes(r.receipt),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export function bidRepo(db: Kysely<Database>): BidRepo {
  return {
    async insert(b) {
      await db
        .insertInto("trading_bid")
        .values({
          parcel_id: b.parcelId,
          seq: b.seq,
          id: b.id,
          application_id: b.applicationId,
          bidder_no: b.bidderNo,
          client_bid_id: b.clientBidId,
          round: b.round,
          amount_fen: fenToDb(b.amount),
          received_at: b.receivedAt,
          document: b.document,
          signature: b.signature,
          cert_serial: b.certSerial,
          tsa_token: b.tsaToken,
          receipt: b.receipt,
          prev_hash: b.prevHash,
          hash: b.hash,
        })
        .execute();
    },
    async byClientId(applicationId, clientBidId) {
      const r = await db.selectFrom("trading_bid").selectAll().where("application_id", "=", applicationId).where("client_bid_id", "=", clientBidId).executeTakeFirst();
      return r ? toBid(r) : undefined;
    },
    async byParcel(parcelId) {
      return (await db.selectFrom("trading_bid").selectAll().where("parcel_id", "=", parcelId).orderBy("seq").execute()).map(toBid);
    },
    async byApplication(applicationId) {
      return (await db.selectFrom("trading_bid").selectAll().where("application_id", "=", applicationId).orderBy("seq").execute()).map(toBid);
    },
  };
}
