/**
 * Many bidders racing on one parcel through the sale runner (on PostgreSQL
 * with a pool of connections these really run in parallel; the parcel's row
 * lock serialises them). Every acknowledged bid is in the event log exactly
 * once, nothing unacknowledged is, the price rises strictly by whole
 * increments, the board's numbers have no gap, and the audit chain verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../src/shared/errors.js";
import { fen, type Fen } from "../../src/shared/money.js";
import type { BoardMessage } from "../../src/trading/live/board-message.js";
import { addApplication, call, parcelBody, S, startTradingSystem, wanFen, type TradingSystem } from "../helpers/trading.js";

let s: TradingSystem;
let parcelId: string;
const bidders: string[] = [];
const INC = fen(BigInt(wanFen(50)));
const START = fen(BigInt(wanFen(28000)));

beforeAll(async () => {
  s = await startTradingSystem();
  const created = await call(s.app, s.admin, "POST", "/api/trading/parcels", parcelBody());
  parcelId = (created.body.parcel as { id: string }).id;
  await call(s.app, s.admin, "POST", `/api/trading/parcels/${parcelId}/announce`, {});
  for (let i = 0; i < 12; i++) {
    const a = await addApplication(s, parcelId, { status: "submitted" });
    await s.c.trading.applications.decide(a.id, { approved: true }, "staff:t-admin");
    await s.c.trading.deposits.receive({ bankRef: `C${i}`, subAccount: a.depositAccount, payerAccount: a.payerAccounts[0]!, payerName: a.displayName, amount: fen(BigInt(wanFen(5600))), arrivedAt: s.clock.now() }, "callback", {}, "bank:test");
    bidders.push(a.bidderNo);
  }
  await s.at(S.start);
});
afterAll(() => s.close());

describe("concurrent bids on one parcel", () => {
  it("loses and duplicates nothing, and the price only rises by whole increments", async () => {
    const acked: { bidId: string; amount: Fen }[] = [];
    const refused = new Map<string, number>();
    let highest = START - INC;
    const attempt = async (n: number) => {
      const bidderNo = bidders[n % bidders.length]!;
      // Clients bid on what they last saw: often stale, so many bids collide.
      const seen = highest < START ? START - INC : highest;
      const k = BigInt(1 + (n % 3));
      const amount = fen(seen < START ? START : seen + INC * k);
      const bidId = `bid-${n}`;
      try {
        await s.c.trading.runner.run((r, o) => s.c.trading.runner.apply(r, o, parcelId, { type: "listingBid", bidId, bidderNo, amount }, `bidder:${bidderNo}`));
        acked.push({ bidId, amount });
        if (amount > highest) highest = amount;
      } catch (e) {
        if (!isAppError(e)) throw e;
        refused.set(e.code, (refused.get(e.code) ?? 0) + 1);
      }
    };
    const N = 240;
    for (let wave = 0; wave < N; wave += 24) await Promise.all(Array.from({ length: 24 }, (_, i) => attempt(wave + i)));

    expect(acked.length).toBeGreaterThan(10);
    expect([...refused.keys()].every((c) => ["TRADE_BID_TIED", "TRADE_BID_TOO_LOW", "TRADE_ALREADY_HIGHEST", "TRADE_BID_BAD_INCREMENT"].includes(c))).toBe(true);

    const events = (await s.c.store.read.trading.parcels.events(parcelId)).filter((e) => e.event.type === "listingBid");
    const logged = events.map((e) => (e.event as { bidId: string }).bidId);
    expect(new Set(logged).size).toBe(logged.length); // no duplicates
    expect(new Set(logged)).toEqual(new Set(acked.map((a) => a.bidId))); // nothing lost, nothing extra
    const amounts = events.map((e) => (e.event as { amount: Fen }).amount);
    expect(amounts[0]).toBeGreaterThanOrEqual(START);
    for (let i = 1; i < amounts.length; i++) {
      expect(amounts[i]! > amounts[i - 1]!).toBe(true);
      expect((amounts[i]! - amounts[i - 1]!) % INC).toBe(0n);
    }
    for (let i = 1; i < events.length; i++) expect(events[i]!.at.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.at.getTime());

    const board = await s.c.store.read.trading.board.after(parcelId, 0, 10_000);
    expect(board.map((b) => b.seq)).toEqual(board.map((_, i) => i + 1));
    expect(board.filter((b) => (b.message as BoardMessage).kind === "bid").map((b) => (b.message as BoardMessage).bid!.bidId)).toEqual(logged);

    const sale = await s.c.store.read.trading.parcels.sale(parcelId);
    expect(sale!.state.bidCount).toBe(acked.length);
    expect(sale!.state.highest!.amount).toBe(amounts.at(-1));
    expect((await s.c.audit.verify(s.c.store.read.audit)).ok).toBe(true);
  });
});
