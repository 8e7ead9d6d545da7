/**
 * Engine values ↔ JSON (for jsonb columns and the event log): bigint fen
 * becomes {"$fen":"123"}, a Date {"$t":"2026-…Z"}. Exact both ways.
 */
import type { SaleEvent, SaleState } from "./types.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function encode(v: unknown): Json {
  if (typeof v === "bigint") return { $fen: v.toString() };
  if (v instanceof Date) return { $t: v.toISOString() };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === "object") {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encode(x);
    return out;
  }
  return v as Json;
}

export function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.$fen === "string") return BigInt(o.$fen);
    if (keys.length === 1 && typeof o.$t === "string") return new Date(o.$t);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = decode(x);
    return out;
  }
  return v;
}

export const encodeState = (s: SaleState): Json => encode(s);
export const decodeState = (j: unknown): SaleState => decode(j) as SaleState;
export const encodeEvent = (e: SaleEvent): Json => encode(e);
export const decodeEvent = (j: unknown): SaleEvent => decode(j) as SaleEvent;
