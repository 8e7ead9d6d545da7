import { describe, expect, it } from "vitest";
import { SaleDriver, T, wan, effectTypes } from "../../../test/helpers/sale-fixture.js";

const MIN = 60_000;
const W = T.end.getTime() + 5 * MIN; // intent window end

/** A and B bid in the listing (B highest at 1010 万), C never bid; the listing has closed. */
function closed(rules = {}) {
  const d = new SaleDriver(rules).ready().at(T.start);
  d.bid("A", wan(1000));
  d.bid("B", wan(1010));
  d.at(T.end).ok({ type: "listingClose" });
  return d;
}

describe("continue-intent window", () => {
  it("is open to bidders with a valid listing bid, until 1 ms before its end", () => {
    const d = closed();
    d.rejects({ type: "continueIntent", bidderNo: "C", continue: true }, "TRADE_INTENT_NOT_ELIGIBLE");
    d.at(W - 1).ok({ type: "continueIntent", bidderNo: "A", continue: true });
    d.at(W).rejects({ type: "continueIntent", bidderNo: "B", continue: true }, "TRADE_DEADLINE_PASSED");
    d.bidRejected("A", wan(1020), "TRADE_DEADLINE_PASSED"); // listing bids are over
  });

  it("starts timed bidding at its end if anyone continues; the next bid is highest + increment", () => {
    const d = closed();
    d.at(T.end.getTime() + MIN).ok({ type: "continueIntent", bidderNo: "A", continue: true });
    d.at(W - 1);
    expect(d.ok({ type: "intentWindowLapse" })).toEqual([{ type: "stale", deadline: "intentWindowLapse" }]);
    d.at(W);
    expect(effectTypes(d.ok({ type: "intentWindowLapse" }))).toEqual(["phaseChanged", "schedule"]);
    expect(d.state.phase).toBe("timed");
    expect(d.state.deadline).toEqual(new Date(W + 4 * MIN));
    d.plus(1).bidRejected("A", wan(1015), "TRADE_BID_TOO_LOW");
  });

  it("closes early once every eligible bidder has answered", () => {
    const d = closed();
    d.at(T.end.getTime() + MIN).ok({ type: "continueIntent", bidderNo: "A", continue: true });
    d.ok({ type: "continueIntent", bidderNo: "A", continue: false }); // may change the answer while the window is open
    const eff = d.plus(1000).ok({ type: "continueIntent", bidderNo: "B", continue: true });
    expect(eff).toEqual([
      { type: "phaseChanged", from: "intent", to: "timed" },
      { type: "cancel", deadline: "intentWindowLapse" },
      { type: "schedule", deadline: "countdownLapse", dueAt: new Date(d.now.getTime() + 4 * MIN) },
    ]);
  });

  it("goes to the result when nobody continues", () => {
    const d = closed();
    d.at(W).ok({ type: "intentWindowLapse" });
    expect(d.state.phase).toBe("awaitingResult");
    expect(d.effects).toContainEqual({ type: "needReserve" });
  });
});

describe("timed bidding", () => {
  function timed() {
    const d = closed();
    d.at(T.end.getTime() + MIN).ok({ type: "continueIntent", bidderNo: "A", continue: true });
    d.ok({ type: "continueIntent", bidderNo: "B", continue: true });
    return d; // timed since T.end + 1 min, countdown to T.end + 5 min
  }

  it("restarts the countdown in full with every bid", () => {
    const d = timed();
    const t0 = d.now.getTime();
    d.at(t0 + 3 * MIN).bid("A", wan(1020));
    expect(d.state.deadline).toEqual(new Date(t0 + 7 * MIN));
    expect(d.effects).toContainEqual({ type: "schedule", deadline: "countdownLapse", dueAt: new Date(t0 + 7 * MIN) });
    expect(d.state.highest).toMatchObject({ bidderNo: "A", round: "timed" });
    d.at(t0 + 6 * MIN).bid("B", wan(1050)); // k = 3
    expect(d.state.deadline).toEqual(new Date(t0 + 10 * MIN));
  });

  it("a bid exactly at the countdown's end is too late and the lapse at that instant ends bidding", () => {
    const d = timed();
    const end = d.state.deadline!.getTime();
    d.at(end).bidRejected("A", wan(1020), "TRADE_DEADLINE_PASSED");
    d.at(end + 1).bidRejected("A", wan(1020), "TRADE_DEADLINE_PASSED");
    d.at(end).ok({ type: "countdownLapse" });
    expect(d.state.phase).toBe("awaitingResult");
    d.bidRejected("A", wan(1020), "TRADE_DEADLINE_PASSED");
  });

  it("a bid 1 ms before the end wins the race: the old lapse is stale", () => {
    const d = timed();
    const end = d.state.deadline!.getTime();
    d.at(end - 1).bid("A", wan(1020));
    d.at(end);
    expect(d.ok({ type: "countdownLapse" })).toEqual([{ type: "stale", deadline: "countdownLapse" }]);
    expect(d.state.phase).toBe("timed");
    d.at(end - 1 + 4 * MIN).ok({ type: "countdownLapse" });
    expect(d.state.phase).toBe("awaitingResult");
  });

  it("only bidders who chose to continue may bid, never against their own highest bid", () => {
    const d = closed();
    d.at(T.end.getTime() + MIN).ok({ type: "continueIntent", bidderNo: "A", continue: true });
    d.ok({ type: "continueIntent", bidderNo: "B", continue: false });
    expect(d.state.phase).toBe("timed");
    d.bidRejected("B", wan(1020), "TRADE_NOT_IN_TIMED_BIDDING");
    d.bidRejected("C", wan(1020), "TRADE_INTENT_NOT_ELIGIBLE");
    d.bid("A", wan(1020));
    d.bidRejected("A", wan(1030), "TRADE_ALREADY_HIGHEST");
    d.bidRejected("B", wan(1030), "TRADE_NOT_IN_TIMED_BIDDING");
  });

  it("follows the per-parcel window and countdown lengths", () => {
    const d = closed({ intentWindowMs: 2 * MIN, countdownMs: 1 * MIN });
    expect(d.state.deadline).toEqual(new Date(T.end.getTime() + 2 * MIN));
    d.at(T.end.getTime() + 2 * MIN - 1).ok({ type: "continueIntent", bidderNo: "A", continue: true });
    d.at(T.end.getTime() + 2 * MIN).ok({ type: "intentWindowLapse" });
    expect(d.state.deadline).toEqual(new Date(T.end.getTime() + 3 * MIN));
  });
});
