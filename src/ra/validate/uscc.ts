/**
 * Unified social credit codes (统一社会信用代码), GB 32100-2015: 18 characters
 * from a 31-character alphabet (digits and upper-case letters without
 * I, O, Z, S, V): registration authority (1), organisation type (1),
 * administrative region (6 digits), organisation code (9, GB 11714) and a
 * check character: weights 3^i mod 31, check = (31 - sum mod 31) mod 31.
 */

export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

/** Registration authority → organisation types it may register (GB 32100-2015 table 1, plus 9/Y catch-alls in use). */
const TYPES: Record<string, string> = {
  "1": "1239", // 机构编制
  "2": "19", // 外交
  "3": "1239", // 司法行政
  "4": "19", // 文化
  "5": "12349", // 民政
  "6": "129", // 旅游
  "7": "129", // 宗教
  "8": "19", // 工会
  "9": "123", // 工商 (企业, 个体工商户, 农民专业合作社)
  A: "19", // 中央军委改革和编制办公室
  N: "1239", // 农业
  Y: "1", // 其他
};

export type UsccProblem = "format" | "registrationType" | "region" | "checkDigit";
export type UsccResult = { ok: true; normalized: string } | { ok: false; problem: UsccProblem };

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function checkUscc(input: string): UsccResult {
  const s = input.trim().toUpperCase();
  if (s.length !== 18 || [...s].some((c) => !USCC_ALPHABET.includes(c))) return { ok: false, problem: "format" };
  const types = TYPES[s[0]!];
  if (!types || !types.includes(s[1]!)) return { ok: false, problem: "registrationType" };
  if (!/^[1-9]\d{5}$/.test(s.slice(2, 8))) return { ok: false, problem: "region" };
  if (usccCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, problem: "checkDigit" };
  return { ok: true, normalized: s };
}

/** Builds a valid code from its first 17 characters (tests and demo data). */
export function makeUscc(first17: string): string {
  if (first17.length !== 17 || [...first17].some((c) => !USCC_ALPHABET.includes(c))) throw new Error(`makeUscc: bad parts ${first17}`);
  return first17 + usccCheckChar(first17);
}
