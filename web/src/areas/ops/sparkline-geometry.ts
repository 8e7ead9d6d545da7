/**
 * Geometry of a probe's history chart: one bar per run, newest at the right,
 * a fixed number of slots so bars keep their width as history fills up.
 * Passing runs are as tall as their latency (relative to the slowest passing
 * run shown, at least `minBar` so a 0 ms run is still visible); failed runs
 * are full height (drawn red), so a failure stands out whatever its latency.
 */
export interface Run {
  ok: boolean;
  latencyMs: number;
}

export interface Bar {
  x: number;
  y: number;
  w: number;
  h: number;
  ok: boolean;
}

export interface BarOptions {
  width: number;
  height: number;
  slots: number;
  gap?: number;
  minBar?: number;
}

export function historyBars(runs: readonly Run[], o: BarOptions): { bars: Bar[]; maxOkMs: number } {
  const gap = o.gap ?? 1;
  const minBar = o.minBar ?? 2;
  const shown = runs.slice(-o.slots);
  const slotW = o.width / o.slots;
  const w = Math.max(1, slotW - gap);
  const maxOkMs = shown.reduce((m, r) => (r.ok ? Math.max(m, r.latencyMs) : m), 0);
  const first = o.slots - shown.length;
  const bars = shown.map((r, i) => {
    const h = r.ok ? Math.max(minBar, maxOkMs > 0 ? (r.latencyMs / maxOkMs) * o.height : minBar) : o.height;
    return { x: round((first + i) * slotW), y: round(o.height - h), w: round(w), h: round(h), ok: r.ok };
  });
  return { bars, maxOkMs };
}

const round = (n: number) => Math.round(n * 100) / 100;
