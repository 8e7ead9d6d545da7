/**
 * What the live board needs besides the bus: a snapshot (current view and
 * the anonymised bid history) and catch-up (messages after a sequence
 * number), both read from the database, so any node can serve any client.
 */
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { viewOf, type BidJson, type BoardMessage, type ViewJson } from "./board-message.js";

export const CATCH_UP_LIMIT = 1000;

export interface BoardSnapshot {
  parcelId: string;
  parcelNo: string;
  name: string;
  startPriceFen: string;
  incrementFen: string;
  serverTime: string;
  lastSeq: number;
  view: ViewJson;
  bids: BidJson[];
}

export class LiveBoardService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async snapshot(parcelId: string): Promise<BoardSnapshot> {
    const p = await this.store.read.trading.parcels.sale(parcelId);
    if (!p || p.state.phase === "draft") throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
    const rows = await this.store.read.trading.board.after(parcelId, 0, 100_000);
    const bids = rows.map((r) => r.message as BoardMessage).filter((m) => m.kind === "bid" && m.bid).map((m) => m.bid!);
    const now = this.clock.now();
    return {
      parcelId,
      parcelNo: p.parcelNo,
      name: p.name,
      startPriceFen: p.startPrice.toString(),
      incrementFen: p.increment.toString(),
      serverTime: now.toISOString(),
      lastSeq: p.boardSeq,
      view: viewOf(p.state, now),
      bids,
    };
  }

  /** Messages after `seq`; `complete` is false when there were more than the limit (the client should take a snapshot). */
  async after(parcelId: string, seq: number, limit = CATCH_UP_LIMIT): Promise<{ messages: BoardMessage[]; complete: boolean }> {
    const rows = await this.store.read.trading.board.after(parcelId, seq, limit + 1);
    return { messages: rows.slice(0, limit).map((r) => r.message as BoardMessage), complete: rows.length <= limit };
  }

  async exists(parcelId: string): Promise<boolean> {
    const p = await this.store.read.trading.parcels.byId(parcelId);
    return Boolean(p && p.phase !== "draft");
  }
}
