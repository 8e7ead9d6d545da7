/**
 * Working-time calendars for SLA clocks. The seed promises 7×24 support, so
 * "24x7" is the default; a business-hours calendar (Beijing time, Monday to
 * Friday) is available for contracts that count only office hours.
 * Pure: a calendar lists the working windows overlapping a span.
 */
export type Span = readonly [start: number, end: number];

export interface Calendar {
  readonly id: string;
  /** Working windows overlapping [from, to), clipped to it, ascending, in epoch ms. */
  windows(from: number, to: number): Span[];
}

export const ALWAYS: Calendar = {
  id: "24x7",
  windows: (from, to) => (to > from ? [[from, to]] : []),
};

const DAY = 86_400_000;

export interface BusinessHours {
  /** Minutes after local midnight. */
  openMinute: number;
  closeMinute: number;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  days: readonly number[];
  /** Local offset from UTC in minutes (Beijing: +480, no daylight saving). */
  utcOffsetMinutes: number;
  /** Local dates (YYYY-MM-DD) that are not working days. */
  holidays?: readonly string[];
}

export function businessCalendar(h: BusinessHours, id = "business"): Calendar {
  const off = h.utcOffsetMinutes * 60_000;
  const holidays = new Set(h.holidays ?? []);
  return {
    id,
    windows(from, to) {
      const out: Span[] = [];
      if (to <= from) return out;
      // Walk local days from the one containing `from`.
      let dayStart = Math.floor((from + off) / DAY) * DAY - off;
      for (; dayStart < to; dayStart += DAY) {
        const local = new Date(dayStart + off);
        const iso = ((local.getUTCDay() + 6) % 7) + 1;
        if (!h.days.includes(iso) || holidays.has(local.toISOString().slice(0, 10))) continue;
        const s = Math.max(from, dayStart + h.openMinute * 60_000);
        const e = Math.min(to, dayStart + h.closeMinute * 60_000);
        if (e > s) out.push([s, e]);
      }
      return out;
    },
  };
}

/** Beijing office hours, Monday–Friday 08:30–17:30. */
export const BEIJING_OFFICE_HOURS = businessCalendar({ openMinute: 8 * 60 + 30, closeMinute: 17 * 60 + 30, days: [1, 2, 3, 4, 5], utcOffsetMinutes: 480 });

export function calendarById(id: string): Calendar {
  return id === "business" ? BEIJING_OFFICE_HOURS : ALWAYS;
}

/** Removes the stopped spans (pauses; end = Infinity while open) from sorted windows. */
export function subtract(windows: Span[], stops: Span[]): Span[] {
  const sorted = [...stops].sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const [ws, we] of windows) {
    let cur = ws;
    for (const [ss, se] of sorted) {
      if (se <= cur || ss >= we) continue;
      if (ss > cur) out.push([cur, ss]);
      cur = Math.max(cur, se);
      if (cur >= we) break;
    }
    if (cur < we) out.push([cur, we]);
  }
  return out;
}

/** SLA time between from and to: working time minus stopped time. */
export function runningMs(cal: Calendar, stops: Span[], from: number, to: number): number {
  return subtract(cal.windows(from, to), stops).reduce((n, [s, e]) => n + (e - s), 0);
}

const CHUNK = 14 * DAY;
const HORIZON = 3 * 365 * DAY;

/**
 * The instant at which `target` ms of SLA time have run since `from`, or null
 * when it is never reached (an open pause stops the clock for good).
 */
export function instantAfter(cal: Calendar, stops: Span[], from: number, target: number): number | null {
  if (target <= 0) return from;
  const openStop = stops.find(([, e]) => e === Infinity);
  let acc = 0;
  for (let cursor = from; cursor < from + HORIZON; cursor += CHUNK) {
    for (const [s, e] of subtract(cal.windows(cursor, cursor + CHUNK), stops)) {
      if (acc + (e - s) >= target) return s + (target - acc);
      acc += e - s;
    }
    if (openStop && openStop[0] <= cursor + CHUNK) return null;
  }
  return null;
}
