/**
 * PKCS#10 requests: size-limited, strictly framed parsing, and proof of
 * possession (the request's signature must verify under its own key; for SM2
 * with the GM/T 0009 user ID). Anything else is a coded error.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { Extensions, id_ce_subjectAltName, SubjectAlternativeName, type Name } from "@peculiar/asn1-x509";
import { AppError, type ErrorCode } from "../../shared/errors.js";
import { SIGNATURE_ALGORITHMS, type SuiteId } from "../algs/suite.js";
import { suiteOfSpki, verifySignature } from "../algs/verify.js";
import { fromPemOrDer } from "./certificate.js";
import { nameToString } from "./names.js";

export const MAX_ENCODED_BYTES = 64 * 1024;
const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

export interface ParsedCsr {
  der: Uint8Array;
  subject: Name;
  subjectText: string;
  spki: Uint8Array;
  suite: SuiteId;
  dnsNames: string[];
}

/** The outer TLV must cover the input exactly: no trailing bytes, no truncation. */
export function assertSingleDer(der: Uint8Array, code: ErrorCode = "PKI_CSR_INVALID"): void {
  if (der.length < 2 || der[0] !== 0x30) throw new AppError(code, { detail: "not a DER SEQUENCE" });
  let len = der[1]!;
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || der.length < 2 + n) throw new AppError(code, { detail: "bad DER length" });
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
    hdr = 2 + n;
  }
  if (hdr + len !== der.length) throw new AppError(code, { detail: hdr + len > der.length ? "truncated DER" : "trailing bytes after DER" });
}

export function decodeInput(input: Uint8Array | string): Uint8Array {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.length;
  if (size > MAX_ENCODED_BYTES * 2) throw new AppError("PKI_INPUT_TOO_LARGE", { detail: `${size} bytes` });
  const der = fromPemOrDer(input);
  if (der.length > MAX_ENCODED_BYTES) throw new AppError("PKI_INPUT_TOO_LARGE", { detail: `${der.length} bytes` });
  return der;
}

export function parseCsr(input: Uint8Array | string, opts: { sm2Id?: string } = {}): ParsedCsr {
  const der = decodeInput(input);
  assertSingleDer(der);
  let req: CertificationRequest;
  try {
    req = AsnConvert.parse(der, CertificationRequest);
  } catch (e) {
    throw new AppError("PKI_CSR_INVALID", { detail: (e as Error).message });
  }
  const info = req.certificationRequestInfo;
  const raw = req.certificationRequestInfoRaw;
  if (!raw || info.version !== 0) throw new AppError("PKI_CSR_INVALID", { detail: "unsupported request version" });
  const spki = new Uint8Array(AsnConvert.serialize(info.subjectPKInfo));
  const suite = suiteOfSpki(spki); // unsupported curves, short RSA keys → coded errors
  if (req.signatureAlgorithm.algorithm !== SIGNATURE_ALGORITHMS[suite].oid) {
    throw new AppError("PKI_CSR_SIGNATURE_INVALID", { detail: `signature algorithm ${req.signatureAlgorithm.algorithm} does not match a ${suite} key` });
  }
  if (!verifySignature(spki, req.signatureAlgorithm.algorithm, new Uint8Array(raw), new Uint8Array(req.signature), opts)) {
    throw new AppError("PKI_CSR_SIGNATURE_INVALID");
  }
  const dnsNames: string[] = [];
  for (const attr of info.attributes ?? []) {
    if (attr.type !== EXTENSION_REQUEST) continue;
    for (const v of attr.values) {
      try {
        const exts = AsnConvert.parse(v, Extensions);
        for (const e of exts) {
          if (e.extnID !== id_ce_subjectAltName) continue;
          for (const gn of AsnConvert.parse(e.extnValue, SubjectAlternativeName)) if (gn.dNSName) dnsNames.push(gn.dNSName);
        }
      } catch (e) {
        throw new AppError("PKI_CSR_INVALID", { detail: `extension request: ${(e as Error).message}` });
      }
    }
  }
  return { der, subject: info.subject, subjectText: nameToString(info.subject), spki, suite, dnsNames };
}
