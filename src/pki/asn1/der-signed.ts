/**
 * Exact-bytes helpers on top of the strict DER reader, for what other
 * parties send us: the signed part of a certificate, CRL or CSR must be
 * verified as received (re-encoding a parsed structure can change the bytes
 * of a certificate from another CA), and lenient schema parsers accept a
 * wrong inner length or tag that re-encoding then hides.
 */
import { childrenOf, DerError, decodeOid, readOnly, valueOf, bytesOf, type Tlv } from "./der-reader.js";

/**
 * Checks the framing of a whole DER structure: the outer tag, and every
 * constructed element exactly filled by its children, down to the leaves.
 */
export function assertDerFraming(der: Uint8Array, outerTag = 0x30): void {
  const walk = (t: Tlv, depth: number) => {
    if (depth > 64) throw new DerError("nested too deeply");
    if (t.tag === 0x23 || t.tag === 0x24) throw new DerError("constructed strings are not DER");
    if (t.tag & 0x20) for (const c of childrenOf(der, t)) walk(c, depth + 1);
  };
  walk(readOnly(der, outerTag), 0);
}

/**
 * A signed structure SEQUENCE { toBeSigned, AlgorithmIdentifier, BIT STRING }
 * (certificate, CRL, PKCS#10): the exact to-be-signed bytes, the algorithm OID and the signature.
 */
export function splitSigned(der: Uint8Array): { tbs: Uint8Array; algOid: string; algParams: Uint8Array | null; signature: Uint8Array } {
  const top = readOnly(der, 0x30);
  const parts = childrenOf(der, top);
  if (parts.length !== 3 || parts[0]!.tag !== 0x30 || parts[1]!.tag !== 0x30 || parts[2]!.tag !== 0x03) throw new DerError("not a signed structure");
  const alg = childrenOf(der, parts[1]!);
  if (!alg[0] || alg[0].tag !== 0x06 || alg.length > 2) throw new DerError("bad AlgorithmIdentifier");
  const bits = valueOf(der, parts[2]!);
  if (bits.length < 1 || bits[0] !== 0) throw new DerError("signature BIT STRING has unused bits");
  return {
    tbs: bytesOf(der, parts[0]!),
    algOid: decodeOid(valueOf(der, alg[0])),
    algParams: alg[1] ? bytesOf(der, alg[1]) : null,
    signature: bits.subarray(1),
  };
}
