/**
 * The sale engine: apply(state, event, at) → new state + effects, or a
 * rejection with a stable TRADE_… code. Pure: no clock, no storage, no I/O;
 * the same inputs always give the same outputs.
 *
 * Time. `at` is the instant the event is received (for bids: the receipt
 * time assigned under the parcel's lock, so receipt order = processing order
 * and "ties go to the earlier receipt" holds). Events never go back in time;
 * the service passes max(now, lastEventAt) so a node whose clock lags by a
 * few milliseconds cannot reorder the log. Deadlines are exclusive: an
 * action at exactly a deadline is too late, the deadline event at exactly it
 * fires. Deadline events that arrive before their (possibly moved) deadline,
 * or in a phase that no longer has it, are stale no-ops, so scheduler jobs
 * can be retried and fire late without harm.
 *
 * Extending with price-cap modes (最高限价 then one sealed quote, or a
 * lottery): add `priceCap?: { cap: Fen; then: "sealedQuote" | "lottery" }`
 * to SaleRules; in checkAmount reject amounts above the cap
 * (TRADE_BID_OVER_CAP); when a bid reaches the cap, listing/timed bidding
 * ends for amounts (bidAccepted + phaseChanged → "capReached", recording
 * every bidder who bid the cap, in receipt order); then add phases
 * "sealedQuote" (events sealedQuote {bidderNo, sealed digest}, quoteWindowLapse,
 * revealQuotes) or "lottery" (event drawLot {seed from a public source,
 * committed before the draw}) with their handlers below. Existing phases and
 * handlers stay as they are: each handler only accepts its own phases, and
 * the result step (results.ts) takes the winner from whichever phase ends.
 */
import { makeRules, type RulesInput } from "./rules.js";
import { publishAnnouncement, supplementaryNotice, materialChange, listingOpen } from "./announce.js";
import { depositConfirmed, qualify } from "./bidders.js";
import { iso, reject, type EngineContext, type Handler } from "./common.js";
import { listingBid, listingClose } from "./listing.js";
import { revealReserve } from "./results.js";
import { resume, suspend, terminate } from "./suspension.js";
import { continueIntent, countdownLapse, intentWindowLapse, timedBid } from "./timed.js";
import type { Outcome, SaleEvent, SaleEventType, SaleSchedule, SaleState } from "./types.js";

export type { EngineContext } from "./common.js";

type HandlerMap = { [K in SaleEventType]: Handler<Extract<SaleEvent, { type: K }>> };

const HANDLERS: HandlerMap = {
  publishAnnouncement,
  supplementaryNotice,
  materialChange,
  listingOpen,
  qualify,
  depositConfirmed,
  listingBid,
  listingClose,
  continueIntent,
  intentWindowLapse,
  timedBid,
  countdownLapse,
  revealReserve,
  suspend,
  resume,
  terminate,
};

/** A new sale in draft, with its intended schedule (validated when announced). */
export function newSale(rules: RulesInput, schedule: Omit<SaleSchedule, "announcedAt">): SaleState {
  return {
    phase: "draft",
    rules: makeRules(rules),
    schedule: { announcedAt: null, ...schedule },
    postponements: 0,
    lastEventAt: null,
    bidders: {},
    highest: null,
    bidCount: 0,
    deadline: null,
    suspension: null,
    revealedReserve: null,
    result: null,
  };
}

export function apply(state: SaleState, event: SaleEvent, at: Date, ctx: EngineContext): Outcome {
  if (state.lastEventAt && at < state.lastEventAt) {
    return reject("TRADE_EVENT_OUT_OF_ORDER", `${event.type} at ${iso(at)} is before the last event at ${iso(state.lastEventAt)}`);
  }
  const handler = HANDLERS[event.type] as Handler;
  const out = handler(state, event, at, ctx);
  if (!out.ok) return out;
  return { ...out, state: { ...out.state, lastEventAt: at } };
}
