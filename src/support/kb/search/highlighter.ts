/**
 * Highlighted snippets, computed here rather than with ts_headline: the
 * database's parser sees a Chinese sentence as one token and would mark the
 * whole sentence (or nothing), and doing it in one place keeps PGlite and
 * PostgreSQL identical. The output is a list of plain-text pieces with a
 * `hit` flag, so the web renders <mark> without ever injecting HTML.
 */
import { ALIASES } from "./dictionary.js";
import type { QueryTerm } from "./query-builder.js";
import { normalise } from "./tokenizer.js";

export interface Piece {
  text: string;
  hit: boolean;
}

interface Range {
  start: number;
  end: number;
  term: number;
}

/** Occurrences of the terms in `text`, as ranges of the original string, non-overlapping, longest first. */
export function findHits(text: string, terms: readonly QueryTerm[]): Range[] {
  const { norm, map } = normalise(text);
  const raw: Range[] = [];
  terms.forEach((t, ti) => {
    if (!t.text) return;
    let from = 0;
    for (;;) {
      const at = norm.indexOf(t.text, from);
      if (at < 0) break;
      let endN = at + t.text.length;
      // Latin terms match as prefixes: extend the mark to the end of the word.
      if (t.script === "latin") while (endN < norm.length && /[a-z0-9\u00c0-\u024f]/.test(norm[endN]!)) endN++;
      const latinStartOk = t.script !== "latin" || at === 0 || !/[a-z0-9\u00c0-\u024f]/.test(norm[at - 1]!);
      if (latinStartOk) raw.push({ start: map[at]!, end: endN < map.length ? map[endN]! : text.length, term: ti });
      from = at + 1;
    }
    // "usbkey" also marks "USB Key" and "U盾" in the text.
    for (const a of ALIASES) {
      if (a.lexeme !== t.text) continue;
      for (const m of norm.matchAll(a.pattern)) raw.push({ start: map[m.index]!, end: m.index + m[0].length < map.length ? map[m.index + m[0].length]! : text.length, term: ti });
    }
  });
  raw.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: Range[] = [];
  for (const r of raw) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) {
      // Overlapping terms (证书 inside 数字证书): merge into one mark.
      last.end = Math.max(last.end, r.end);
      continue;
    }
    out.push({ ...r });
  }
  return out;
}

function piecesOf(text: string, hits: Range[], from: number, to: number): Piece[] {
  const out: Piece[] = [];
  let cursor = from;
  for (const h of hits) {
    if (h.end <= from || h.start >= to) continue;
    const s = Math.max(h.start, from);
    const e = Math.min(h.end, to);
    if (s > cursor) out.push({ text: text.slice(cursor, s), hit: false });
    out.push({ text: text.slice(s, e), hit: true });
    cursor = e;
  }
  if (cursor < to) out.push({ text: text.slice(cursor, to), hit: false });
  return out;
}

/** The whole text with its hits marked (titles). */
export function highlightAll(text: string, terms: readonly QueryTerm[]): Piece[] {
  return piecesOf(text, findHits(text, terms), 0, text.length);
}

/**
 * The window of about `size` characters covering the most distinct terms
 * (then the most hits), trimmed to the text, with ellipses where cut.
 */
export function snippet(text: string, terms: readonly QueryTerm[], size = 120): Piece[] {
  const flat = text.replace(/\s+/g, " ").trim();
  const hits = findHits(flat, terms);
  if (hits.length === 0) return flat ? [{ text: flat.length > size ? `${flat.slice(0, size)}…` : flat, hit: false }] : [];
  let best = { start: 0, score: -1 };
  for (const h of hits) {
    const start = Math.max(0, h.start - Math.floor(size / 4));
    const inside = hits.filter((x) => x.start >= start && x.end <= start + size);
    const score = new Set(inside.map((x) => x.term)).size * 1000 + inside.length;
    if (score > best.score) best = { start, score };
  }
  const start = best.start;
  const end = Math.min(flat.length, start + size);
  const pieces = piecesOf(flat, hits, start, end);
  if (start > 0) pieces.unshift({ text: "…", hit: false });
  if (end < flat.length) pieces.push({ text: "…", hit: false });
  return pieces;
}
