import { describe, expect, it } from "vitest";
import { SaleDriver, T, wan } from "../../../test/helpers/sale-fixture.js";
import { decodeState, encodeState } from "./codec.js";
import { newSale } from "./engine.js";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("suspend / resume / terminate", () => {
  it("during the listing: bids are refused while suspended; resume moves the end by the pause", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.plus(HOUR);
    const eff = d.ok({ type: "suspend", reason: "database failure" });
    expect(d.state.phase).toBe("suspended");
    expect(eff.filter((e) => e.type === "cancel")).toHaveLength(4);
    d.plus(MIN).bidRejected("B", wan(1010), "TRADE_SUSPENDED");
    d.rejects({ type: "suspend", reason: "again" }, "TRADE_PHASE_INVALID");
    // A deadline firing while suspended changes nothing.
    d.at(T.end);
    expect(d.ok({ type: "listingClose" })).toEqual([{ type: "stale", deadline: "listingClose" }]);
    d.ok({ type: "resume" }); // paused from start + 1 h to the old end
    expect(d.state.phase).toBe("listing");
    const pause = T.end.getTime() - (T.start.getTime() + HOUR);
    expect(d.state.schedule.listingEnd).toEqual(new Date(T.end.getTime() + pause));
    expect(d.state.schedule.depositCutoff).toEqual(new Date(T.cutoff.getTime() + pause));
    expect(d.effects).toContainEqual({ type: "schedule", deadline: "listingClose", dueAt: d.state.schedule.listingEnd });
    // The last valid highest bid stands.
    d.bidRejected("B", wan(1000), "TRADE_BID_TIED");
    d.bid("B", wan(1010));
  });

  it("resume may set the listing end from the resumption notice, not before the resumption", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.ok({ type: "suspend", reason: "power" });
    d.plus(HOUR);
    d.rejects({ type: "resume", listingEnd: d.now }, "TRADE_SCHEDULE_INVALID");
    d.ok({ type: "resume", listingEnd: new Date(T.end.getTime() + 24 * HOUR) });
    expect(d.state.schedule.listingEnd).toEqual(new Date(T.end.getTime() + 24 * HOUR));
  });

  it("during timed bidding: resume restarts the countdown in full from the last valid highest bid", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.bid("B", wan(1010));
    d.at(T.end).ok({ type: "listingClose" });
    d.ok({ type: "continueIntent", bidderNo: "A", continue: true });
    d.ok({ type: "continueIntent", bidderNo: "B", continue: true });
    d.plus(MIN).bid("A", wan(1020));
    d.plus(3 * MIN).ok({ type: "suspend", reason: "network" }); // 1 min was left
    d.plus(30 * MIN);
    d.rejects({ type: "resume", listingEnd: new Date(d.now.getTime() + HOUR) }, "TRADE_SCHEDULE_INVALID");
    d.ok({ type: "resume" });
    expect(d.state.phase).toBe("timed");
    expect(d.state.deadline).toEqual(new Date(d.now.getTime() + 4 * MIN));
    expect(d.state.highest).toMatchObject({ bidderNo: "A", amount: wan(1020) });
    d.plus(4 * MIN - 1).bid("B", wan(1030));
  });

  it("in the intent window: resume restarts the window in full and keeps the answers", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.bid("B", wan(1010));
    d.at(T.end).ok({ type: "listingClose" });
    d.ok({ type: "continueIntent", bidderNo: "A", continue: true });
    d.plus(4 * MIN).ok({ type: "suspend", reason: "x" });
    d.plus(HOUR).ok({ type: "resume" });
    expect(d.state.phase).toBe("intent");
    expect(d.state.deadline).toEqual(new Date(d.now.getTime() + 5 * MIN));
    expect(d.state.bidders.A?.intent).toBe(true);
  });

  it("terminate ends the sale for good and refunds every deposit", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.ok({ type: "suspend", reason: "x" });
    const eff = d.plus(MIN).ok({ type: "terminate", reason: "court order" });
    expect(d.state.result).toMatchObject({ outcome: "terminated", detail: "court order" });
    expect(eff).toContainEqual({ type: "refundDeposits", bidderNos: ["A", "B", "C"] });
    d.rejects({ type: "resume" }, "TRADE_PHASE_INVALID");
    d.bidRejected("B", wan(1010), "TRADE_SALE_CLOSED");
    d.rejects({ type: "terminate", reason: "again" }, "TRADE_SALE_CLOSED");
  });
});

describe("engine invariants", () => {
  it("refuses an event dated before the last one", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.at(T.start.getTime() - 1).bidRejected("B", wan(1010), "TRADE_EVENT_OUT_OF_ORDER");
  });

  it("round-trips its state through JSON exactly", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000) + 1n as never);
    const json = JSON.parse(JSON.stringify(encodeState(d.state))) as unknown;
    expect(decodeState(json)).toEqual(d.state);
    const fresh = newSale({ startPrice: wan(1), increment: wan(1), deposit: wan(1) }, { listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff });
    expect(decodeState(JSON.parse(JSON.stringify(encodeState(fresh))))).toEqual(fresh);
  });
});
