/**
 * Announcement, supplementary notices, material changes (postponement) and
 * the opening of the listing.
 *
 * - The announcement must be published ≥ announceLeadDays calendar days
 *   (Beijing dates) before the listing starts, and the listing must span
 *   ≥ listingMinWorkingDays working days.
 * - A material change needs ≥ materialChangeLeadDays between the change
 *   notice and the listing start. With fewer days left the sale is postponed:
 *   by the schedule given, or computed (start moved the missing days later to a
 *   working day, same working-day span, same distance from deposit cut-off to end).
 *   Once a bid has been received there is no material change: the sale is
 *   suspended or terminated instead.
 */
import { addDays, beijingDate, beijingDayStart, daysBetween } from "../calendar/working-calendar.js";
import { done, enter, iso, reject, stale, type EngineContext, type Handler } from "./common.js";
import type { Effect, EngineCode, Rejection, SaleEvent, SaleRules, SaleSchedule, SaleState, Transition } from "./types.js";

type Times = Pick<SaleSchedule, "listingStart" | "listingEnd" | "depositCutoff">;

/** Checks a proposed schedule at time `at` with the given lead (days before the listing starts). */
export function checkSchedule(at: Date, s: Times, rules: SaleRules, ctx: EngineContext, leadDays: number, leadCode: EngineCode): Rejection | null {
  if (s.listingEnd <= s.listingStart) return reject("TRADE_SCHEDULE_INVALID", `listing end ${iso(s.listingEnd)} is not after its start ${iso(s.listingStart)}`);
  if (s.depositCutoff <= at || s.depositCutoff > s.listingEnd) {
    return reject("TRADE_SCHEDULE_INVALID", `deposit cut-off ${iso(s.depositCutoff)} must be after ${iso(at)} and no later than the listing end ${iso(s.listingEnd)}`);
  }
  const lead = daysBetween(beijingDate(at), beijingDate(s.listingStart));
  if (lead < leadDays) return reject(leadCode, `${lead} days from ${beijingDate(at)} to the listing start ${beijingDate(s.listingStart)}; at least ${leadDays} required`);
  const span = ctx.calendar.workingDaysSpanned(s.listingStart, s.listingEnd);
  if (span < rules.listingMinWorkingDays) {
    return reject("TRADE_LISTING_TOO_SHORT", `the listing spans ${span} working days; at least ${rules.listingMinWorkingDays} required`);
  }
  return null;
}

const scheduleEffects = (s: SaleSchedule, postponed: boolean): Effect[] => [
  { type: "scheduleChanged", schedule: s, postponed },
  { type: "schedule", deadline: "listingOpen", dueAt: s.listingStart },
  { type: "schedule", deadline: "listingClose", dueAt: s.listingEnd },
];

/** Time since the start of its Beijing day. */
const timeOfDay = (d: Date) => d.getTime() - beijingDayStart(beijingDate(d)).getTime();

/** The postponed schedule when a material change at `at` leaves too few days. */
export function postponedSchedule(at: Date, s: SaleSchedule, rules: SaleRules, ctx: EngineContext): SaleSchedule {
  const earliestStart = addDays(beijingDate(at), rules.materialChangeLeadDays);
  const shift = Math.max(0, daysBetween(beijingDate(s.listingStart), earliestStart));
  // A postponed listing starts on a working day.
  const startDate = ctx.calendar.nextWorkingDay(addDays(beijingDate(s.listingStart), shift));
  const listingStart = new Date(beijingDayStart(startDate).getTime() + timeOfDay(s.listingStart));
  const span = Math.max(rules.listingMinWorkingDays, ctx.calendar.workingDaysSpanned(s.listingStart, s.listingEnd));
  const endDate = ctx.calendar.earliestEndFor(startDate, span);
  let listingEnd = new Date(beijingDayStart(endDate).getTime() + timeOfDay(s.listingEnd));
  if (listingEnd <= listingStart) listingEnd = new Date(beijingDayStart(addDays(endDate, 1)).getTime() - 1);
  const depositCutoff = new Date(Math.max(at.getTime() + 1, listingEnd.getTime() - (s.listingEnd.getTime() - s.depositCutoff.getTime())));
  return { announcedAt: s.announcedAt, listingStart, listingEnd, depositCutoff };
}

export const publishAnnouncement: Handler<Extract<SaleEvent, { type: "publishAnnouncement" }>> = (state, e, at, ctx) => {
  if (state.phase !== "draft") return reject("TRADE_PHASE_INVALID", `the announcement is published once, from draft (now ${state.phase})`);
  const bad = checkSchedule(at, e, state.rules, ctx, state.rules.announceLeadDays, "TRADE_ANNOUNCEMENT_TOO_LATE");
  if (bad) return bad;
  const schedule: SaleSchedule = { announcedAt: at, listingStart: e.listingStart, listingEnd: e.listingEnd, depositCutoff: e.depositCutoff };
  return enter(state, "announced", { schedule }, scheduleEffects(schedule, false));
};

export const supplementaryNotice: Handler<Extract<SaleEvent, { type: "supplementaryNotice" }>> = (state) => {
  if (!["announced", "listing", "intent", "timed", "suspended", "awaitingResult", "awaitingQualification"].includes(state.phase)) {
    return reject("TRADE_PHASE_INVALID", `no supplementary notice in phase ${state.phase}`);
  }
  return done(state);
};

export const materialChange: Handler<Extract<SaleEvent, { type: "materialChange" }>> = (state, e, at, ctx) => {
  if (state.phase !== "announced" && state.phase !== "listing") return reject("TRADE_PHASE_INVALID", `no material change in phase ${state.phase}`);
  if (state.bidCount > 0) return reject("TRADE_MATERIAL_CHANGE_AFTER_BIDS", `${state.bidCount} bids received`);
  const rules = state.rules;
  const proposed: Times = {
    listingStart: e.listingStart ?? state.schedule.listingStart,
    listingEnd: e.listingEnd ?? state.schedule.listingEnd,
    depositCutoff: e.depositCutoff ?? state.schedule.depositCutoff,
  };
  const given = e.listingStart !== undefined || e.listingEnd !== undefined || e.depositCutoff !== undefined;
  const lead = daysBetween(beijingDate(at), beijingDate(proposed.listingStart));
  let schedule: SaleSchedule;
  if (lead >= rules.materialChangeLeadDays || given) {
    const bad = checkSchedule(at, proposed, rules, ctx, rules.materialChangeLeadDays, "TRADE_POSTPONEMENT_TOO_SHORT");
    if (bad) return bad;
    schedule = { announcedAt: state.schedule.announcedAt, ...proposed };
  } else {
    schedule = postponedSchedule(at, state.schedule, rules, ctx);
  }
  const postponed = schedule.listingStart.getTime() !== state.schedule.listingStart.getTime();
  return enter(state, "announced", { schedule, postponements: state.postponements + (postponed ? 1 : 0) }, scheduleEffects(schedule, postponed));
};

/** Opens the listing when its start has come (also done implicitly by the first bid). */
export function openListing(state: SaleState, at: Date): Transition | null {
  if (state.phase !== "announced" || at < state.schedule.listingStart) return null;
  return enter(state, "listing", {}, []);
}

export const listingOpen: Handler<Extract<SaleEvent, { type: "listingOpen" }>> = (state, _e, at) => openListing(state, at) ?? stale(state, "listingOpen");
