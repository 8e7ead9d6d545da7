/**
 * A strict DER reader: walks tag-length-value elements with bounds checks and
 * hands back offsets into the caller's buffer. Used where we need the exact
 * bytes that were signed (CMS signed attributes, OCSP CertIDs, nonces) and on
 * the OCSP hot path, where a schema library costs more than the lookup.
 *
 * Only definite lengths (DER); indefinite lengths, high tag numbers, lengths
 * over 4 octets and non-minimal lengths are refused. Every failure is a
 * DerError, which callers turn into their own coded AppError.
 */
export class DerError extends Error {
  override name = "DerError";
}

export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number < 31). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  valueStart: number;
  /** Offset just after the element. */
  end: number;
}

export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError("truncated element header");
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("high tag numbers are not used here");
  let len = buf[offset + 1]!;
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new DerError("indefinite length (BER) is not DER");
    if (n > 4) throw new DerError("length too long");
    if (p + n > limit) throw new DerError("truncated length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    if (len < 0x80 || (n > 1 && buf[p] === 0)) throw new DerError("non-minimal length");
    p += n;
  }
  const end = p + len;
  if (end > limit) throw new DerError("truncated element");
  return { tag, start: offset, valueStart: p, end };
}

/** Reads one element that must span `buf` exactly (no trailing bytes). */
export function readOnly(buf: Uint8Array, tag?: number): Tlv {
  const t = readTlv(buf, 0);
  if (t.end !== buf.length) throw new DerError("trailing bytes after the element");
  if (tag !== undefined && t.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)}, got 0x${t.tag.toString(16)}`);
  return t;
}

/** The elements inside a constructed element. */
export function childrenOf(buf: Uint8Array, parent: Tlv, max = 10_000): Tlv[] {
  if (!(parent.tag & 0x20)) throw new DerError("primitive element has no children");
  const out: Tlv[] = [];
  let p = parent.valueStart;
  while (p < parent.end) {
    if (out.length >= max) throw new DerError("too many elements");
    const c = readTlv(buf, p, parent.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

export const bytesOf = (buf: Uint8Array, t: Tlv): Uint8Array => buf.subarray(t.start, t.end);
export const valueOf = (buf: Uint8Array, t: Tlv): Uint8Array => buf.subarray(t.valueStart, t.end);

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t) throw new DerError(`${what} missing`);
  if (t.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, got 0x${t.tag.toString(16)}`);
  return t;
}

/** OBJECT IDENTIFIER content → dotted string. */
const oidCache = new Map<string, string>();

export function decodeOid(v: Uint8Array): string {
  if (v.length === 0 || v.length > 64) throw new DerError("bad OID length");
  // The same few OIDs arrive over and over (hash and signature algorithms, extensions).
  const key = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("latin1");
  const hit = oidCache.get(key);
  if (hit) return hit;
  const arcs: bigint[] = [];
  let n = 0n;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (n === 0n && b === 0x80) throw new DerError("non-minimal OID arc");
    n = (n << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(n);
      n = 0n;
    } else if (i === v.length - 1) throw new DerError("truncated OID");
  }
  const first = arcs.shift()!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  const oid = [...head, ...arcs].join(".");
  if (oidCache.size < 4096) oidCache.set(key, oid);
  return oid;
}

export function readOid(buf: Uint8Array, t: Tlv | undefined, what: string): string {
  return decodeOid(valueOf(buf, expectTag(t, 0x06, what)));
}

/** Non-negative INTEGER content → minimal lower-case hex (as serials are stored). */
export function integerHex(buf: Uint8Array, t: Tlv | undefined, what: string): string {
  const v = valueOf(buf, expectTag(t, 0x02, what));
  if (v.length === 0) throw new DerError(`${what}: empty INTEGER`);
  if (v.length > 1 && ((v[0] === 0 && !(v[1]! & 0x80)) || (v[0] === 0xff && v[1]! & 0x80))) throw new DerError(`${what}: non-minimal INTEGER`);
  if (v[0]! & 0x80) throw new DerError(`${what}: negative INTEGER`);
  return Buffer.from(v).toString("hex");
}

/** GeneralizedTime or UTCTime content → Date. */
export function readTime(buf: Uint8Array, t: Tlv | undefined, what: string): Date {
  if (!t || (t.tag !== 0x18 && t.tag !== 0x17)) throw new DerError(`${what}: not a time`);
  const s = Buffer.from(valueOf(buf, t)).toString("latin1");
  const m = t.tag === 0x18 ? /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\.\d{1,9})?Z$/.exec(s) : /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)()Z$/.exec(s);
  if (!m) throw new DerError(`${what}: bad time ${s.slice(0, 24)}`);
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
  if (Number.isNaN(d.getTime())) throw new DerError(`${what}: invalid date`);
  return d;
}
