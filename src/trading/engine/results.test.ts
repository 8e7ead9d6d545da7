import { describe, expect, it } from "vitest";
import { SaleDriver, T, wan } from "../../../test/helpers/sale-fixture.js";

const MIN = 60_000;

/** A, B, C hold deposits; A and B bid; timed bidding ends with A at `final` 万. */
function biddingOver(rules = {}, final = 1040) {
  const d = new SaleDriver(rules).ready().at(T.start);
  d.bid("A", wan(1000));
  d.bid("B", wan(1010));
  d.at(T.end).ok({ type: "listingClose" });
  d.plus(MIN).ok({ type: "continueIntent", bidderNo: "A", continue: true });
  d.ok({ type: "continueIntent", bidderNo: "B", continue: true });
  d.plus(MIN).bid("A", wan(final));
  d.at(d.state.deadline!).ok({ type: "countdownLapse" });
  return d;
}

describe("results", () => {
  it("the highest bid reaching the reserve wins; its deposit becomes earnest money; the others are refunded", () => {
    const d = biddingOver();
    expect(d.state.phase).toBe("awaitingResult");
    const eff = d.ok({ type: "revealReserve", reserve: wan(1040) }); // exactly the reserve is enough
    expect(d.state.phase).toBe("sold");
    expect(d.state.result).toMatchObject({ outcome: "sold", reason: "highestReachedReserve", reserve: wan(1040), winner: { bidderNo: "A", amount: wan(1040), round: "timed" } });
    expect(eff).toContainEqual({ type: "depositToEarnest", bidderNo: "A" });
    expect(eff).toContainEqual({ type: "refundDeposits", bidderNos: ["B", "C"] });
  });

  it("below the reserve the parcel is withdrawn (流拍) and every deposit refunded", () => {
    const d = biddingOver();
    const eff = d.ok({ type: "revealReserve", reserve: wan(1040) + 1n as never });
    expect(d.state.result).toMatchObject({ outcome: "withdrawn", reason: "belowReserve", winner: null });
    expect(eff).toContainEqual({ type: "refundDeposits", bidderNos: ["A", "B", "C"] });
  });

  it("without a reserve the start price is the floor", () => {
    const d = biddingOver();
    d.ok({ type: "revealReserve", reserve: null });
    expect(d.state.result).toMatchObject({ outcome: "sold", reserve: null });
  });

  it("a single bidder at or above the reserve buys; below it the parcel is withdrawn", () => {
    for (const [reserve, outcome] of [
      [wan(1000), "sold"],
      [wan(1001), "withdrawn"],
    ] as const) {
      const d = new SaleDriver().ready(["A", "B"]).at(T.start);
      d.bid("A", wan(1000));
      d.at(T.end).ok({ type: "listingClose" });
      d.ok({ type: "revealReserve", reserve });
      expect(d.state.result?.outcome).toBe(outcome);
      if (outcome === "sold") expect(d.state.result?.reason).toBe("singleBidderReachedReserve");
    }
  });

  it("reveals the reserve only when bidding is over, once", () => {
    const d = new SaleDriver().ready().at(T.start);
    d.bid("A", wan(1000));
    d.rejects({ type: "revealReserve", reserve: wan(900) }, "TRADE_PHASE_INVALID");
    const o = biddingOver();
    o.ok({ type: "revealReserve", reserve: null });
    o.rejects({ type: "revealReserve", reserve: null }, "TRADE_PHASE_INVALID");
  });

  it("with qualification after the sale the winner's qualification decides", () => {
    const ok = biddingOver({ qualificationMode: "after" });
    ok.ok({ type: "revealReserve", reserve: wan(1020) });
    expect(ok.state.phase).toBe("awaitingQualification");
    ok.rejects({ type: "qualify", bidderNo: "B", approved: true }, "TRADE_PHASE_INVALID");
    const eff = ok.ok({ type: "qualify", bidderNo: "A", approved: true });
    expect(ok.state.result).toMatchObject({ outcome: "sold", reserve: wan(1020), winner: { bidderNo: "A" } });
    expect(eff).toContainEqual({ type: "refundDeposits", bidderNos: ["B", "C"] });

    const no = biddingOver({ qualificationMode: "after" });
    no.ok({ type: "revealReserve", reserve: wan(1020) });
    const eff2 = no.ok({ type: "qualify", bidderNo: "A", approved: false });
    expect(no.state.result).toMatchObject({ outcome: "withdrawn", reason: "winnerDisqualified" });
    // The disqualified winner's deposit is left for a decision, not refunded automatically.
    expect(eff2).toContainEqual({ type: "refundDeposits", bidderNos: ["B", "C"] });
  });

  it("after the result everything is refused", () => {
    const d = biddingOver();
    d.ok({ type: "revealReserve", reserve: null });
    d.rejects({ type: "terminate", reason: "late" }, "TRADE_SALE_CLOSED");
    d.rejects({ type: "suspend", reason: "late" }, "TRADE_PHASE_INVALID");
    d.bidRejected("B", wan(2000), "TRADE_SALE_CLOSED");
    expect(d.ok({ type: "countdownLapse" })).toEqual([{ type: "stale", deadline: "countdownLapse" }]);
  });
});
