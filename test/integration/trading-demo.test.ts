/** The trading demo data: every phase present, rules respected, idempotent, and the running countdown ends by itself. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/app/clock.js";
import { seedTradingDemo } from "../../src/app/demo-seed-trading.js";
import { startTradingSystem, type TradingSystem } from "../helpers/trading.js";

let s: TradingSystem;
beforeAll(async () => {
  s = await startTradingSystem();
});
afterAll(() => s.close());

describe("trading demo seed", () => {
  it("creates parcels in every phase through the real services", async () => {
    const r = await seedTradingDemo(s.c);
    expect(r.skipped).toBe(false);
    const list = await s.c.trading.parcels.list();
    const phases = Object.fromEntries(list.map((x) => [x.parcel.name, x.view.phase]));
    expect(Object.values(phases).sort()).toEqual(["announced", "draft", "listing", "sold", "timed", "withdrawn"]);
    const sold = list.find((x) => x.view.phase === "sold")!;
    expect(sold.view.result).toMatchObject({ outcome: "sold", reason: "highestReachedReserve" });
    const timed = list.find((x) => x.view.phase === "timed")!;
    expect(timed.view.deadline!.getTime() - s.clock.now().getTime()).toBeGreaterThan(50 * MINUTE);
    const board = await s.c.trading.board.snapshot(sold.parcel.id);
    expect(board.bids.length).toBe(8);
    // Refunds of the sold parcel's other bidders were paid; the withdrawn parcel's bidder's is due.
    const refunds = await s.c.store.read.trading.refunds.list({ limit: 50 });
    expect(refunds.filter((f) => f.parcelId === sold.parcel.id).map((f) => f.status)).toEqual(["confirmed", "confirmed"]);
    expect((await s.c.audit.verify(s.c.store.read.audit)).ok).toBe(true);
  });

  it("is idempotent", async () => {
    const before = (await s.c.trading.parcels.list()).length;
    expect((await seedTradingDemo(s.c)).skipped).toBe(true);
    expect((await s.c.trading.parcels.list()).length).toBe(before);
  });

  it("leaves only future deadlines to the scheduler; the timed bidding ends by itself", async () => {
    await s.tick(); // past deadlines of the histories: stale
    const timed = (await s.c.trading.parcels.list()).find((x) => x.view.phase === "timed")!;
    s.clock.set(timed.view.deadline!);
    await s.tick();
    const after = await s.c.trading.parcels.detail(timed.parcel.id);
    expect(after.state.result).toMatchObject({ outcome: "sold" });
  });
});
