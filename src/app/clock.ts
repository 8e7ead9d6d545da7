/**
 * The only place that reads the wall clock. Certificate validity, auction
 * deadlines, SLA escalation, sessions and the audit log all take a Clock, so
 * tests can run on a FakeClock and be deterministic.
 */
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = "2026-01-05T01:00:00.000Z") {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
