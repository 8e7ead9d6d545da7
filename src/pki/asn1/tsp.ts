/**
 * RFC 3161 time-stamp protocol on the wire: a strict TimeStampReq parser,
 * the TSTInfo builder and reader, and TimeStampResp framing. The token
 * itself is a CMS SignedData (cms.ts) with eContentType id-ct-TSTInfo.
 */
import { AppError, type ErrorCode } from "../../shared/errors.js";
import { HASH_NAMES } from "../algs/hash.js";
import { OID } from "../algs/suite.js";
import { MAX_ENCODED_BYTES } from "./csr.js";
import { concat, derAlgorithm, derExplicit, derGeneralizedTime, derInteger, derOctetString, derOid, derSequence, tlv } from "./der.js";
import { bytesOf, childrenOf, DerError, expectTag, integerHex, readOid, readOnly, readTime, valueOf, type Tlv } from "./der-reader.js";

/** Imprint algorithms the TSA accepts, with their digest length. */
export const TSA_HASHES: Record<string, number> = { [OID.sha256]: 32, [OID.sm3]: 32 };

/** PKIFailureInfo bits (RFC 3161 §2.4.2). */
export const TSA_FAILURE = { badAlg: 0, badRequest: 2, badDataFormat: 5, timeNotAvailable: 14, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;
export type TsaFailure = keyof typeof TSA_FAILURE;

export interface TimeStampQuery {
  hashAlg: string;
  imprint: Uint8Array;
  reqPolicy: string | null;
  /** Nonce INTEGER as minimal hex, or null. */
  nonceHex: string | null;
  certReq: boolean;
}

/** A query refused for a reason the TSA reports in its response (code for the log, failure bit for the client). */
export class TsaQueryError extends AppError {
  constructor(
    code: ErrorCode,
    readonly failure: TsaFailure,
    detail: string,
  ) {
    super(code, { detail });
  }
}

function algorithmOid(buf: Uint8Array, t: Tlv | undefined): string {
  const parts = childrenOf(buf, expectTag(t, 0x30, "hashAlgorithm"));
  if (parts.length > 2 || (parts[1] && parts[1].tag !== 0x05)) throw new DerError("hashAlgorithm has unexpected parameters");
  return readOid(buf, parts[0], "hashAlgorithm");
}

/** Parses a DER TimeStampReq. Throws TsaQueryError (an AppError) or PKI_INPUT_TOO_LARGE only. */
export function parseTimeStampReq(der: Uint8Array): TimeStampQuery {
  if (der.length > MAX_ENCODED_BYTES) throw new TsaQueryError("PKI_INPUT_TOO_LARGE", "badDataFormat", `${der.length} bytes`);
  let q: TimeStampQuery;
  let extensions: Tlv | undefined;
  const buf = der;
  try {
    const f = childrenOf(buf, readOnly(buf, 0x30));
    const version = valueOf(buf, expectTag(f[0], 0x02, "version"));
    if (version.length !== 1 || version[0] !== 1) throw new DerError("version must be 1");
    const mi = childrenOf(buf, expectTag(f[1], 0x30, "messageImprint"));
    if (mi.length !== 2) throw new DerError("messageImprint must have two fields");
    const hashAlg = algorithmOid(buf, mi[0]);
    const imprint = valueOf(buf, expectTag(mi[1], 0x04, "hashedMessage"));
    let i = 2;
    let reqPolicy: string | null = null;
    let nonceHex: string | null = null;
    let certReq = false;
    if (f[i]?.tag === 0x06) reqPolicy = readOid(buf, f[i++], "reqPolicy");
    if (f[i]?.tag === 0x02) {
      nonceHex = integerHex(buf, f[i++], "nonce");
      if (nonceHex.length > 64) throw new DerError("nonce longer than 32 octets");
    }
    if (f[i]?.tag === 0x01) {
      const b = valueOf(buf, f[i++]!);
      if (b.length !== 1 || (b[0] !== 0 && b[0] !== 0xff)) throw new DerError("certReq is not a DER BOOLEAN");
      certReq = b[0] === 0xff;
    }
    if (f[i]?.tag === 0xa0) extensions = f[i++];
    if (i !== f.length) throw new DerError("unexpected fields in TimeStampReq");
    q = { hashAlg, imprint, reqPolicy, nonceHex, certReq };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new TsaQueryError("PKI_TSA_QUERY_INVALID", "badDataFormat", e instanceof DerError ? e.message : `unreadable query (${(e as Error)?.name ?? "error"})`);
  }
  if (extensions) throw new TsaQueryError("PKI_TSA_QUERY_INVALID", "unacceptedExtension", "request extensions are not supported");
  const len = TSA_HASHES[q.hashAlg];
  if (len === undefined) throw new TsaQueryError("PKI_TSA_ALG_UNSUPPORTED", "badAlg", `imprint algorithm ${HASH_NAMES[q.hashAlg] ?? q.hashAlg}; use SHA-256 or SM3`);
  if (q.imprint.length !== len) throw new TsaQueryError("PKI_TSA_QUERY_INVALID", "badDataFormat", `imprint is ${q.imprint.length} octets, ${len} expected`);
  return q;
}

export interface TstInfoSpec {
  policy: string;
  hashAlg: string;
  imprint: Uint8Array;
  serial: number | bigint;
  genTime: Date;
  /** Accuracy in milliseconds (expressed as seconds + millis). */
  accuracyMs: number;
  nonceHex: string | null;
  /** DER Name of the TSA (its certificate subject), put in the tsa [0] GeneralName. */
  tsaName?: Uint8Array;
}

export function buildTstInfo(s: TstInfoSpec): Uint8Array {
  const acc: Uint8Array[] = [];
  const secs = Math.floor(s.accuracyMs / 1000);
  const ms = s.accuracyMs % 1000;
  if (secs) acc.push(derInteger(secs));
  if (ms) acc.push(tlv(0x80, derInteger(ms).subarray(2)));
  const parts = [
    derInteger(1),
    derOid(s.policy),
    derSequence([derAlgorithm(s.hashAlg), derOctetString(s.imprint)]),
    derInteger(s.serial),
    derGeneralizedTime(s.genTime, true),
    derSequence(acc),
  ];
  if (s.nonceHex) parts.push(derInteger(s.nonceHex));
  if (s.tsaName) parts.push(derExplicit(0, tlv(0xa4, s.tsaName)));
  return derSequence(parts);
}

export interface TstInfo {
  policy: string;
  hashAlg: string;
  imprint: Uint8Array;
  serialHex: string;
  genTime: Date;
  nonceHex: string | null;
}

/** Reads a TSTInfo (the content of a token). Throws AppError PKI_CMS_MALFORMED for anything else. */
export function parseTstInfo(der: Uint8Array): TstInfo {
  try {
    const f = childrenOf(der, readOnly(der, 0x30));
    const mi = childrenOf(der, expectTag(f[2], 0x30, "messageImprint"));
    let nonceHex: string | null = null;
    for (const extra of f.slice(6)) if (extra.tag === 0x02) nonceHex = integerHex(der, extra, "nonce");
    return {
      policy: readOid(der, f[1], "policy"),
      hashAlg: algorithmOid(der, mi[0]),
      imprint: valueOf(der, expectTag(mi[1], 0x04, "hashedMessage")),
      serialHex: integerHex(der, f[3], "serialNumber"),
      genTime: readTime(der, f[4], "genTime"),
      nonceHex,
    };
  } catch (e) {
    throw new AppError("PKI_CMS_MALFORMED", { detail: `TSTInfo: ${(e as Error).message}` });
  }
}

/** PKIStatusInfo: 0 granted, 2 rejection (with one failure bit). */
function statusInfo(status: number, failure?: TsaFailure, text?: string): Uint8Array {
  const parts = [derInteger(status)];
  if (text) parts.push(derSequence([tlv(0x0c, Buffer.from(text, "utf8"))]));
  if (failure !== undefined) {
    const bit = TSA_FAILURE[failure];
    const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
    bytes[Math.floor(bit / 8)] = 0x80 >> bit % 8;
    const unused = 7 - (bit % 8);
    parts.push(tlv(0x03, concat([Uint8Array.of(unused), bytes])));
  }
  return derSequence(parts);
}

export const grantedResponse = (tokenDer: Uint8Array): Uint8Array => derSequence([statusInfo(0), tokenDer]);

export const rejectionResponse = (failure: TsaFailure, text: string): Uint8Array => derSequence([statusInfo(2, failure, text)]);

/** Reads a TimeStampResp: status and the token (ContentInfo DER) if granted. */
export function parseTimeStampResp(der: Uint8Array): { status: number; token: Uint8Array | null } {
  try {
    const f = childrenOf(der, readOnly(der, 0x30));
    const si = childrenOf(der, expectTag(f[0], 0x30, "status"));
    const v = valueOf(der, expectTag(si[0], 0x02, "status"));
    return { status: v[0] ?? -1, token: f[1] ? bytesOf(der, expectTag(f[1], 0x30, "timeStampToken")) : null };
  } catch (e) {
    throw new AppError("PKI_CMS_MALFORMED", { detail: `TimeStampResp: ${(e as Error).message}` });
  }
}
