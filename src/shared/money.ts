/**
 * Money as integer fen (分) in a bigint: never a float. Land prices run to
 * billions of yuan and every step of a bid must be exact, so amounts are
 * parsed from decimal text, computed in bigint, and written back as text
 * (JSON has no bigint). The database column is `bigint` (fen); the driver
 * hands int8 back as a JS number, which `fenFromDb` accepts only when it is a
 * safe integer (≤ 9,007,199,254,740,991 fen ≈ 90 trillion yuan).
 */

declare const FEN: unique symbol;
/** An amount in fen (1 yuan = 100 fen). */
export type Fen = bigint & { readonly [FEN]: true };

export const fen = (n: bigint | number): Fen => {
  if (typeof n === "number" && !Number.isSafeInteger(n)) throw new RangeError(`not an integer number of fen: ${n}`);
  return BigInt(n) as Fen;
};

export const ZERO_FEN = fen(0n);
export const FEN_PER_YUAN = 100n;
export const FEN_PER_WAN_YUAN = 1_000_000n;

const FEN_TEXT = /^(0|[1-9]\d{0,17})$/;
const YUAN_TEXT = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

/** "123456" (fen, as sent over the API and stored in JSON) → Fen; undefined when malformed. */
export function parseFen(s: string): Fen | undefined {
  return FEN_TEXT.test(s) ? (BigInt(s) as Fen) : undefined;
}

/** A decimal yuan amount "12345.6" / "12,345.60" → Fen; undefined when malformed or over two decimals. */
export function parseYuan(s: string): Fen | undefined {
  const t = s.trim().replace(/,/g, "");
  if (!YUAN_TEXT.test(t)) return undefined;
  const [whole, frac = ""] = t.split(".") as [string, string?];
  return (BigInt(whole) * FEN_PER_YUAN + BigInt((frac + "00").slice(0, 2))) as Fen;
}

/** Fen as the decimal text carried in JSON ("123456"). */
export const fenText = (f: Fen): string => f.toString();

/** The driver's int8 (a JS number, or text from a `::text` cast) → Fen, refusing anything inexact. */
export function fenFromDb(v: number | string | bigint): Fen {
  if (typeof v === "bigint") return v as Fen;
  if (typeof v === "string") {
    const f = parseFen(v);
    if (f === undefined) throw new RangeError(`not an amount in fen: ${v}`);
    return f;
  }
  return fen(v);
}

/** A Fen as a database parameter: text, so PostgreSQL casts it to bigint exactly. */
export const fenToDb = (f: Fen): string => f.toString();

/** 1234567 fen → "12,345.67" (yuan, grouped, two decimals). */
export function formatYuan(f: Fen): string {
  const neg = f < 0n;
  const abs = neg ? -f : f;
  const whole = (abs / FEN_PER_YUAN).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (abs % FEN_PER_YUAN).toString().padStart(2, "0");
  return `${neg ? "-" : ""}${whole}.${cents}`;
}

/** Amount in 万元 with up to six decimals, trailing zeros dropped: 1250000000 fen → "1250". */
export function formatWanYuan(f: Fen): string {
  const neg = f < 0n;
  const abs = neg ? -f : f;
  const whole = (abs / FEN_PER_WAN_YUAN).toString();
  const frac = (abs % FEN_PER_WAN_YUAN).toString().padStart(6, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

export const maxFen = (a: Fen, b: Fen): Fen => (a > b ? a : b);
export const addFen = (a: Fen, b: Fen): Fen => (a + b) as Fen;
export const subFen = (a: Fen, b: Fen): Fen => (a - b) as Fen;
export const mulFen = (a: Fen, k: bigint): Fen => (a * k) as Fen;
