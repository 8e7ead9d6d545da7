import { describe, expect, it } from "vitest";
import { checkUscc, makeUscc, USCC_ALPHABET, usccCheckChar, USCC_WEIGHTS } from "./uscc.js";

describe("unified social credit code (GB 32100-2015)", () => {
  it("weights are 3^i mod 31 and the alphabet has 31 characters without I O S V Z", () => {
    expect(USCC_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const c of "IOSVZ") expect(USCC_ALPHABET).not.toContain(c);
  });

  it.each([
    "91350100M000100Y43", // the example in GB 32100-2015 explanatory material
    // Codes published on business licences of well-known companies.
    "914403001922038216",
    "9144030071526726XG",
    "91110108551385082Q",
    "91330100716105852F",
    "91110000802100433B",
    " 91350100m000100y43 ", // case and spaces normalised
  ])("accepts %s", (code) => {
    expect(checkUscc(code)).toEqual({ ok: true, normalized: code.trim().toUpperCase() });
  });

  it.each([
    ["91350100M000100Y4", "format"], // 17 characters
    ["91350100M000100Y433", "format"],
    ["91350100M000100I43", "format"], // I is not in the alphabet
    ["91350100M000100O43", "format"],
    ["91350100M000100S43", "format"],
    ["9135010-M000100Y43", "format"],
    ["", "format"],
    ["X1350100M000100Y43", "registrationType"], // X is no registration authority
    ["97350100M000100Y43", "registrationType"], // authority 9 has no type 7
    ["91050100M000100Y43", "region"], // region must not start with 0
    ["9135A100M000100Y43", "region"],
    ["91350100M000100Y44", "checkDigit"],
    ["914403001922038217", "checkDigit"],
    ["91310000MA1FL4N41Q", "checkDigit"],
  ])("rejects %s (%s)", (code, problem) => {
    expect(checkUscc(code)).toEqual({ ok: false, problem });
  });

  it("every single-character change in the body is caught", () => {
    const code = "914403001922038216";
    for (let i = 8; i < 17; i++) {
      for (const c of USCC_ALPHABET) {
        if (c === code[i]) continue;
        const mutated = code.slice(0, i) + c + code.slice(i + 1);
        expect(checkUscc(mutated).ok, mutated).toBe(false);
      }
    }
  });

  it("makeUscc completes a code with its check character", () => {
    const code = makeUscc("91430121MA4L0001A");
    expect(code[17]).toBe(usccCheckChar("91430121MA4L0001A"));
    expect(checkUscc(code).ok).toBe(true);
    expect(() => makeUscc("91430121MA4L0001I")).toThrow();
  });
});
