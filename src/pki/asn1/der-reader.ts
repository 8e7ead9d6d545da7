/**
 * A strict, bounds-checked DER walker for the places where exact bytes
 * matter: the signed part of a certificate, CRL or OCSP response must be
 * verified as it was received (re-encoding a parsed structure can change the
 * bytes of a certificate from another CA), and PKCS#7 bags must hand back
 * certificates byte for byte. Any malformed input throws `DerError`.
 */
export class DerError extends Error {}

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError("truncated TLV header");
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not used here");
  let len = buf[offset + 1]!;
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new DerError("indefinite length is not DER");
    if (n > 4 || p + n > limit) throw new DerError("bad length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (p + len > limit) throw new DerError("truncated TLV content");
  return { tag, start: offset, contentStart: p, end: p + len };
}

/** The TLVs inside a constructed TLV, in order. */
export function childrenOf(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.contentStart;
  while (p < parent.end) {
    const t = readTlv(buf, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

/** The single top-level TLV of `der`; trailing bytes are an error. */
export function topLevel(der: Uint8Array): Tlv {
  const t = readTlv(der, 0);
  if (t.end !== der.length) throw new DerError("trailing bytes after DER");
  return t;
}

/**
 * Checks the framing of a whole DER structure: every constructed element is
 * exactly filled by its children, down to the leaves. Lenient parsers accept
 * a wrong length byte and re-encode it away; we refuse such input outright.
 */
export function assertDerFraming(der: Uint8Array, outerTag = 0x30): void {
  const walk = (t: Tlv, depth: number) => {
    if (depth > 64) throw new DerError("nested too deeply");
    if (t.tag === 0x23 || t.tag === 0x24) throw new DerError("constructed strings are not DER");
    if (t.tag & 0x20) for (const c of childrenOf(der, t)) walk(c, depth + 1);
  };
  const top = topLevel(der);
  if (top.tag !== outerTag) throw new DerError(`expected tag 0x${outerTag.toString(16)}, got 0x${top.tag.toString(16)}`);
  walk(top, 0);
}

export const bytesOf = (buf: Uint8Array, t: Tlv): Uint8Array => buf.subarray(t.start, t.end);
export const contentOf = (buf: Uint8Array, t: Tlv): Uint8Array => buf.subarray(t.contentStart, t.end);

/**
 * A signed structure SEQUENCE { toBeSigned, AlgorithmIdentifier, BIT STRING }
 * (certificate, CRL): the exact to-be-signed bytes, the algorithm OID and the signature.
 */
export function splitSigned(der: Uint8Array): { tbs: Uint8Array; algOid: string; algParams: Uint8Array | null; signature: Uint8Array } {
  const top = topLevel(der);
  if (top.tag !== 0x30) throw new DerError("not a SEQUENCE");
  const parts = childrenOf(der, top);
  if (parts.length !== 3 || parts[0]!.tag !== 0x30 || parts[1]!.tag !== 0x30 || parts[2]!.tag !== 0x03) throw new DerError("not a signed structure");
  const alg = childrenOf(der, parts[1]!);
  if (!alg[0] || alg[0].tag !== 0x06) throw new DerError("bad AlgorithmIdentifier");
  const bits = contentOf(der, parts[2]!);
  if (bits.length < 1 || bits[0] !== 0) throw new DerError("signature BIT STRING has unused bits");
  return {
    tbs: bytesOf(der, parts[0]!),
    algOid: oidToString(contentOf(der, alg[0])),
    algParams: alg[1] ? bytesOf(der, alg[1]) : null,
    signature: bits.subarray(1),
  };
}

export function oidToString(content: Uint8Array): string {
  if (content.length === 0) throw new DerError("empty OID");
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i < content.length; i++) {
    v = v * 128 + (content[i]! & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) throw new DerError("OID arc too large");
    if (!(content[i]! & 0x80)) {
      if (out.length === 0) out.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else out.push(v);
      v = 0;
    } else if (i === content.length - 1) throw new DerError("truncated OID");
  }
  return out.join(".");
}
