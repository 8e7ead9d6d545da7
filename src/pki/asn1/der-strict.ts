/**
 * A strict, bounded DER reader for the few structures we take apart by hand
 * (SM2Cipher, AuthEnvelopedData, the outer layers of CMS). No recursion on
 * input, no Node dependency (the browser SDK uses it too): every length is
 * checked against what is left, so truncated or garbage input fails fast
 * with DerError instead of reading past the end or looping.
 */
export class DerError extends Error {
  override name = "DerError";
}

export interface Tlv {
  tag: number;
  /** Offset of the tag byte in the buffer given to readTlv. */
  start: number;
  headerLength: number;
  length: number;
  /** Offset just past the value. */
  end: number;
  /** The value bytes (a view, not a copy). */
  value: Uint8Array;
  /** Tag + length + value (a view). */
  raw: Uint8Array;
}

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag number n, constructed or primitive. */
export const ctx = (n: number, constructed: boolean): number => 0x80 | (constructed ? 0x20 : 0) | n;

export function readTlv(buf: Uint8Array, offset = 0): Tlv {
  if (offset >= buf.length) throw new DerError("unexpected end of data");
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not used here");
  let p = offset + 1;
  if (p >= buf.length) throw new DerError("truncated length");
  const first = buf[p++]!;
  let length: number;
  if (first < 0x80) length = first;
  else {
    const n = first & 0x7f;
    if (n === 0) throw new DerError("indefinite length is not DER");
    if (n > 4) throw new DerError("length too large");
    if (p + n > buf.length) throw new DerError("truncated length");
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++]!;
    if (length < 0x80 || buf[p - n] === 0) throw new DerError("length not minimally encoded");
  }
  const end = p + length;
  if (end > buf.length) throw new DerError("value runs past the end of the data");
  return { tag, start: offset, headerLength: p - offset, length, end, value: buf.subarray(p, end), raw: buf.subarray(offset, end) };
}

/** Reads exactly one element covering the whole buffer, with the expected tag. */
export function readOnly(buf: Uint8Array, tag?: number): Tlv {
  const t = readTlv(buf, 0);
  if (t.end !== buf.length) throw new DerError("trailing bytes after the structure");
  if (tag !== undefined && t.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)}, found 0x${t.tag.toString(16)}`);
  return t;
}

/** The elements inside a constructed value, in order. */
export function children(value: Uint8Array, max = 10_000): Tlv[] {
  const out: Tlv[] = [];
  let p = 0;
  while (p < value.length) {
    if (out.length >= max) throw new DerError("too many elements");
    const t = readTlv(value, p);
    out.push(t);
    p = t.end;
  }
  return out;
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t) throw new DerError(`${what} missing`);
  if (t.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${t.tag.toString(16)}`);
  return t;
}

/** A non-negative INTEGER's magnitude (leading zero octet removed). */
export function unsignedInteger(t: Tlv, maxBytes: number): Uint8Array {
  if (t.tag !== TAG.INTEGER || t.length === 0) throw new DerError("INTEGER expected");
  let v = t.value;
  if (v[0]! & 0x80) throw new DerError("negative INTEGER");
  if (v.length > 1 && v[0] === 0) {
    if (!(v[1]! & 0x80)) throw new DerError("INTEGER not minimally encoded");
    v = v.subarray(1);
  }
  if (v.length > maxBytes) throw new DerError("INTEGER too large");
  return v;
}

/** Small INTEGER (versions, lengths). */
export function smallInteger(t: Tlv): number {
  const v = unsignedInteger(t, 4);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** Dotted OID text from an OBJECT IDENTIFIER element. */
export function oidText(t: Tlv): string {
  if (t.tag !== TAG.OID || t.length === 0 || t.length > 64) throw new DerError("OBJECT IDENTIFIER expected");
  const parts: number[] = [];
  let n = 0;
  for (let i = 0; i < t.value.length; i++) {
    const b = t.value[i]!;
    if (n === 0 && b === 0x80) throw new DerError("OID arc not minimally encoded");
    n = n * 128 + (b & 0x7f);
    if (n > Number.MAX_SAFE_INTEGER / 128) throw new DerError("OID arc too large");
    if (!(b & 0x80)) {
      parts.push(n);
      n = 0;
    } else if (i === t.value.length - 1) throw new DerError("truncated OID");
  }
  const first = parts.shift()!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join(".");
}
