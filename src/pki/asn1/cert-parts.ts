/**
 * The raw parts of a DER certificate, as exact byte ranges: what OCSP CertIDs
 * (issuer name hash, issuer key hash), CMS IssuerAndSerialNumber and ESS
 * signing-certificate attributes are computed over. Byte-exact slices avoid
 * re-encoding differences between libraries.
 */
import { bytesOf, childrenOf, DerError, integerHex, readOnly, readTlv, valueOf } from "./der-reader.js";

export interface CertParts {
  der: Uint8Array;
  tbs: Uint8Array;
  /** Serial as minimal lower-case hex. */
  serialHex: string;
  /** The serialNumber INTEGER element, tag and length included. */
  serialDer: Uint8Array;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  spkiDer: Uint8Array;
  /** The subjectPublicKey BIT STRING value without the unused-bits octet (what key hashes cover). */
  publicKeyBits: Uint8Array;
}

/** Throws DerError for anything that is not a well-formed certificate frame. */
export function certParts(der: Uint8Array): CertParts {
  const cert = readOnly(der, 0x30);
  const [tbsT] = childrenOf(der, cert);
  if (!tbsT || tbsT.tag !== 0x30) throw new DerError("certificate without TBSCertificate");
  const f = childrenOf(der, tbsT);
  let i = 0;
  if (f[0]?.tag === 0xa0) i = 1; // version
  const serialT = f[i];
  const issuerT = f[i + 2];
  const subjectT = f[i + 4];
  const spkiT = f[i + 5];
  if (!serialT || !issuerT || !subjectT || !spkiT || issuerT.tag !== 0x30 || subjectT.tag !== 0x30 || spkiT.tag !== 0x30) throw new DerError("TBSCertificate is incomplete");
  const [, bitsT] = childrenOf(der, spkiT);
  if (!bitsT || bitsT.tag !== 0x03) throw new DerError("SubjectPublicKeyInfo without a BIT STRING");
  const bits = valueOf(der, bitsT);
  if (bits.length < 1 || bits[0] !== 0) throw new DerError("public key BIT STRING has unused bits");
  return {
    der,
    tbs: bytesOf(der, tbsT),
    serialHex: integerHex(der, serialT, "serialNumber"),
    serialDer: bytesOf(der, serialT),
    issuerDer: bytesOf(der, issuerT),
    subjectDer: bytesOf(der, subjectT),
    spkiDer: bytesOf(der, spkiT),
    publicKeyBits: bits.subarray(1),
  };
}

/** True when `der` is exactly one DER element (cheap pre-check before a schema parse). */
export function isSingleElement(der: Uint8Array): boolean {
  try {
    return readTlv(der, 0).end === der.length;
  } catch {
    return false;
  }
}
