/**
 * The USB key registry's rules, pure: stock → issued → lost | damaged →
 * destroyed (a key in stock, or a lost one found again, may be destroyed too).
 * Reporting a key lost or damaged revokes its certificates with the reason
 * the table below gives and opens a replacement application (token.service).
 */
import { AppError } from "../shared/errors.js";

export const TOKEN_STATES = ["stock", "issued", "lost", "damaged", "destroyed"] as const;
export type TokenState = (typeof TOKEN_STATES)[number];

export const TOKEN_KINDS = ["usb", "soft"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export type TokenEvent = { kind: "issue"; applicantId: string } | { kind: "report"; what: "lost" | "damaged" } | { kind: "destroy" };

export interface TokenCore {
  state: TokenState;
  applicantId: string | null;
}

const ALLOWED: Record<TokenState, readonly TokenEvent["kind"][]> = {
  stock: ["issue", "destroy"],
  issued: ["report"],
  lost: ["destroy"],
  damaged: ["destroy"],
  destroyed: [],
};

/** RFC 5280 reason for the certificates on a key reported lost (keyCompromise) or damaged (superseded). */
export const REPORT_REASON = { lost: 1, damaged: 4 } as const;

export function tokenTransition(t: TokenCore, ev: TokenEvent): TokenCore {
  if (!ALLOWED[t.state].includes(ev.kind)) {
    throw new AppError("RA_TOKEN_STATE_INVALID", { detail: `a USB key in state ${t.state} cannot ${ev.kind === "report" ? `be reported ${ev.what}` : ev.kind}` });
  }
  switch (ev.kind) {
    case "issue":
      return { state: "issued", applicantId: ev.applicantId };
    case "report":
      return { state: ev.what, applicantId: t.applicantId };
    case "destroy":
      return { state: "destroyed", applicantId: t.applicantId };
  }
}
