/**
 * Minimal DER writing for the places where we assemble structures from
 * already-encoded parts (TBS ‖ algorithm ‖ signature; CMS SignedData around
 * exact signed-attribute bytes; OCSP responses around cached parts):
 * re-serialising through the schema library would cost more than the
 * signature. Everything else goes through @peculiar/asn1-schema.
 */
function lengthBytes(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  const bytes: number[] = [];
  for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), lengthBytes(content.length), content]);
}

export const derSequence = (parts: Uint8Array[]): Uint8Array => tlv(0x30, concat(parts));

/** SET OF in DER order: elements sorted by their encodings (X.690 §11.6). */
export function derSetOf(parts: Uint8Array[]): Uint8Array {
  const sorted = [...parts].sort((a, b) => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
  return tlv(0x31, concat(sorted));
}

/** BIT STRING with no unused bits. */
export const derBitString = (bytes: Uint8Array): Uint8Array => tlv(0x03, concat([Uint8Array.of(0), bytes]));

export const derOctetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);

export const DER_NULL = Uint8Array.of(0x05, 0x00);

/** [n] EXPLICIT wrapper (context-specific, constructed). */
export const derExplicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);

/** A non-negative INTEGER from minimal hex (as serials are stored), a bigint or a safe integer. */
export function derInteger(v: string | bigint | number): Uint8Array {
  let hex = typeof v === "string" ? v : BigInt(v).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, "hex");
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && !(b[i + 1]! & 0x80)) i++;
  b = b.subarray(i);
  if (b.length === 0) b = Buffer.of(0);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.of(0), b]);
  return tlv(0x02, b);
}

export const derBoolean = (v: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);

export const derEnumerated = (n: number): Uint8Array => Uint8Array.of(0x0a, 0x01, n);

const oidCache = new Map<string, Uint8Array>();

export function derOid(oid: string): Uint8Array {
  let out = oidCache.get(oid);
  if (out) return out;
  if (!/^[0-2]\.\d+(\.\d+)*$/.test(oid)) throw new Error(`bad OID ${oid}`);
  // BigInt: UUID-based arcs (2.25.<128-bit>) exceed 2^53.
  const arcs = oid.split(".").map((a) => BigInt(a));
  const body: number[] = [];
  const push = (n: bigint) => {
    const tmp = [Number(n & 0x7fn)];
    for (let x = n >> 7n; x > 0n; x >>= 7n) tmp.unshift(Number(x & 0x7fn) | 0x80);
    body.push(...tmp);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  out = tlv(0x06, Uint8Array.from(body));
  oidCache.set(oid, out);
  return out;
}

/** AlgorithmIdentifier with absent parameters (or NULL when asked). */
export const derAlgorithm = (oid: string, nullParams = false): Uint8Array => derSequence(nullParams ? [derOid(oid), DER_NULL] : [derOid(oid)]);

const p2 = (n: number) => String(n).padStart(2, "0");

/** GeneralizedTime, whole seconds unless `millis` (DER: no trailing zeros in the fraction). */
export function derGeneralizedTime(d: Date, millis = false): Uint8Array {
  let s = `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  if (millis && ms) s += `.${String(ms).padStart(3, "0").replace(/0+$/, "")}`;
  return tlv(0x18, Buffer.from(`${s}Z`, "latin1"));
}

/** RFC 5280 Time: UTCTime through 2049, GeneralizedTime after. */
export function derTime(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  if (y < 1950 || y > 2049) return derGeneralizedTime(d);
  const s = `${p2(y % 100)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, "latin1"));
}

export const toHex = (b: Uint8Array | ArrayBuffer): string => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString("hex");

export const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
