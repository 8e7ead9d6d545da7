/**
 * OCSP (RFC 6960) on the wire: a strict request parser and response builders
 * that assemble DER from parts, so the responder can cache the parts that do
 * not change (SingleResponses, whole nonce-less responses) and the hot path
 * never touches a schema library. CertIDs are echoed byte for byte.
 */
import { AppError } from "../../shared/errors.js";
import { HASH_NAMES, isKnownHash } from "../algs/hash.js";
import { MAX_ENCODED_BYTES } from "./csr.js";
import { concat, derBitString, derEnumerated, derExplicit, derGeneralizedTime, derOctetString, derOid, derSequence, tlv } from "./der.js";
import { bytesOf, childrenOf, DerError, expectTag, integerHex, readOid, readOnly, valueOf, type Tlv } from "./der-reader.js";

export const OCSP_OID = {
  basic: "1.3.6.1.5.5.7.48.1.1",
  nonce: "1.3.6.1.5.5.7.48.1.2",
} as const;

export const OCSP_STATUS = { successful: 0, malformedRequest: 1, internalError: 2, tryLater: 3, sigRequired: 5, unauthorized: 6 } as const;

/** At most this many CertIDs per request (a request for more is refused as malformed). */
export const MAX_CERT_IDS = 16;

export interface OcspCertId {
  /** The CertID exactly as received, echoed in the response. */
  der: Uint8Array;
  hashAlg: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  serialHex: string;
}

export interface OcspRequest {
  certIds: OcspCertId[];
  /** extnValue content of the nonce extension, echoed unchanged; null without a nonce. */
  nonce: Uint8Array | null;
}

function algorithmOid(buf: Uint8Array, t: Tlv | undefined): string {
  const parts = childrenOf(buf, expectTag(t, 0x30, "hashAlgorithm"));
  if (parts.length > 2 || (parts[1] && parts[1].tag !== 0x05)) throw new DerError("hashAlgorithm has unexpected parameters");
  return readOid(buf, parts[0], "hashAlgorithm");
}

function parseCertId(buf: Uint8Array, t: Tlv): OcspCertId {
  const f = childrenOf(buf, expectTag(t, 0x30, "CertID"));
  if (f.length !== 4) throw new DerError("CertID must have four fields");
  const hashAlg = algorithmOid(buf, f[0]);
  if (!isKnownHash(hashAlg)) throw new DerError(`CertID hash ${hashAlg} is not supported`);
  const issuerNameHash = valueOf(buf, expectTag(f[1], 0x04, "issuerNameHash"));
  const issuerKeyHash = valueOf(buf, expectTag(f[2], 0x04, "issuerKeyHash"));
  if (issuerNameHash.length !== issuerKeyHash.length || (issuerNameHash.length !== 20 && issuerNameHash.length !== 32)) throw new DerError(`${HASH_NAMES[hashAlg]} hashes of the wrong length`);
  const serialHex = integerHex(buf, f[3], "serialNumber");
  if (serialHex.length > 42) throw new DerError("serial longer than 20 octets");
  return { der: bytesOf(buf, t), hashAlg, issuerNameHash, issuerKeyHash, serialHex };
}

/** Extensions → nonce value; unknown critical extensions are refused. */
function nonceOf(buf: Uint8Array, exts: Tlv): Uint8Array | null {
  let nonce: Uint8Array | null = null;
  for (const e of childrenOf(buf, expectTag(exts, 0x30, "Extensions"), 32)) {
    const f = childrenOf(buf, expectTag(e, 0x30, "Extension"));
    const id = readOid(buf, f[0], "extnID");
    const critical = f[1]?.tag === 0x01 ? valueOf(buf, f[1])[0] !== 0 : false;
    const value = valueOf(buf, expectTag(f[f[1]?.tag === 0x01 ? 2 : 1], 0x04, "extnValue"));
    if (id === OCSP_OID.nonce) {
      if (nonce) throw new DerError("two nonces");
      // RFC 8954: the nonce is an OCTET STRING of 1..32 octets (we allow a little slack for old clients).
      if (value.length < 1 || value.length > 66) throw new DerError("nonce of unreasonable length");
      nonce = value;
    } else if (critical) throw new DerError(`unsupported critical extension ${id}`);
  }
  return nonce;
}

/** Parses a DER OCSPRequest. Throws AppError PKI_OCSP_REQUEST_INVALID / PKI_INPUT_TOO_LARGE only. */
export function parseOcspRequest(der: Uint8Array): OcspRequest {
  if (der.length > MAX_ENCODED_BYTES) throw new AppError("PKI_INPUT_TOO_LARGE", { detail: `${der.length} bytes` });
  try {
    const top = childrenOf(der, readOnly(der, 0x30));
    if (top.length < 1 || top.length > 2 || (top[1] && top[1].tag !== 0xa0)) throw new DerError("OCSPRequest must be tbsRequest [optionalSignature]");
    const f = childrenOf(der, expectTag(top[0], 0x30, "tbsRequest"));
    let i = 0;
    if (f[i]?.tag === 0xa0) {
      const v = childrenOf(der, f[i]!);
      if (v.length !== 1 || bytesOf(der, v[0]!).join() !== "2,1,0") throw new DerError("only version v1 is defined");
      i++;
    }
    if (f[i]?.tag === 0xa1) i++; // requestorName: not used
    const list = childrenOf(der, expectTag(f[i++], 0x30, "requestList"), MAX_CERT_IDS + 1);
    if (list.length === 0) throw new DerError("empty requestList");
    if (list.length > MAX_CERT_IDS) throw new DerError(`more than ${MAX_CERT_IDS} certificates in one request`);
    const certIds = list.map((r) => {
      const rf = childrenOf(der, expectTag(r, 0x30, "Request"));
      if (rf.length > 2 || (rf[1] && rf[1].tag !== 0xa0)) throw new DerError("Request must be reqCert [singleRequestExtensions]");
      return parseCertId(der, rf[0]!);
    });
    let nonce: Uint8Array | null = null;
    if (f[i]?.tag === 0xa2) {
      const inner = childrenOf(der, f[i]!);
      if (inner.length !== 1) throw new DerError("requestExtensions [2] must hold Extensions");
      nonce = nonceOf(der, inner[0]!);
      i++;
    }
    if (i !== f.length) throw new DerError("unexpected fields in tbsRequest");
    return { certIds, nonce };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("PKI_OCSP_REQUEST_INVALID", { detail: e instanceof DerError ? e.message : `unreadable request (${(e as Error)?.name ?? "error"})` });
  }
}

export type OcspCertStatus = { kind: "good" } | { kind: "unknown" } | { kind: "revoked"; revokedAt: Date; reason: number | null };

const GOOD = Uint8Array.of(0x80, 0x00);
const UNKNOWN = Uint8Array.of(0x82, 0x00);

export function singleResponse(certIdDer: Uint8Array, status: OcspCertStatus, thisUpdate: Date, nextUpdate: Date): Uint8Array {
  let st: Uint8Array;
  if (status.kind === "good") st = GOOD;
  else if (status.kind === "unknown") st = UNKNOWN;
  else {
    const parts = [derGeneralizedTime(status.revokedAt)];
    // reason 0 (unspecified) may be omitted, but clients print it more helpfully when present.
    if (status.reason !== null) parts.push(derExplicit(0, derEnumerated(status.reason)));
    st = tlv(0xa1, concat(parts));
  }
  return derSequence([certIdDer, st, derGeneralizedTime(thisUpdate), derExplicit(0, derGeneralizedTime(nextUpdate))]);
}

/** ResponseData with responderID byKey (SHA-1 of the responder's public key bits). */
export function responseData(responderKeyHash: Uint8Array, producedAt: Date, singles: Uint8Array[], nonce: Uint8Array | null): Uint8Array {
  const parts = [tlv(0xa2, derOctetString(responderKeyHash)), derGeneralizedTime(producedAt), derSequence(singles)];
  if (nonce) parts.push(derExplicit(1, derSequence([derSequence([derOid(OCSP_OID.nonce), derOctetString(nonce)])])));
  return derSequence(parts);
}

/** A successful OCSPResponse around a signed ResponseData; `certs` are included for the client to find the signer. */
export function basicResponse(tbs: Uint8Array, signatureAlgorithmDer: Uint8Array, signature: Uint8Array, certs: Uint8Array[]): Uint8Array {
  const basic = derSequence([tbs, signatureAlgorithmDer, derBitString(signature), ...(certs.length ? [derExplicit(0, derSequence(certs))] : [])]);
  return derSequence([derEnumerated(OCSP_STATUS.successful), derExplicit(0, derSequence([derOid(OCSP_OID.basic), derOctetString(basic)]))]);
}

/** An unsuccessful OCSPResponse (no responseBytes): the protocol's error channel. */
export const errorResponse = (status: Exclude<(typeof OCSP_STATUS)[keyof typeof OCSP_STATUS], 0>): Uint8Array => derSequence([derEnumerated(status)]);

/** Reads the responseStatus of an OCSPResponse (for tests and monitoring). */
export function responseStatusOf(der: Uint8Array): number {
  const f = childrenOf(der, readOnly(der, 0x30));
  const v = valueOf(der, expectTag(f[0], 0x0a, "responseStatus"));
  return v[0] ?? -1;
}

export interface ParsedBasicResponse {
  status: number;
  /** The signed ResponseData bytes. */
  tbs: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  certs: Uint8Array[];
}

/** Reads an OCSPResponse far enough to verify its signature (tests, monitoring, the security service). Throws DerError. */
export function parseBasicResponse(der: Uint8Array): ParsedBasicResponse {
  const f = childrenOf(der, readOnly(der, 0x30));
  const status = valueOf(der, expectTag(f[0], 0x0a, "responseStatus"))[0] ?? -1;
  const rb = childrenOf(der, expectTag(childrenOf(der, expectTag(f[1], 0xa0, "responseBytes"))[0], 0x30, "ResponseBytes"));
  if (readOid(der, rb[0], "responseType") !== OCSP_OID.basic) throw new DerError("not a basic OCSP response");
  const basic = valueOf(der, expectTag(rb[1], 0x04, "response"));
  const b = childrenOf(basic, readOnly(basic, 0x30));
  const alg = childrenOf(basic, expectTag(b[1], 0x30, "signatureAlgorithm"));
  const sig = valueOf(basic, expectTag(b[2], 0x03, "signature"));
  const certs = b[3] ? childrenOf(basic, childrenOf(basic, expectTag(b[3], 0xa0, "certs"))[0]!).map((c) => bytesOf(basic, c)) : [];
  return { status, tbs: bytesOf(basic, expectTag(b[0], 0x30, "tbsResponseData")), signatureAlgorithm: readOid(basic, alg[0], "signatureAlgorithm"), signature: sig.subarray(1), certs };
}
