import { describe, expect, it } from "vitest";
import { checkResidentId, makeResidentId, maskResidentId, residentIdCheckChar } from "./resident-id.js";

const TODAY = new Date("2026-03-02T00:00:00Z");

describe("resident ID number (GB 11643-1999, ISO 7064 MOD 11-2)", () => {
  it.each([
    // The two worked examples printed in GB 11643-1999 itself.
    ["11010519491231002X", "1949-12-31", "female"],
    ["440524188001010014", "1880-01-01", "male"],
  ])("rejects the standard's 1880 example only for its birth year; accepts %s otherwise", (id, birth, sex) => {
    const r = checkResidentId(id, TODAY);
    if (birth < "1900") expect(r).toEqual({ ok: false, problem: "birthDate" });
    else expect(r).toEqual({ ok: true, normalized: id, birthDate: birth, sex });
    expect(residentIdCheckChar(id.slice(0, 17))).toBe(id[17]);
  });

  it.each([
    ["110101199003070134", "1990-03-07", "male"],
    ["430121198805120020", "1988-05-12", "female"],
    ["11010519491231002x", "1949-12-31", "female"], // lower-case x accepted, normalised
    [" 430121200002290018 ", "2000-02-29", "male"], // leap day, spaces trimmed
  ])("accepts %s", (id, birth, sex) => {
    expect(checkResidentId(id, TODAY)).toMatchObject({ ok: true, birthDate: birth, sex, normalized: id.trim().toUpperCase() });
  });

  it.each([
    ["11010519491231002", "format"], // 17 characters
    ["1101051949123100211", "format"], // 19
    ["11010519491231002Y", "format"],
    ["X10105194912310021", "format"],
    ["11010519491231002 ", "format"],
    ["110105-19491231002", "format"],
    ["", "format"],
    ["990105194912310025", "region"], // no province 99
    ["000105194912310025", "region"],
    ["110105194902300029", "birthDate"], // 30 February
    ["110105190002290021", "birthDate"], // 1900 was not a leap year
    ["110105200013010020", "birthDate"], // month 13
    ["110105203001010027", "birthDate"], // born in 2030
    ["110105189912310024", "birthDate"], // before 1900
    ["110101199003070135", "checkDigit"],
    ["11010519491231002X".replace("X", "0"), "checkDigit"],
    ["110101199003070143", "checkDigit"], // two digits transposed
  ])("rejects %s (%s)", (id, problem) => {
    expect(checkResidentId(id, TODAY)).toEqual({ ok: false, problem });
  });

  it("a birth date of today is plausible, tomorrow is not", () => {
    expect(checkResidentId(makeResidentId("430121", "20260302", "001"), TODAY).ok).toBe(true);
    expect(checkResidentId(makeResidentId("430121", "20260303", "001"), TODAY)).toEqual({ ok: false, problem: "birthDate" });
  });

  it("every single-digit change of a valid number is caught by the check character", () => {
    const id = "430121198805120020";
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue;
        const mutated = id.slice(0, i) + String(d) + id.slice(i + 1);
        const r = checkResidentId(mutated, TODAY);
        expect(r.ok, mutated).toBe(false);
      }
    }
  });

  it("makeResidentId builds numbers that validate; the mask keeps 6 + 4 characters", () => {
    const id = makeResidentId("430121", "19750630", "123");
    expect(checkResidentId(id, TODAY).ok).toBe(true);
    expect(maskResidentId(id)).toBe(`430121********${id.slice(14)}`);
    expect(() => makeResidentId("4301", "19750630", "123")).toThrow();
  });
});
