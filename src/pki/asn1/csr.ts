/**
 * PKCS#10 requests: size-limited, strictly framed parsing, and proof of
 * possession (the request's signature must verify under its own key; for SM2
 * with the GM/T 0009 user ID). Anything else is a coded error.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { id_ce_subjectAltName, Name } from "@peculiar/asn1-x509";
import { AppError, type ErrorCode } from "../../shared/errors.js";
import { SIGNATURE_ALGORITHMS, type SuiteId } from "../algs/suite.js";
import { suiteOfSpki, verifySignature } from "../algs/verify.js";
import { fromPemOrDer } from "./certificate.js";
import { bytesOf, childrenOf, DerError, expectTag, readOid, readOnly, valueOf } from "./der-reader.js";
import { nameInfo, type NameInfo } from "./names.js";

export const MAX_ENCODED_BYTES = 64 * 1024;
const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

export interface ParsedCsr {
  der: Uint8Array;
  subject: Name;
  /** The subject Name exactly as the request encodes it. */
  subjectDer: Uint8Array;
  subjectText: string;
  /** Attribute type OIDs in the subject. */
  subjectTypes: Set<string>;
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
  // Framing with the strict DER reader: we need the exact signed bytes, and it is cheaper than a schema parse.
  let infoDer: Uint8Array, subjectDer: Uint8Array, spki: Uint8Array, sigAlg: string, signature: Uint8Array;
  let attrs: { type: string; values: Uint8Array[] }[] = [];
  try {
    const top = childrenOf(der, readOnly(der, 0x30));
    if (top.length !== 3) throw new DerError("CertificationRequest must have three fields");
    const infoT = expectTag(top[0], 0x30, "certificationRequestInfo");
    const f = childrenOf(der, infoT);
    if (bytesOf(der, expectTag(f[0], 0x02, "version")).join() !== "2,1,0") throw new DerError("unsupported request version");
    subjectDer = bytesOf(der, expectTag(f[1], 0x30, "subject"));
    spki = bytesOf(der, expectTag(f[2], 0x30, "subjectPKInfo"));
    if (f[3]) {
      attrs = childrenOf(der, expectTag(f[3], 0xa0, "attributes"), 32).map((a) => {
        const [t, v, extra] = childrenOf(der, expectTag(a, 0x30, "Attribute"));
        if (extra) throw new DerError("Attribute has extra fields");
        return { type: readOid(der, t, "attribute type"), values: childrenOf(der, expectTag(v, 0x31, "attribute values"), 16).map((x) => bytesOf(der, x)) };
      });
    }
    if (f.length > 4) throw new DerError("unexpected fields in certificationRequestInfo");
    const alg = childrenOf(der, expectTag(top[1], 0x30, "signatureAlgorithm"));
    if (alg.length > 2 || (alg[1] && alg[1].tag !== 0x05)) throw new DerError("signatureAlgorithm has unexpected parameters");
    sigAlg = readOid(der, alg[0], "signatureAlgorithm");
    const bits = valueOf(der, expectTag(top[2], 0x03, "signature"));
    if (bits.length < 2 || bits[0] !== 0) throw new DerError("signature BIT STRING malformed");
    signature = bits.subarray(1);
    infoDer = bytesOf(der, infoT);
  } catch (e) {
    throw new AppError("PKI_CSR_INVALID", { detail: e instanceof DerError ? e.message : `unreadable request (${(e as Error)?.name ?? "error"})` });
  }
  const suite = suiteOfSpki(spki); // unsupported curves, short RSA keys → coded errors
  if (sigAlg !== SIGNATURE_ALGORITHMS[suite].oid) {
    throw new AppError("PKI_CSR_SIGNATURE_INVALID", { detail: `signature algorithm ${sigAlg} does not match a ${suite} key` });
  }
  if (!verifySignature(spki, sigAlg, infoDer, signature, opts)) throw new AppError("PKI_CSR_SIGNATURE_INVALID");
  let info: NameInfo;
  const dnsNames: string[] = [];
  try {
    info = nameInfo(subjectDer);
    for (const attr of attrs) {
      if (attr.type !== EXTENSION_REQUEST) continue;
      for (const v of attr.values) dnsNames.push(...sanDnsNames(v));
    }
  } catch (e) {
    throw new AppError("PKI_CSR_INVALID", { detail: e instanceof DerError ? e.message : `unreadable subject or extensions (${(e as Error)?.name ?? "error"})` });
  }
  let parsedName: Name | undefined;
  return {
    der,
    subjectDer,
    subjectText: info.text,
    subjectTypes: info.types,
    // The schema object only when someone asks (issuance works from the DER).
    get subject(): Name {
      try {
        parsedName ??= AsnConvert.parse(subjectDer, Name);
      } catch (e) {
        throw new AppError("PKI_CSR_INVALID", { detail: `subject: ${(e as Error).message}` });
      }
      return parsedName;
    },
    spki,
    suite,
    dnsNames,
  };
}

/** dNSNames of a subjectAltName inside an extensionRequest value (Extensions). */
function sanDnsNames(extsDer: Uint8Array): string[] {
  const out: string[] = [];
  for (const e of childrenOf(extsDer, readOnly(extsDer, 0x30), 64)) {
    const f = childrenOf(extsDer, expectTag(e, 0x30, "Extension"));
    if (readOid(extsDer, f[0], "extnID") !== id_ce_subjectAltName) continue;
    const v = valueOf(extsDer, expectTag(f[f[1]?.tag === 0x01 ? 2 : 1], 0x04, "extnValue"));
    for (const gn of childrenOf(v, readOnly(v, 0x30), 256)) if (gn.tag === 0x82) out.push(Buffer.from(valueOf(v, gn)).toString("latin1"));
  }
  return out;
}
