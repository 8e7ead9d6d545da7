import { describe, expect, it } from "vitest";
import { addDays, beijingDate, beijingDayStart, beijingTime, daysBetween, isIsoDate, WorkingCalendar } from "./working-calendar.js";

// 2026-10-01 (Thu) to 10-07 national holiday; Sat 10-10 declared a working day (example data).
const cal = new WorkingCalendar({
  holidays: ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
  workdays: ["2026-10-10"],
});

describe("working calendar", () => {
  it("maps instants to Beijing days at the UTC+8 midnight boundary", () => {
    expect(beijingDate(new Date("2026-03-01T15:59:59.999Z"))).toBe("2026-03-01");
    expect(beijingDate(new Date("2026-03-01T16:00:00.000Z"))).toBe("2026-03-02");
    expect(beijingDayStart("2026-03-02").toISOString()).toBe("2026-03-01T16:00:00.000Z");
    expect(beijingTime("2026-03-02", "15:00").toISOString()).toBe("2026-03-02T07:00:00.000Z");
  });

  it("validates ISO dates", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-2-1")).toBe(false);
  });

  it("does date arithmetic across months", () => {
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(daysBetween("2026-02-10", "2026-03-02")).toBe(20);
    expect(daysBetween("2026-03-02", "2026-02-10")).toBe(-20);
  });

  it("knows weekends, holidays and make-up working days", () => {
    expect(cal.isWorkingDay("2026-09-30")).toBe(true); // Wed
    expect(cal.isWorkingDay("2026-10-01")).toBe(false); // holiday on a Thursday
    expect(cal.isWorkingDay("2026-10-03")).toBe(false); // Saturday
    expect(cal.isWorkingDay("2026-10-10")).toBe(true); // Saturday made a working day
    expect(cal.isWorkingDay("2026-10-11")).toBe(false); // Sunday
  });

  it("counts working days inclusively", () => {
    // Mon 2026-03-02 to Fri 2026-03-13: two full weeks.
    expect(cal.workingDaysInclusive("2026-03-02", "2026-03-13")).toBe(10);
    expect(cal.workingDaysInclusive("2026-03-02", "2026-03-12")).toBe(9);
    expect(cal.workingDaysInclusive("2026-03-13", "2026-03-02")).toBe(0);
    // Across the national holiday: 09-28..10-16 → 28,29,30, 08,09,10(Sat), 12..16 = 11
    expect(cal.workingDaysInclusive("2026-09-28", "2026-10-16")).toBe(11);
    expect(cal.workingDaysSpanned(beijingTime("2026-03-02", "09:00"), beijingTime("2026-03-13", "15:00"))).toBe(10);
  });

  it("adds working days and finds the earliest end of a listing", () => {
    expect(cal.addWorkingDays("2026-09-30", 1)).toBe("2026-10-08");
    expect(cal.addWorkingDays("2026-03-06", 1)).toBe("2026-03-09"); // Fri → Mon
    expect(cal.addWorkingDays("2026-03-06", 0)).toBe("2026-03-06");
    expect(cal.earliestEndFor("2026-03-02", 10)).toBe("2026-03-13");
    expect(cal.earliestEndFor("2026-03-01", 10)).toBe("2026-03-13"); // a Sunday start does not count
    expect(cal.earliestEndFor("2026-09-28", 10)).toBe("2026-10-15");
    expect(cal.workingDaysInclusive("2026-09-28", cal.earliestEndFor("2026-09-28", 10))).toBe(10);
    expect(() => cal.addWorkingDays("2026-03-02", -1)).toThrow(RangeError);
  });
});
