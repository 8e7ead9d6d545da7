import { describe, expect, it } from "vitest";
import { SaleDriver, T, wan, effectTypes } from "../../../test/helpers/sale-fixture.js";
import { fen } from "../../shared/money.js";

const MIN = 60_000;

describe("bidding rights", () => {
  it("needs the full deposit by the cut-off (inclusive) and, before the sale, an approved qualification", () => {
    const d = new SaleDriver();
    d.at(T.announce).ok({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff });
    d.plus(86_400_000).ok({ type: "depositConfirmed", bidderNo: "A", arrivedAt: d.now });
    d.at(T.start).bidRejected("A", wan(1000), "TRADE_NO_BIDDING_RIGHT"); // deposit, not qualified
    d.ok({ type: "qualify", bidderNo: "A", approved: true });
    d.ok({ type: "qualify", bidderNo: "B", approved: true });
    d.rejects({ type: "qualify", bidderNo: "A", approved: false }, "TRADE_QUALIFICATION_DECIDED");
    d.bidRejected("B", wan(1000), "TRADE_NO_BIDDING_RIGHT"); // qualified, no deposit
    d.bid("A", wan(1000));

    d.at(T.cutoff).ok({ type: "depositConfirmed", bidderNo: "C", arrivedAt: T.cutoff }); // the cut-off instant counts
    d.rejects({ type: "depositConfirmed", bidderNo: "B", arrivedAt: new Date(T.cutoff.getTime() + 1) }, "TRADE_EVENT_OUT_OF_ORDER"); // arrival in the future
    d.at(T.cutoff.getTime() + 1).rejects({ type: "depositConfirmed", bidderNo: "B", arrivedAt: d.now }, "TRADE_DEPOSIT_LATE");
    // A confirmation processed after the cut-off for money that arrived before it still counts.
    d.ok({ type: "depositConfirmed", bidderNo: "B", arrivedAt: new Date(T.cutoff.getTime() - 1) });
    d.bid("B", wan(1010));
    d.ok({ type: "qualify", bidderNo: "C", approved: false });
    d.bidRejected("C", wan(1020), "TRADE_NO_BIDDING_RIGHT"); // deposit, rejected
  });

  it("with qualification after the sale, the deposit alone gives the right", () => {
    const d = new SaleDriver({ qualificationMode: "after" }).ready(["A"]);
    d.rejects({ type: "qualify", bidderNo: "A", approved: true }, "TRADE_PHASE_INVALID");
    d.at(T.start).bid("A", wan(1000));
    expect(d.state.highest?.bidderNo).toBe("A");
  });

  it("records the earliest arrival once", () => {
    const d = new SaleDriver().ready(["A"]);
    const first = d.state.bidders.A!.depositArrivedAt;
    d.plus(MIN).ok({ type: "depositConfirmed", bidderNo: "A", arrivedAt: d.now });
    expect(d.state.bidders.A!.depositArrivedAt).toEqual(first);
  });
});

describe("listing bids", () => {
  it("opens exactly at the start: 1 ms before is refused", () => {
    const d = new SaleDriver().ready();
    d.at(T.start.getTime() - 1).bidRejected("A", wan(1000), "TRADE_LISTING_NOT_OPEN");
    d.at(T.start);
    expect(effectTypes(d.bid("A", wan(1000)))).toEqual(["phaseChanged", "bidAccepted"]);
    expect(d.state.phase).toBe("listing");
  });

  it("first bid at least the start price (any amount above), later ones highest + k × increment", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bidRejected("A", fen(wan(1000) - 1n), "TRADE_BID_BELOW_START");
    const eff = d.bid("A", fen(wan(1000) + 5n)); // above the start price, off the increment grid: allowed for the first bid
    expect(eff).toContainEqual({ type: "bidAccepted", bid: expect.objectContaining({ amount: fen(wan(1000) + 5n) }), minNext: fen(wan(1010) + 5n) });
    d.plus(1);
    d.bidRejected("B", fen(wan(1000) + 5n), "TRADE_BID_TIED");
    d.bidRejected("B", fen(wan(1010) + 4n), "TRADE_BID_TOO_LOW");
    d.bidRejected("B", fen(wan(1015) + 5n), "TRADE_BID_BAD_INCREMENT");
    d.bidRejected("B", fen(wan(1020) + 6n), "TRADE_BID_BAD_INCREMENT");
    d.bidRejected("A", fen(wan(1010) + 5n), "TRADE_ALREADY_HIGHEST");
    d.bid("B", fen(wan(1030) + 5n)); // k = 3
    d.plus(1).bid("A", fen(wan(1040) + 5n)); // k = 1
    expect(d.state.highest).toMatchObject({ bidderNo: "A", amount: fen(wan(1040) + 5n), round: "listing" });
    expect(d.state.bidCount).toBe(3);
  });

  it("an equal bid goes to the earlier receipt, even in the same millisecond", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.bid("B", wan(1010));
    d.bidRejected("C", wan(1010), "TRADE_BID_TIED"); // same instant as B's, received after it
    expect(d.state.highest?.bidderNo).toBe("B");
  });

  it("closes at the end instant: 1 ms before is accepted, the end and 1 ms after are refused", () => {
    const d = new SaleDriver().ready();
    d.at(T.end.getTime() - 1).bid("A", wan(1000));
    d.at(T.end).bidRejected("B", wan(1010), "TRADE_DEADLINE_PASSED");
    d.at(T.end.getTime() + 1).bidRejected("B", wan(1010), "TRADE_DEADLINE_PASSED");
  });

  it("optionally freezes the last hour", () => {
    const d = new SaleDriver({ freezeMinutes: 60 }).ready();
    const freeze = T.end.getTime() - 60 * MIN;
    d.at(freeze - 1).bid("A", wan(1000));
    d.at(freeze).bidRejected("B", wan(1010), "TRADE_LISTING_FROZEN");
    d.at(T.end.getTime() - 1).bidRejected("B", wan(1010), "TRADE_LISTING_FROZEN");
  });

  it("refuses bids before the announcement and after the close", () => {
    const d = new SaleDriver();
    d.bidRejected("A", wan(1000), "TRADE_LISTING_NOT_OPEN");
    d.ready().at(T.start).bid("A", wan(1000));
    d.at(T.end).ok({ type: "listingClose" });
    d.bidRejected("B", wan(1010), "TRADE_DEADLINE_PASSED"); // single bidder → awaiting the result
    d.ok({ type: "revealReserve", reserve: null });
    d.bidRejected("B", wan(1010), "TRADE_SALE_CLOSED");
  });
});

describe("listing close", () => {
  it("is stale before the end and fires exactly at it", () => {
    const d = new SaleDriver().ready();
    d.at(T.end.getTime() - 1);
    expect(d.ok({ type: "listingClose" })).toEqual([{ type: "stale", deadline: "listingClose" }]);
    d.at(T.end);
    d.ok({ type: "listingClose" });
    expect(d.state.phase).toBe("withdrawn");
  });

  it("with no bid withdraws the parcel (流拍) and refunds every deposit, even if the listing never opened", () => {
    const d = new SaleDriver().ready(["A", "B"]);
    d.at(T.end.getTime() + 5000);
    const eff = d.ok({ type: "listingClose" });
    expect(eff[0]).toEqual({ type: "phaseChanged", from: "announced", to: "withdrawn" });
    expect(d.state.result).toMatchObject({ outcome: "withdrawn", reason: "noBid", winner: null });
    expect(eff).toContainEqual({ type: "refundDeposits", bidderNos: ["A", "B"] });
  });

  it("with one bidder goes to the result (the reserve is revealed next)", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.at(T.end);
    expect(effectTypes(d.ok({ type: "listingClose" }))).toEqual(["phaseChanged", "cancel", "needReserve"]);
    expect(d.state.phase).toBe("awaitingResult");
  });

  it("with several bidders opens the continue-intent window (default 5 minutes)", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.bid("B", wan(1010));
    d.at(T.end).ok({ type: "listingClose" });
    expect(d.state.phase).toBe("intent");
    expect(d.state.deadline).toEqual(new Date(T.end.getTime() + 5 * MIN));
    expect(d.effects).toContainEqual({ type: "schedule", deadline: "intentWindowLapse", dueAt: d.state.deadline });
  });
});
