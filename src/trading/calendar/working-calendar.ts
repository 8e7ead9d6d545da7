/**
 * The working-day calendar of the trading centre (Beijing time, UTC+8, no
 * daylight saving): Monday–Friday are working days, except public holidays;
 * a weekend day the State Council declares a make-up working day (调休上班)
 * is a working day. Both lists are configurable (trading admins keep them in
 * the database); this module is pure.
 *
 * Dates are ISO "YYYY-MM-DD" strings of the Beijing calendar day; instants
 * are Date. Legal periods count whole Beijing days: a listing from Monday
 * 09:00 to Friday of the next week 15:00 spans 10 working days.
 */

export type IsoDate = string;

const DAY_MS = 86_400_000;
/** Asia/Shanghai has had a fixed UTC+8 offset since 1991. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The Beijing calendar day an instant falls on. */
export function beijingDate(at: Date): IsoDate {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Beijing day starts (00:00 +08:00). */
export function beijingDayStart(d: IsoDate): Date {
  return new Date(Date.parse(`${d}T00:00:00.000Z`) - BEIJING_OFFSET_MS);
}

/** A Beijing wall-clock time on a day: ("2026-03-02", "15:00") → instant. */
export function beijingTime(d: IsoDate, hhmm: string): Date {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return new Date(beijingDayStart(d).getTime() + (h * 60 + m) * 60_000);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return new Date(Date.parse(`${d}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from a to b (b − a); negative when b is earlier. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00.000Z`) - Date.parse(`${a}T00:00:00.000Z`)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(d: IsoDate): number {
  return new Date(`${d}T00:00:00.000Z`).getUTCDay();
}

export interface CalendarSpec {
  /** Public holidays on which the centre is closed (may fall on weekdays). */
  holidays?: Iterable<IsoDate>;
  /** Weekend days declared working days (调休). */
  workdays?: Iterable<IsoDate>;
}

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<IsoDate>;
  private readonly workdays: ReadonlySet<IsoDate>;

  constructor(spec: CalendarSpec = {}) {
    this.holidays = new Set(spec.holidays ?? []);
    this.workdays = new Set(spec.workdays ?? []);
  }

  isWorkingDay(d: IsoDate): boolean {
    if (this.workdays.has(d)) return true;
    if (this.holidays.has(d)) return false;
    const w = weekday(d);
    return w !== 0 && w !== 6;
  }

  /** Working days among the Beijing days from `from` to `to`, both included (0 when to < from). */
  workingDaysInclusive(from: IsoDate, to: IsoDate): number {
    let n = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** Working days a period between two instants touches (by Beijing day, both ends included). */
  workingDaysSpanned(start: Date, end: Date): number {
    return this.workingDaysInclusive(beijingDate(start), beijingDate(end));
  }

  /** The n-th working day after d (d itself not counted); n = 0 gives d. */
  addWorkingDays(d: IsoDate, n: number): IsoDate {
    if (n < 0) throw new RangeError("n must be ≥ 0");
    let cur = d;
    for (let left = n; left > 0; ) {
      cur = addDays(cur, 1);
      if (this.isWorkingDay(cur)) left--;
    }
    return cur;
  }

  /** The first working day on or after d. */
  nextWorkingDay(d: IsoDate): IsoDate {
    let cur = d;
    while (!this.isWorkingDay(cur)) cur = addDays(cur, 1);
    return cur;
  }

  /**
   * The earliest Beijing day a listing starting on `start` may end on to span
   * `n` working days (the start day counts when it is a working day).
   */
  earliestEndFor(start: IsoDate, n: number): IsoDate {
    if (n <= 0) return start;
    const first = this.nextWorkingDay(start);
    return this.addWorkingDays(first, n - 1);
  }
}
