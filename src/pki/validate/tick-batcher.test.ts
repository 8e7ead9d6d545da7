import { describe, expect, it } from "vitest";
import { tickBatcher } from "./tick-batcher.js";

describe("tickBatcher", () => {
  it("asks once for everything requested in the same tick, again in the next; unknown keys are undefined", async () => {
    const calls: string[][] = [];
    const get = tickBatcher(async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== "zz").map((k) => [k, k.toUpperCase()]));
    });
    expect(await Promise.all([get("a"), get("b"), get("a"), get("zz")])).toEqual(["A", "B", "A", undefined]);
    expect(await get("c")).toBe("C");
    expect(calls).toEqual([["a", "b", "zz"], ["c"]]);
  });

  it("a failed load rejects every waiter of that batch and not the next batch", async () => {
    let fail = true;
    const get = tickBatcher(async (keys) => {
      if (fail) throw new Error("database down");
      return new Map(keys.map((k) => [k, 1]));
    });
    const r = await Promise.allSettled([get("a"), get("b")]);
    expect(r.map((x) => x.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await get("a")).toBe(1);
  });
});
