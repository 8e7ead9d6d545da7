/**
 * Property-based tests: random sequences of bids, deadlines (often exactly
 * at, 1 ms before or after them), intents, suspensions and reveals, checked
 * against the invariants of a fair sale.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SaleDriver, T, wan } from "../../../test/helpers/sale-fixture.js";
import type { Fen } from "../../shared/money.js";
import { decodeState, encodeState } from "./codec.js";
import type { HighestBid, SaleEvent, SaleState } from "./types.js";

const BIDDERS = ["A", "B", "C", "D", "E"];
const INC = wan(10);

type Action =
  | { kind: "wait"; ms: number }
  | { kind: "toDeadline"; offset: -1 | 0 | 1 }
  | { kind: "bid"; who: number; k: number; jitter: number }
  | { kind: "deadline" }
  | { kind: "suspend" }
  | { kind: "resume" }
  | { kind: "reveal"; reserveSteps: number | null };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 1, max: 5 * 60_000 }), fc.integer({ min: 1, max: 3 * 86_400_000 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("toDeadline" as const), offset: fc.constantFrom(-1 as const, 0 as const, 1 as const) }) },
  // A bidder's move: a bid, or in the intent window an answer (k ≥ 0: continue).
  { weight: 16, arbitrary: fc.record({ kind: fc.constant("bid" as const), who: fc.nat({ max: 4 }), k: fc.integer({ min: -1, max: 3 }), jitter: fc.constantFrom(0, 0, 0, 1, -1, 5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("deadline" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("suspend" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("resume" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("reveal" as const), reserveSteps: fc.option(fc.integer({ min: -2, max: 8 })) }) },
);

/** The deadline that matters now, for "toDeadline" and "deadline" actions. */
function nextDeadline(s: SaleState): { at: Date; event: SaleEvent } | null {
  if (s.phase === "announced") return { at: s.schedule.listingStart, event: { type: "listingOpen" } };
  if (s.phase === "listing") return { at: s.schedule.listingEnd, event: { type: "listingClose" } };
  if (s.phase === "intent") return { at: s.deadline!, event: { type: "intentWindowLapse" } };
  if (s.phase === "timed") return { at: s.deadline!, event: { type: "countdownLapse" } };
  return null;
}

/** Any bidder during the listing; after it mostly (4 in 5) one of those who bid in it, so later rounds get exercised. */
function pick(s: SaleState, who: number): string {
  const eligible = BIDDERS.filter((b) => s.bidders[b]?.listingBid);
  if (s.phase === "listing" || s.phase === "announced" || eligible.length === 0 || who === 4) return BIDDERS[who]!;
  return eligible[who % eligible.length]!;
}

function run(actions: Action[], qualificationMode: "before" | "after", from: "listing" | "timed" = "listing") {
  const d = new SaleDriver({ qualificationMode, freezeMinutes: 0 }).ready(BIDDERS.slice(0, 4)); // E has no right
  d.at(T.start.getTime() - 1);
  if (from === "timed") {
    // A, B, C bid in the listing and all continue: timed bidding from C's 1020 万.
    d.at(T.start).bid("A", wan(1000));
    d.bid("B", wan(1010));
    d.bid("C", wan(1020));
    d.at(T.end).ok({ type: "listingClose" });
    for (const b of ["A", "B", "C"]) d.ok({ type: "continueIntent", bidderNo: b, continue: true });
  }
  const accepted: { bid: HighestBid; phaseBefore: SaleState["phase"]; deadlineBefore: Date | null; endBefore: Date }[] = [];
  const visited = new Set<string>();
  let n = 0;
  for (const a of actions) {
    visited.add(d.state.phase);
    const before = d.state;
    let e: SaleEvent | null = null;
    switch (a.kind) {
      case "wait":
        d.plus(a.ms);
        continue;
      case "toDeadline": {
        const nd = nextDeadline(d.state);
        if (nd && nd.at.getTime() + a.offset >= d.now.getTime()) d.at(nd.at.getTime() + a.offset);
        continue;
      }
      case "bid": {
        if (d.state.phase === "intent") {
          e = { type: "continueIntent", bidderNo: pick(d.state, a.who), continue: a.k >= 0 };
          break;
        }
        const base = d.state.highest?.amount ?? d.state.rules.startPrice;
        const amount = (base + BigInt(a.k) * INC + BigInt(a.jitter)) as Fen;
        if (amount <= 0n) continue;
        e = { type: d.state.phase === "timed" ? "timedBid" : "listingBid", bidId: `r${++n}`, bidderNo: pick(d.state, a.who), amount };
        break;
      }
      case "deadline":
        e = nextDeadline(d.state)?.event ?? { type: "countdownLapse" };
        break;
      case "suspend":
        e = { type: "suspend", reason: "test" };
        break;
      case "resume":
        e = { type: "resume" };
        break;
      case "reveal":
        e = { type: "revealReserve", reserve: a.reserveSteps === null ? null : ((wan(1000) + BigInt(a.reserveSteps) * INC) as Fen) };
        break;
    }
    if (!e) continue;
    const out = d.try(e);
    if (!out.ok) {
      expect(d.state).toBe(before); // a rejection changes nothing
      continue;
    }
    expect(d.state.lastEventAt!.getTime()).toBeGreaterThanOrEqual(before.lastEventAt?.getTime() ?? 0);
    for (const eff of out.effects) {
      // Every timed bid restarts the countdown in full.
      if (eff.type === "bidAccepted" && eff.bid.round === "timed") expect(d.state.deadline!.getTime()).toBe(eff.bid.at.getTime() + d.state.rules.countdownMs);
      if (eff.type === "bidAccepted") accepted.push({ bid: eff.bid, phaseBefore: before.phase, deadlineBefore: before.deadline, endBefore: before.schedule.listingEnd });
    }
    if (d.state.phase === "awaitingQualification") d.ok({ type: "qualify", bidderNo: d.state.highest!.bidderNo, approved: n % 2 === 0 });
  }
  visited.add(d.state.phase);
  return { d, accepted, visited };
}

/** The three listing bids run() makes before timed bidding (reconstructed: the engine keeps only the highest). */
function setupBids(d: SaleDriver): { bid: HighestBid; phaseBefore: SaleState["phase"]; deadlineBefore: Date | null; endBefore: Date }[] {
  return (["A", "B", "C"] as const).map((b, i) => ({
    bid: { bidId: `b${i + 1}`, bidderNo: b, amount: (wan(1000) + BigInt(i) * INC) as Fen, at: T.start, round: "listing" as const },
    phaseBefore: "listing" as const,
    deadlineBefore: null,
    endBefore: d.state.schedule.listingEnd,
  }));
}

describe("engine properties", () => {
  it("holds the invariants of a fair sale under random event sequences", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 80 }), fc.constantFrom("before" as const, "after" as const), fc.constantFrom("listing" as const, "timed" as const), (actions, mode, from) => {
        const { d, accepted: all } = run(actions, mode, from);
        // Bids made by the set-up count too (the first three when starting in timed bidding).
        const accepted = from === "timed" ? [...setupBids(d), ...all] : all;
        const s = d.state;
        for (let i = 0; i < accepted.length; i++) {
          const { bid, phaseBefore, deadlineBefore, endBefore } = accepted[i]!;
          // Nobody without a bidding right bids.
          expect(bid.bidderNo).not.toBe("E");
          if (i === 0) expect(bid.amount).toBeGreaterThanOrEqual(s.rules.startPrice);
          else {
            const prev = accepted[i - 1]!.bid;
            // Price strictly increasing, each step a whole number of increments, time never going back.
            expect(bid.amount).toBeGreaterThan(prev.amount);
            expect((bid.amount - prev.amount) % INC).toBe(0n);
            expect(bid.at.getTime()).toBeGreaterThanOrEqual(prev.at.getTime());
            expect(bid.bidderNo).not.toBe(prev.bidderNo);
          }
          // No bid accepted at or after the deadline in force when it arrived.
          if (bid.round === "listing") {
            expect(bid.at.getTime()).toBeLessThan(endBefore.getTime());
            expect(bid.at.getTime()).toBeGreaterThanOrEqual(s.schedule.listingStart.getTime());
          } else {
            expect(phaseBefore).toBe("timed");
            expect(bid.at.getTime()).toBeLessThan(deadlineBefore!.getTime());
          }
        }
        // The state's highest bid is the last accepted one.
        expect(s.highest?.bidId ?? null).toBe(accepted.at(-1)?.bid.bidId ?? null);
        expect(s.bidCount).toBe(accepted.length);
        // Results agree with the bids and the reserve.
        if (s.phase === "sold") {
          expect(s.result!.winner).toEqual(accepted.at(-1)!.bid);
          if (s.result!.reserve !== null) expect(s.result!.winner!.amount).toBeGreaterThanOrEqual(s.result!.reserve);
        }
        if (s.phase === "withdrawn" && s.result!.reason === "belowReserve") expect(s.highest!.amount).toBeLessThan(s.result!.reserve!);
        if (s.phase === "withdrawn" && s.result!.reason === "noBid") expect(accepted).toHaveLength(0);
        // The state survives storage exactly.
        expect(decodeState(JSON.parse(JSON.stringify(encodeState(s))))).toEqual(s);
      }),
      { numRuns: 400 },
    );
  });

  it("reaches every phase and accepts timed bids (the generator is not stuck in the listing)", () => {
    const seen = new Set<string>();
    let timedBids = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 120 }), fc.constantFrom("listing" as const, "timed" as const), (actions, from) => {
        const r = run(actions, "before", from);
        for (const p of r.visited) seen.add(p);
        timedBids += r.accepted.filter((a) => a.bid.round === "timed").length;
      }),
      { numRuns: 400 },
    );
    for (const p of ["announced", "listing", "intent", "timed", "awaitingResult", "suspended", "sold", "withdrawn"]) expect(seen, p).toContain(p);
    expect(timedBids).toBeGreaterThan(20);
  });
});
