import { describe, expect, it } from "vitest";
import { historyBars } from "../../web/src/areas/ops/sparkline-geometry.ts";

const opts = { width: 100, height: 20, slots: 10, gap: 2, minBar: 2 };

describe("probe history bars", () => {
  it("no runs: no bars", () => {
    expect(historyBars([], opts)).toEqual({ bars: [], maxOkMs: 0 });
  });

  it("newest at the right, fixed slot width, heights relative to the slowest passing run", () => {
    const { bars, maxOkMs } = historyBars(
      [
        { ok: true, latencyMs: 10 },
        { ok: true, latencyMs: 40 },
        { ok: true, latencyMs: 0 },
      ],
      opts,
    );
    expect(maxOkMs).toBe(40);
    expect(bars.map((b) => b.x)).toEqual([70, 80, 90]);
    expect(bars.every((b) => b.w === 8)).toBe(true);
    expect(bars.map((b) => b.h)).toEqual([5, 20, 2]); // 0 ms still shows as a 2 px bar
    expect(bars.map((b) => b.y)).toEqual([15, 0, 18]);
  });

  it("a failed run is full height and does not set the scale; only the last `slots` runs are drawn", () => {
    const runs = [...Array.from({ length: 12 }, () => ({ ok: true, latencyMs: 5 })), { ok: false, latencyMs: 9000 }];
    const { bars, maxOkMs } = historyBars(runs, opts);
    expect(bars).toHaveLength(10);
    expect(maxOkMs).toBe(5);
    expect(bars.at(-1)).toEqual({ x: 90, y: 0, w: 8, h: 20, ok: false });
    expect(bars[0]).toMatchObject({ x: 0, h: 20, ok: true });
  });
});
