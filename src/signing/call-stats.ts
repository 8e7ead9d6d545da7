/**
 * The security service's call log summed up for the ops dashboard: calls and
 * errors per function, calls per outcome code (errors first, most frequent
 * first). Pure: the grouped rows of SecurityRepo.stats() in, the summary out.
 */
import type { CallStats } from "./security.ports.js";

export const OK_OUTCOME = "OK";

export interface CallSummary {
  calls: number;
  errors: number;
  /** errors / calls, 0 when there were no calls. */
  errorRate: number;
  byFunction: { fn: string; calls: number; errors: number; avgMicros: number }[];
  byCode: { code: string; calls: number; functions: string[] }[];
}

export function summariseCalls(rows: readonly CallStats[]): CallSummary {
  const fns = new Map<string, { calls: number; errors: number; micros: number }>();
  const codes = new Map<string, { calls: number; functions: Set<string> }>();
  let calls = 0;
  let errors = 0;
  for (const r of rows) {
    calls += r.calls;
    const f = fns.get(r.fn) ?? { calls: 0, errors: 0, micros: 0 };
    f.calls += r.calls;
    f.micros += r.avgMicros * r.calls;
    if (r.outcome !== OK_OUTCOME) {
      errors += r.calls;
      f.errors += r.calls;
    }
    fns.set(r.fn, f);
    const c = codes.get(r.outcome) ?? { calls: 0, functions: new Set<string>() };
    c.calls += r.calls;
    c.functions.add(r.fn);
    codes.set(r.outcome, c);
  }
  return {
    calls,
    errors,
    errorRate: calls ? errors / calls : 0,
    byFunction: [...fns.entries()]
      .map(([fn, f]) => ({ fn, calls: f.calls, errors: f.errors, avgMicros: f.calls ? Math.round(f.micros / f.calls) : 0 }))
      .sort((a, b) => b.calls - a.calls || a.fn.localeCompare(b.fn)),
    byCode: [...codes.entries()]
      .map(([code, c]) => ({ code, calls: c.calls, functions: [...c.functions].sort() }))
      .sort((a, b) => Number(a.code === OK_OUTCOME) - Number(b.code === OK_OUTCOME) || b.calls - a.calls || a.code.localeCompare(b.code)),
  };
}
