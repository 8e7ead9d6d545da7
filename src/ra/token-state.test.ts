import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { REPORT_REASON, TOKEN_STATES, tokenTransition, type TokenEvent, type TokenState } from "./token-state.js";

const EVENTS: TokenEvent[] = [{ kind: "issue", applicantId: "a1" }, { kind: "report", what: "lost" }, { kind: "report", what: "damaged" }, { kind: "destroy" }];
const label = (e: TokenEvent) => (e.kind === "report" ? `report ${e.what}` : e.kind);

const LEGAL: Record<string, TokenState> = {
  "stock/issue": "issued",
  "stock/destroy": "destroyed",
  "issued/report lost": "lost",
  "issued/report damaged": "damaged",
  "lost/destroy": "destroyed",
  "damaged/destroy": "destroyed",
};

describe("USB key registry state machine", () => {
  for (const state of TOKEN_STATES) {
    for (const ev of EVENTS) {
      const want = LEGAL[`${state}/${label(ev)}`];
      it(`${state} · ${label(ev)} → ${want ?? "refused"}`, () => {
        const from = { state, applicantId: state === "stock" ? null : "a0" };
        if (want) {
          const to = tokenTransition(from, ev);
          expect(to.state).toBe(want);
          expect(to.applicantId).toBe(ev.kind === "issue" ? "a1" : from.applicantId);
        } else {
          try {
            tokenTransition(from, ev);
            expect.unreachable();
          } catch (e) {
            expect((e as AppError).code).toBe("RA_TOKEN_STATE_INVALID");
          }
        }
      });
    }
  }

  it("lost keys revoke with keyCompromise (1), damaged with superseded (4)", () => {
    expect(REPORT_REASON).toEqual({ lost: 1, damaged: 4 });
  });
});
