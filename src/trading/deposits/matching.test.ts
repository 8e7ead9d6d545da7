import { describe, expect, it } from "vitest";
import { fen } from "../../shared/money.js";
import { matchArrival, normaliseAccount, type Arrival, type DepositTarget } from "./matching.js";

const cutoff = new Date("2026-03-11T09:00:00.000Z");
const arrival = (o: Partial<Arrival> = {}): Arrival => ({
  bankRef: "R1",
  subAccount: "4305010000123456",
  payerAccount: "6222 0000 1111 2222",
  payerName: "长沙某置业有限公司",
  amount: fen(200_000_000),
  arrivedAt: new Date("2026-03-05T02:00:00.000Z"),
  ...o,
});
const target = (o: Partial<DepositTarget> = {}): DepositTarget => ({ payerAccounts: ["6222-0000-1111-2222"], deposit: fen(200_000_000), received: fen(0), cutoff, open: true, ...o });

describe("deposit matching", () => {
  it("matches the full amount from a registered payer before the cut-off", () => {
    expect(matchArrival(arrival(), target())).toEqual({ outcome: "matched", review: false, received: fen(200_000_000), completes: true, refund: null });
    // Exactly at the cut-off still counts.
    expect(matchArrival(arrival({ arrivedAt: cutoff }), target()).completes).toBe(true);
  });

  it("flags a partial payment and completes the deposit with the next one", () => {
    const first = matchArrival(arrival({ amount: fen(150_000_000) }), target());
    expect(first).toEqual({ outcome: "partial", review: true, received: fen(150_000_000), completes: false, refund: null });
    const second = matchArrival(arrival({ amount: fen(50_000_000) }), target({ received: first.received }));
    expect(second).toMatchObject({ outcome: "completed", completes: true, received: fen(200_000_000), refund: null });
  });

  it("counts the deposit and refunds the excess of an overpayment", () => {
    expect(matchArrival(arrival({ amount: fen(200_000_100) }), target())).toEqual({
      outcome: "excess",
      review: true,
      received: fen(200_000_000),
      completes: true,
      refund: { amount: fen(100), reason: "excess" },
    });
    // A payment after the deposit is complete is refunded whole.
    expect(matchArrival(arrival({ amount: fen(5) }), target({ received: fen(200_000_000) }))).toMatchObject({ outcome: "excess", completes: false, refund: { amount: fen(5) } });
  });

  it("refunds money that cannot count: late, third-party, unknown sub-account, closed sale", () => {
    const late = matchArrival(arrival({ arrivedAt: new Date(cutoff.getTime() + 1) }), target());
    expect(late).toMatchObject({ outcome: "late", review: true, completes: false, refund: { amount: fen(200_000_000), reason: "late" } });
    expect(matchArrival(arrival({ payerAccount: "6222000011112223" }), target())).toMatchObject({ outcome: "payerMismatch", refund: { reason: "payerMismatch" } });
    expect(matchArrival(arrival(), null)).toMatchObject({ outcome: "unknownAccount", received: fen(0), refund: { reason: "unknownAccount" } });
    expect(matchArrival(arrival(), target({ open: false }))).toMatchObject({ outcome: "closed", refund: { reason: "closed" } });
  });

  it("compares account numbers by their characters only", () => {
    expect(normaliseAccount(" 6222-0000 1111.2222 ")).toBe("6222000011112222");
  });
});
