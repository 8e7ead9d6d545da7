/**
 * Query side: user text → a tsquery in text form, built only from lexemes
 * this module produced and quoted itself. User input never reaches
 * to_tsquery or any tsquery parser unescaped: operators (& | ! <-> : * ( ))
 * and quotes in the input are simply not word characters here, so they
 * vanish before anything is quoted.
 *
 * Chinese runs are split into terms with the domain dictionary first
 * (longest match), the segmenter for the gaps; function words are dropped;
 * a stray single character is glued to its neighbour (so an unknown term
 * the segmenter shatters — 宅|基|地 — stays one phrase). Each term matches
 * as its own lexeme OR as the phrase of its character bigrams, so
 * 证书吊销 (→ 证书 & 吊销) finds “吊销数字证书”.
 * Latin words match as prefixes (certificate:* finds certificates).
 */
import { ALIASES, QUERY_STOPWORDS, termsAt } from "./dictionary.js";
import { quoteLexeme } from "./tsvector.js";
import { MAX_LEXEME, normaliseText, segmentRun } from "./tokenizer.js";

export interface QueryTerm {
  /** The term as the user wrote it (normalised): what the highlighter looks for. */
  text: string;
  script: "han" | "latin";
  /** tsquery fragment for this term. */
  tsquery: string;
}

export interface BuiltQuery {
  terms: QueryTerm[];
  /** All terms must match. */
  all: string;
  /** Any term may match (the fallback when `all` finds nothing). */
  any: string;
}

/** More terms than this add cost and no precision. */
export const MAX_TERMS = 12;

const HAN_OR_LATIN = /(\p{Script=Han}+)|([a-z0-9\u00c0-\u024f]+(?:[._-][a-z0-9\u00c0-\u024f]+)*)/gu;

interface Piece {
  word: string;
  start: number;
  end: number;
}

/** Dictionary-first segmentation of one Han run. */
function splitHanRun(run: string): Piece[] {
  const out: Piece[] = [];
  let gapStart = 0;
  const flushGap = (end: number) => {
    if (end <= gapStart) return;
    const gap = run.slice(gapStart, end);
    const words = segmentRun(gap);
    // The segmenter may skip characters it does not call words; keep them as single pieces.
    let cursor = 0;
    for (const w of words) {
      for (const ch of gap.slice(cursor, w.offset)) out.push({ word: ch, start: gapStart + cursor, end: gapStart + cursor + ch.length });
      out.push({ word: w.word, start: gapStart + w.offset, end: gapStart + w.offset + w.word.length });
      cursor = w.offset + w.word.length;
    }
    for (const ch of gap.slice(cursor)) {
      out.push({ word: ch, start: gapStart + cursor, end: gapStart + cursor + ch.length });
      cursor += ch.length;
    }
  };
  let i = 0;
  while (i < run.length) {
    const term = termsAt(run, i)[0];
    if (term) {
      flushGap(i);
      out.push({ word: term, start: i, end: i + term.length });
      i += term.length;
      gapStart = i;
    } else {
      i += 1;
    }
  }
  flushGap(run.length);
  return out;
}

/** Drops function words, then glues single characters to a contiguous neighbour. */
function hanTerms(run: string): string[] {
  const kept = splitHanRun(run).filter((p) => !QUERY_STOPWORDS.has(p.word));
  const merged: Piece[] = [];
  for (const p of kept) {
    const prev = merged[merged.length - 1];
    const single = [...p.word].length === 1;
    const prevSingle = prev ? [...prev.word].length === 1 : false;
    if (prev && prev.end === p.start && (single || prevSingle)) {
      prev.word += p.word;
      prev.end = p.end;
    } else {
      merged.push({ ...p });
    }
  }
  return merged.map((p) => p.word);
}

function hanFragment(word: string): string {
  const chars = [...word];
  if (chars.length === 1) return `${quoteLexeme(word)}:*`;
  if (chars.length === 2) return quoteLexeme(word);
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) bigrams.push(quoteLexeme(chars[i]! + chars[i + 1]!));
  return `( ${quoteLexeme(word)} | ${bigrams.join(" <-> ")} )`;
}

function latinFragment(word: string): string {
  return `${quoteLexeme(word)}:*`;
}

/**
 * Builds the query; returns null when nothing searchable is left (the caller
 * answers KB_QUERY_INVALID).
 */
export function buildQuery(input: string): BuiltQuery | null {
  let norm = normaliseText(input);
  // Aliases first, so "USB Key" and "U盾" both search usbkey.
  for (const a of ALIASES) norm = norm.replace(a.pattern, ` ${a.lexeme} `);
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (t: QueryTerm) => {
    if (seen.has(t.text) || terms.length >= MAX_TERMS) return;
    seen.add(t.text);
    terms.push(t);
  };
  const stopped: QueryTerm[] = [];
  for (const m of norm.matchAll(HAN_OR_LATIN)) {
    if (m[1]) {
      for (const w of hanTerms(m[1])) if (w.length <= MAX_LEXEME) add({ text: w, script: "han", tsquery: hanFragment(w) });
      if (hanTerms(m[1]).length === 0) stopped.push({ text: m[1], script: "han", tsquery: hanFragment(m[1]) });
    } else if (m[2] && m[2].length <= MAX_LEXEME) {
      const t: QueryTerm = { text: m[2], script: "latin", tsquery: latinFragment(m[2]) };
      if (QUERY_STOPWORDS.has(m[2])) stopped.push(t);
      else add(t);
    }
  }
  // A query made only of function words still searches for them.
  if (terms.length === 0) for (const t of stopped) add(t);
  if (terms.length === 0) return null;
  return {
    terms,
    all: terms.map((t) => t.tsquery).join(" & "),
    any: terms.map((t) => t.tsquery).join(" | "),
  };
}
