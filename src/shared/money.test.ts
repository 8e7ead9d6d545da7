import { describe, expect, it } from "vitest";
import { fen, fenFromDb, formatWanYuan, formatYuan, parseFen, parseYuan } from "./money.js";

describe("money", () => {
  it("parses yuan text exactly, never through a float", () => {
    expect(parseYuan("0.1")).toBe(10n);
    expect(parseYuan("0.29")).toBe(29n); // 0.29 * 100 = 28.999999999999996 as a float
    expect(parseYuan("12,345,678.90")).toBe(1234567890n);
    expect(parseYuan("9999999999999999.99")).toBe(999999999999999999n);
    for (const bad of ["", "1.234", "-1", "01", "1e5", "abc", "1.", ".5", "12 3"]) expect(parseYuan(bad), bad).toBeUndefined();
  });

  it("parses fen text", () => {
    expect(parseFen("0")).toBe(0n);
    expect(parseFen("1250000000")).toBe(1250000000n);
    for (const bad of ["", "-5", "05", "1.0", " 1", "1234567890123456789"]) expect(parseFen(bad), bad).toBeUndefined();
  });

  it("formats yuan and 万元", () => {
    expect(formatYuan(fen(1234567))).toBe("12,345.67");
    expect(formatYuan(fen(5))).toBe("0.05");
    expect(formatYuan(fen(-100))).toBe("-1.00");
    expect(formatWanYuan(fen(1250000000))).toBe("1250");
    expect(formatWanYuan(fen(1250500000))).toBe("1250.5");
    expect(formatWanYuan(fen(1))).toBe("0.000001");
  });

  it("accepts only exact database values", () => {
    expect(fenFromDb(123)).toBe(123n);
    expect(fenFromDb("9007199254740993")).toBe(9007199254740993n);
    expect(() => fenFromDb(1.5)).toThrow(RangeError);
    expect(() => fenFromDb(2 ** 60)).toThrow(RangeError);
    expect(() => fenFromDb("1.5")).toThrow(RangeError);
  });
});
