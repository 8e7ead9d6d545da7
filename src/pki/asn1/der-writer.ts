/**
 * DER encoding helpers without Node dependencies (shared with the browser SDK).
 * src/pki/asn1/der.ts has the same framing for the CA's hot path.
 */
import { TAG } from "./der-strict.js";

function lengthBytes(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  const bytes: number[] = [];
  for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function cat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export const encodeTlv = (tag: number, value: Uint8Array): Uint8Array => cat([Uint8Array.of(tag), lengthBytes(value.length), value]);
export const encodeSequence = (parts: Uint8Array[]): Uint8Array => encodeTlv(TAG.SEQUENCE, cat(parts));
export const encodeOctetString = (v: Uint8Array): Uint8Array => encodeTlv(TAG.OCTET_STRING, v);

/** Non-negative INTEGER from big-endian magnitude bytes. */
export function encodeUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const v = magnitude.subarray(i);
  return encodeTlv(TAG.INTEGER, v.length && v[0]! & 0x80 ? cat([Uint8Array.of(0), v]) : v.length ? v : Uint8Array.of(0));
}

export const encodeSmallInteger = (n: number): Uint8Array => {
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return encodeUnsignedInteger(Uint8Array.from(bytes.length ? bytes : [0]));
};

export function encodeOid(text: string): Uint8Array {
  const arcs = text.split(".").map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new Error(`bad OID ${text}`);
  const out: number[] = [];
  const push = (n: number) => {
    const tmp = [n & 0x7f];
    for (n = Math.floor(n / 128); n > 0; n = Math.floor(n / 128)) tmp.unshift((n & 0x7f) | 0x80);
    out.push(...tmp);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return encodeTlv(TAG.OID, Uint8Array.from(out));
}
