/**
 * Resident identity card numbers (公民身份号码), GB 11643-1999: six digits of
 * the address code, the birth date YYYYMMDD, a three-digit sequence (odd for
 * men, even for women) and a check character over the first 17 digits by
 * ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11; the value 10 is written X).
 * Pure: the caller passes "today" so a birth date in the future is refused
 * without reading the clock.
 */

export const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

/** First two digits: province-level divisions (GB/T 2260) plus Taiwan, Hong Kong and Macao. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

export type ResidentIdProblem = "format" | "region" | "birthDate" | "checkDigit";

export type ResidentIdResult =
  | { ok: true; normalized: string; birthDate: string; sex: "male" | "female" }
  | { ok: false; problem: ResidentIdProblem };

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/**
 * Validates an 18-character number. Accepts a lower-case x and surrounding
 * spaces; `normalized` is upper-case. A plausible birth date is a real
 * calendar date from 1900-01-01 up to `today` (UTC date).
 */
export function checkResidentId(input: string, today: Date): ResidentIdResult {
  const s = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: "format" };
  if (!PROVINCES.has(Number(s.slice(0, 2)))) return { ok: false, problem: "region" };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (y < 1900 || !validDate(y, m, d) || birth > today.toISOString().slice(0, 10)) return { ok: false, problem: "birthDate" };
  if (residentIdCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, problem: "checkDigit" };
  return { ok: true, normalized: s, birthDate: birth, sex: Number(s[16]) % 2 === 1 ? "male" : "female" };
}

/** Builds a valid number (tests and demo data): region 6 digits, birth YYYYMMDD, sequence 3 digits. */
export function makeResidentId(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`;
  if (!/^\d{17}$/.test(first17)) throw new Error(`makeResidentId: bad parts ${first17}`);
  return first17 + residentIdCheckChar(first17);
}

/** Shows only the first 6 and last 4 characters (lists, logs, audit payloads). */
export const maskResidentId = (id: string): string => (id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : "******");
