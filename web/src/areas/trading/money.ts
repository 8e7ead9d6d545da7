/**
 * Money in the browser: the API carries fen as decimal text; amounts are
 * shown in 万元 (land prices) or 元, and typed in 万元 — always through
 * BigInt, never a float.
 */
const FEN_PER_WAN = 1_000_000n;
const FEN_PER_YUAN = 100n;

/** "1250000000" → "1,250" (万元, up to six decimals). */
export function wan(fen: string | null | undefined): string {
  if (fen === null || fen === undefined || !/^\d+$/.test(fen)) return "—";
  const f = BigInt(fen);
  const whole = (f / FEN_PER_WAN).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = (f % FEN_PER_WAN).toString().padStart(6, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

/** "123456" → "1,234.56" (元). */
export function yuan(fen: string | null | undefined): string {
  if (fen === null || fen === undefined || !/^\d+$/.test(fen)) return "—";
  const f = BigInt(fen);
  return `${(f / FEN_PER_YUAN).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(f % FEN_PER_YUAN).toString().padStart(2, "0")}`;
}

/** "28,000.5" (万元) → "28000500000" (fen); null when not a valid amount. */
export function wanToFen(text: string): string | null {
  const t = text.trim().replace(/,/g, "");
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(t);
  if (!m) return null;
  return (BigInt(m[1]!) * FEN_PER_WAN + BigInt((m[2] ?? "").padEnd(6, "0"))).toString();
}

/** fen → the 万元 text an input shows (no grouping). */
export const fenToWanInput = (fen: string): string => wan(fen).replace(/,/g, "");

/** Number of increments between two amounts (for the bid form), as a number for display. */
export function steps(fromFen: string, toFen: string, incFen: string): number {
  return Number((BigInt(toFen) - BigInt(fromFen)) / BigInt(incFen));
}

export function addFen(a: string, b: string, k = 1n): string {
  return (BigInt(a) + BigInt(b) * k).toString();
}
