/**
 * Index-side tokenizer: text → lexemes with positions, for a PostgreSQL
 * tsvector in the 'simple' configuration (no stemming, no stop words: the
 * database only stores and matches what we give it, the same on PGlite and
 * PostgreSQL 15).
 *
 * For each Chinese run it emits three kinds of lexeme at the position of
 * their first character:
 *  - the words Intl.Segmenter('zh') finds (吊销|数字|证书),
 *  - every domain-dictionary term occurring anywhere (数字证书, 竞买人),
 *  - every character bigram (吊销 销数 数字 字证 证书).
 * Bigram positions are consecutive, so a query phrase 'a' <-> 'b' <-> 'c'
 * finds any contiguous Chinese string of three or more characters even when
 * neither the segmenter nor the dictionary knows it.
 * Latin text yields lower-case words, compounds kept whole as well as split
 * (sec_cert_revoked → sec_cert_revoked, sec, cert, revoked), plus aliases
 * (USB Key / U盾 → usbkey).
 */
import { ALIASES, termsAt } from "./dictionary.js";

export interface Token {
  lexeme: string;
  /** 0-based character offset in the normalised text. */
  offset: number;
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

export const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[a-z0-9\u00c0-\u024f]+(?:[._-][a-z0-9\u00c0-\u024f]+)*/g;
const LATIN_PART = /[a-z0-9\u00c0-\u024f]+/g;

/** Longest lexeme kept; longer "words" are noise (hashes, base64) and bloat the index. */
export const MAX_LEXEME = 64;

/**
 * NFKC (full-width Ｕ盾 → U盾, ＰＩＮ → PIN) and lower case, one code unit
 * in → one code unit out where possible. Returns the normalised string and,
 * for each of its UTF-16 units, the offset of the source unit it came from
 * (so highlights land on the original text).
 */
export function normalise(text: string): { norm: string; map: number[] } {
  let norm = "";
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const n = ch.normalize("NFKC").toLowerCase();
    norm += n;
    for (let k = 0; k < n.length; k++) map.push(i);
    i += ch.length;
  }
  return { norm, map };
}

export const normaliseText = (text: string): string => normalise(text).norm;

/** Segmenter words inside one Han run (offsets relative to the run). */
export function segmentRun(run: string): { word: string; offset: number }[] {
  const out: { word: string; offset: number }[] = [];
  for (const s of segmenter.segment(run)) if (s.isWordLike !== false && HAN.test(s.segment)) out.push({ word: s.segment, offset: s.index });
  return out;
}

function hanTokens(norm: string, push: (lexeme: string, offset: number) => void): void {
  for (const m of norm.matchAll(HAN_RUN)) {
    const run = m[0];
    const base = m.index;
    for (const w of segmentRun(run)) push(w.word, base + w.offset);
    const chars = [...run];
    let off = 0;
    for (let i = 0; i < chars.length; i++) {
      if (chars.length === 1) push(chars[0]!, base);
      else if (i + 1 < chars.length) push(chars[i]! + chars[i + 1]!, base + off);
      off += chars[i]!.length;
    }
  }
  // Dictionary terms may mix scripts (根CA, PIN码), so they are matched on the whole text.
  for (let i = 0; i < norm.length; i++) for (const t of termsAt(norm, i)) push(t, i);
}

function latinTokens(norm: string, push: (lexeme: string, offset: number) => void): void {
  for (const m of norm.matchAll(LATIN_WORD)) {
    push(m[0], m.index);
    if (/[._-]/.test(m[0])) for (const p of m[0].matchAll(LATIN_PART)) push(p[0], m.index + p.index);
  }
  for (const a of ALIASES) for (const m of norm.matchAll(a.pattern)) push(a.lexeme, m.index);
}

/** All lexemes of a text, ordered by offset. Duplicates at the same offset are removed. */
export function tokenize(text: string): Token[] {
  const norm = normaliseText(text);
  const seen = new Set<string>();
  const out: Token[] = [];
  const push = (lexeme: string, offset: number) => {
    if (!lexeme || lexeme.length > MAX_LEXEME) return;
    const key = `${offset}\u0000${lexeme}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ lexeme, offset });
  };
  hanTokens(norm, push);
  latinTokens(norm, push);
  return out.sort((a, b) => a.offset - b.offset || a.lexeme.localeCompare(b.lexeme));
}
