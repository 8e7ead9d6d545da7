/**
 * Builds the text form of a weighted tsvector from an article's fields
 * ('lexeme':12A,40A 'other':3B …), passed to SQL as a bound parameter and
 * cast with ::tsvector — no to_tsvector, so the database's own parser (which
 * sees a whole Chinese sentence as one "word") never touches the text.
 *
 * Weights: A title, B tags, C summary, D body. Each field gets its own
 * position range (with a gap), so a phrase never spans two fields.
 */
import { tokenize } from "./tokenizer.js";

export type Weight = "A" | "B" | "C" | "D";

export interface IndexField {
  text: string;
  weight: Weight;
}

/** PostgreSQL's limits: positions 1..16383, at most 256 positions per lexeme. */
const MAX_POS = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;
const FIELD_GAP = 8;

/** Quotes a lexeme for tsvector/tsquery input: single quotes doubled, backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

export function buildTsvector(fields: IndexField[]): string {
  const positions = new Map<string, { pos: number; w: Weight }[]>();
  let base = 1;
  for (const f of fields) {
    if (!f.text) continue;
    let last = base;
    for (const t of tokenize(f.text)) {
      const pos = Math.min(base + t.offset, MAX_POS);
      last = Math.max(last, pos);
      const list = positions.get(t.lexeme) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME && !list.some((p) => p.pos === pos)) list.push({ pos, w: f.weight });
      positions.set(t.lexeme, list);
    }
    base = Math.min(last + FIELD_GAP, MAX_POS);
  }
  const parts: string[] = [];
  for (const [lexeme, list] of positions) parts.push(`${quoteLexeme(lexeme)}:${list.map((p) => `${p.pos}${p.w}`).join(",")}`);
  return parts.join(" ");
}
