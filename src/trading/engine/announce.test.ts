import { describe, expect, it } from "vitest";
import { SaleDriver, T } from "../../../test/helpers/sale-fixture.js";
import { beijingDate, beijingTime, WorkingCalendar } from "../calendar/working-calendar.js";

const publish = (d: SaleDriver, o: Partial<{ listingStart: Date; listingEnd: Date; depositCutoff: Date }> = {}) =>
  d.try({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff, ...o });

describe("announcement", () => {
  it("is published at least 20 calendar days (Beijing dates) before the listing starts", () => {
    // 2026-02-10 → 2026-03-02 is exactly 20 days; 23:59 Beijing on the 10th still counts as the 10th.
    const ok = new SaleDriver().at(beijingTime("2026-02-10", "23:59"));
    expect(publish(ok).ok).toBe(true);
    expect(ok.state.phase).toBe("announced");
    expect(ok.effects).toContainEqual({ type: "schedule", deadline: "listingOpen", dueAt: T.start });
    expect(ok.effects).toContainEqual({ type: "schedule", deadline: "listingClose", dueAt: T.end });

    // Midnight Beijing starts the 11th: 19 days.
    const late = new SaleDriver().at(beijingTime("2026-02-11", "00:00"));
    late.rejects({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff }, "TRADE_ANNOUNCEMENT_TOO_LATE");
  });

  it("respects a longer per-parcel lead and refuses a lead below the legal minimum", () => {
    const d = new SaleDriver({ announceLeadDays: 30 }).at(T.announce);
    d.rejects({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff }, "TRADE_ANNOUNCEMENT_TOO_LATE");
  });

  it("requires a listing of at least 10 working days, holidays excluded", () => {
    const nine = new SaleDriver().at(T.announce);
    nine.rejects(
      { type: "publishAnnouncement", listingStart: T.start, listingEnd: beijingTime("2026-03-12", "15:00"), depositCutoff: T.cutoff },
      "TRADE_LISTING_TOO_SHORT",
    );
    // The same dates with a holiday on Wednesday 2026-03-04 span only 9 working days.
    const withHoliday = new SaleDriver({}, new WorkingCalendar({ holidays: ["2026-03-04"] })).at(T.announce);
    withHoliday.rejects({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff }, "TRADE_LISTING_TOO_SHORT");
    // …unless a Saturday is declared a working day.
    const makeup = new SaleDriver({}, new WorkingCalendar({ holidays: ["2026-03-04"], workdays: ["2026-03-07"] })).at(T.announce);
    expect(publish(makeup).ok).toBe(true);
  });

  it("refuses schedules that do not make sense", () => {
    const d = new SaleDriver().at(T.announce);
    d.rejects({ type: "publishAnnouncement", listingStart: T.end, listingEnd: T.start, depositCutoff: T.cutoff }, "TRADE_SCHEDULE_INVALID");
    d.rejects({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: new Date(T.end.getTime() + 1) }, "TRADE_SCHEDULE_INVALID");
    d.rejects({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: T.announce }, "TRADE_SCHEDULE_INVALID");
    // The cut-off may be the listing end itself.
    expect(publish(d, { depositCutoff: T.end }).ok).toBe(true);
  });

  it("is published once", () => {
    const d = new SaleDriver().at(T.announce);
    publish(d);
    d.rejects({ type: "publishAnnouncement", listingStart: T.start, listingEnd: T.end, depositCutoff: T.cutoff }, "TRADE_PHASE_INVALID");
  });

  it("takes supplementary notices without changing the schedule", () => {
    const d = new SaleDriver().at(T.announce);
    d.rejects({ type: "supplementaryNotice", noticeId: "n1" }, "TRADE_PHASE_INVALID"); // draft
    publish(d);
    const before = d.state.schedule;
    expect(d.ok({ type: "supplementaryNotice", noticeId: "n1" })).toEqual([]);
    expect(d.state.schedule).toEqual(before);
  });
});

describe("material change", () => {
  it("keeps the schedule when 20 or more days are left", () => {
    const d = new SaleDriver().ready();
    d.at(beijingTime("2026-02-10", "10:00"));
    const effects = d.ok({ type: "materialChange", noticeId: "m1" });
    expect(d.state.schedule.listingStart).toEqual(T.start);
    expect(d.state.postponements).toBe(0);
    expect(effects[0]).toMatchObject({ type: "scheduleChanged", postponed: false });
  });

  it("postpones the listing when fewer than 20 days are left, keeping its working-day span", () => {
    const d = new SaleDriver().ready();
    d.at(beijingTime("2026-02-20", "10:00")); // 10 days before the start
    d.ok({ type: "materialChange", noticeId: "m1" });
    const s = d.state.schedule;
    expect(beijingDate(s.listingStart)).toBe("2026-03-12"); // 20 days after the change notice
    expect(s.listingStart).toEqual(beijingTime("2026-03-12", "09:00"));
    expect(s.listingEnd).toEqual(beijingTime("2026-03-25", "15:00")); // 10 working days: Thu 12th … Wed 25th
    expect(d.ctx.calendar.workingDaysSpanned(s.listingStart, s.listingEnd)).toBe(10);
    expect(s.listingEnd.getTime() - s.depositCutoff.getTime()).toBe(T.end.getTime() - T.cutoff.getTime());
    expect(d.state.postponements).toBe(1);
    expect(d.effects).toContainEqual({ type: "schedule", deadline: "listingOpen", dueAt: s.listingStart });
    expect(d.effects).toContainEqual({ type: "schedule", deadline: "listingClose", dueAt: s.listingEnd });
  });

  it("accepts a given new schedule only 20 or more days after the change", () => {
    const d = new SaleDriver().ready();
    d.at(beijingTime("2026-02-20", "10:00"));
    d.rejects({ type: "materialChange", noticeId: "m1", listingStart: beijingTime("2026-03-11", "09:00"), listingEnd: beijingTime("2026-03-31", "15:00") }, "TRADE_POSTPONEMENT_TOO_SHORT");
    d.ok({ type: "materialChange", noticeId: "m1", listingStart: beijingTime("2026-03-12", "09:00"), listingEnd: beijingTime("2026-03-31", "15:00"), depositCutoff: beijingTime("2026-03-27", "17:00") });
    expect(d.state.schedule.listingEnd).toEqual(beijingTime("2026-03-31", "15:00"));
  });

  it("during a listing without bids returns the sale to announced and postpones it", () => {
    const d = new SaleDriver().ready();
    d.at(T.start).ok({ type: "listingOpen" });
    expect(d.state.phase).toBe("listing");
    d.plus(3_600_000).ok({ type: "materialChange", noticeId: "m1" });
    expect(d.state.phase).toBe("announced");
    expect(beijingDate(d.state.schedule.listingStart)).toBe("2026-03-23"); // the 22nd is a Sunday
  });

  it("is refused once a bid has been received", () => {
    const d = new SaleDriver().ready();
    d.at(T.start).bid("A", d.state.rules.startPrice);
    d.plus(1000).rejects({ type: "materialChange", noticeId: "m1" }, "TRADE_MATERIAL_CHANGE_AFTER_BIDS");
  });
});

describe("listing open", () => {
  it("opens at the start, is stale before it, and a first bid at the start opens it implicitly", () => {
    const d = new SaleDriver().ready();
    d.at(new Date(T.start.getTime() - 1));
    expect(d.ok({ type: "listingOpen" })).toEqual([{ type: "stale", deadline: "listingOpen" }]);
    expect(d.state.phase).toBe("announced");
    d.at(T.start);
    expect(d.ok({ type: "listingOpen" })).toEqual([{ type: "phaseChanged", from: "announced", to: "listing" }]);
    expect(d.ok({ type: "listingOpen" })).toEqual([{ type: "stale", deadline: "listingOpen" }]);
  });
});
