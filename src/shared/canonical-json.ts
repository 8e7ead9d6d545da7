/**
 * Canonical JSON: object keys sorted, no whitespace. The same value always
 * gives the same bytes, also after a round trip through PostgreSQL jsonb
 * (which reorders keys), so digests over it are stable.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError("non-finite number");
    if (value === undefined) return "null";
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** Parses and re-serialises, so what is stored equals what was hashed. */
export function normaliseJson(value: unknown): unknown {
  return JSON.parse(canonicalJson(value)) as unknown;
}
