/**
 * CMS SignedData (RFC 5652): the one module that signs and verifies
 * signed data. TSA tokens, bid signatures, receipts, the security service
 * and deal confirmations all go through `signCms` and `verifyCms`.
 *
 * Signing
 * - Any `Signer` (file key, PKCS#11 token): ECDSA P-256 and RSA sign with
 *   SHA-256; SM2 signs with SM3 and the GM/T 0009 user ID (Z_A), and its
 *   SignerInfo carries the GM/T 0010 identifiers: digestAlgorithm SM3
 *   (1.2.156.10197.1.401), signatureAlgorithm SM2 (1.2.156.10197.1.301.1).
 * - Signed attributes: contentType, messageDigest, signingTime (when given —
 *   pass the injected clock's time), signingCertificateV2 (RFC 5035; SHA-256
 *   of the signer certificate plus its issuer and serial) and any extras.
 * - Attached or detached content; the signer certificate and any extra
 *   certificates (chain) are included.
 * - Content types: PKCS#7 OIDs by default (what OpenSSL and most tools read);
 *   `gmContentTypes: true` uses the GM/T 0010 ones (1.2.156.10197.6.1.4.2.x).
 * - The signed attributes are DER-sorted and signed as the exact bytes that
 *   go into the structure, so a freshly built SignedData verifies as built.
 *
 * Verifying
 * - `verifyCms` checks the structure strictly (DER only, one signer),
 *   recomputes the content digest and verifies the signature over the exact
 *   signed-attribute bytes, and checks signingCertificateV2 when present.
 *   It returns what it found (`ok`, `digestOk`, `signatureOk`, the signer
 *   certificate, signing time, content); a bad signature is `ok: false`, not
 *   an exception. Input that is not a SignedData throws AppError
 *   PKI_CMS_MALFORMED / PKI_CMS_UNSUPPORTED / PKI_CMS_SIGNER_MISSING — never
 *   anything else.
 * - It does NOT validate the signer's certificate path or revocation: that is
 *   the certificate validator's job (src/pki/validate), given `signerCert`.
 */
import { createHash } from "node:crypto";
import { AppError, isAppError, type ErrorCode } from "../../shared/errors.js";
import { digestOf, suiteHashOid } from "../algs/hash.js";
import { OID, SIGNATURE_ALGORITHMS, SM2_DEFAULT_ID, type Signer, type SuiteId } from "../algs/suite.js";
import { suiteOfSpki, verifySignature } from "../algs/verify.js";
import { certParts, type CertParts } from "./cert-parts.js";
import { concat, derAlgorithm, derExplicit, derInteger, derOctetString, derOid, derSequence, derSetOf, derTime } from "./der.js";
import { bytesOf, childrenOf, DerError, decodeOid, expectTag, integerHex, readOid, readOnly, readTime, valueOf, type Tlv } from "./der-reader.js";

export const CMS_OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  /** GM/T 0010 content types. */
  gmData: "1.2.156.10197.6.1.4.2.1",
  gmSignedData: "1.2.156.10197.6.1.4.2.2",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  /** GM/T 0010 SM2 signature (sm2-1). */
  sm2Sign: "1.2.156.10197.1.301.1",
  sm2: "1.2.156.10197.1.301",
} as const;

/** Signature algorithm identifiers accepted in a SignerInfo, per suite (all map to the suite's verifier). */
const ACCEPTED_SIG_ALGS: Record<SuiteId, string[]> = {
  "ecdsa-p256": [OID.ecdsaWithSha256, OID.ecPublicKey],
  "rsa-2048": [OID.sha256WithRsa, OID.rsaEncryption],
  sm2: [CMS_OID.sm2Sign, OID.sm2WithSm3, CMS_OID.sm2],
};

export const DEFAULT_CMS_MAX_BYTES = 16 * 1024 * 1024;

export interface CmsSignOptions {
  signer: Signer;
  /** DER certificate of the signer's key. */
  signerCert: Uint8Array;
  /** Further certificates to include (the chain). */
  extraCerts?: Uint8Array[];
  /** Include the signer certificate and extraCerts (default true; RFC 3161 tokens without certReq leave them out). */
  includeCerts?: boolean;
  content: Uint8Array;
  /** Leave the content out (detached signature); the verifier must be given it. */
  detached?: boolean;
  /** eContentType; default id-data (or GM/T 0010 data with gmContentTypes). */
  eContentType?: string;
  /** signingTime attribute; omit for none. Pass the injected clock's time. */
  signingTime?: Date;
  /** Include signingCertificateV2 (default true). */
  signingCertificateV2?: boolean;
  /** More signed attributes: [OID, DER of each value]. */
  extraSignedAttributes?: [string, Uint8Array[]][];
  /** Use the GM/T 0010 content-type OIDs instead of PKCS#7's. */
  gmContentTypes?: boolean;
}

const attribute = (oid: string, values: Uint8Array[]) => derSequence([derOid(oid), derSetOf(values)]);

function sigAlgorithmDer(suite: SuiteId): Uint8Array {
  if (suite === "sm2") return derAlgorithm(CMS_OID.sm2Sign);
  const a = SIGNATURE_ALGORITHMS[suite];
  return derAlgorithm(a.oid, a.nullParams);
}

/** ESSCertIDv2 with the default hash (SHA-256, so hashAlgorithm is omitted) and IssuerSerial. */
function signingCertificateV2(cert: CertParts): Uint8Array {
  const hash = createHash("sha256").update(cert.der).digest();
  const issuerSerial = derSequence([derSequence([derExplicit(4, cert.issuerDer)]), cert.serialDer]);
  return derSequence([derSequence([derSequence([derOctetString(hash), issuerSerial])])]);
}

/** Builds a SignedData and returns the ContentInfo DER. */
export async function signCms(o: CmsSignOptions): Promise<Uint8Array> {
  const suite = o.signer.suite;
  const hashOid = suiteHashOid(suite);
  const cert = certParts(o.signerCert);
  const eContentType = o.eContentType ?? (o.gmContentTypes ? CMS_OID.gmData : CMS_OID.data);
  const digest = digestOf(hashOid, o.content)!;

  const attrs = [attribute(CMS_OID.contentType, [derOid(eContentType)]), attribute(CMS_OID.messageDigest, [derOctetString(digest)])];
  if (o.signingTime) attrs.push(attribute(CMS_OID.signingTime, [derTime(o.signingTime)]));
  if (o.signingCertificateV2 !== false) attrs.push(attribute(CMS_OID.signingCertificateV2, [signingCertificateV2(cert)]));
  for (const [oid, values] of o.extraSignedAttributes ?? []) attrs.push(attribute(oid, values));
  const signedAttrs = derSetOf(attrs); // tag 0x31: the bytes that are signed
  const signature = await o.signer.sign(signedAttrs);
  const signedAttrsImplicit = concat([Uint8Array.of(0xa0), signedAttrs.subarray(1)]);

  const signerInfo = derSequence([
    derInteger(1),
    derSequence([cert.issuerDer, cert.serialDer]),
    derAlgorithm(hashOid),
    signedAttrsImplicit,
    sigAlgorithmDer(suite),
    derOctetString(signature),
  ]);
  const certs = [o.signerCert, ...(o.extraCerts ?? [])];
  const encap = derSequence(o.detached ? [derOid(eContentType)] : [derOid(eContentType), derExplicit(0, derOctetString(o.content))]);
  const version = eContentType === CMS_OID.data || eContentType === CMS_OID.gmData ? 1 : 3;
  const signedData = derSequence([
    derInteger(version),
    derSetOf([derAlgorithm(hashOid)]),
    encap,
    ...(o.includeCerts === false ? [] : [concat([Uint8Array.of(0xa0), derSetOf(certs).subarray(1)])]),
    derSetOf([signerInfo]),
  ]);
  return derSequence([derOid(o.gmContentTypes ? CMS_OID.gmSignedData : CMS_OID.signedData), derExplicit(0, signedData)]);
}

// ---- parsing ---------------------------------------------------------------

export interface ParsedSignerInfo {
  /** Raw IssuerAndSerialNumber parts, or the subjectKeyIdentifier. */
  sid: { issuerDer: Uint8Array; serialHex: string } | { ski: Uint8Array };
  digestAlgorithm: string;
  /** Exact signed-attribute bytes re-tagged as SET (what the signature covers); null when absent. */
  signedAttrs: Uint8Array | null;
  attributes: Map<string, Uint8Array[]>;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

export interface ParsedCms {
  contentType: string;
  eContentType: string;
  /** Encapsulated content, or null for a detached signature. */
  content: Uint8Array | null;
  digestAlgorithms: string[];
  /** DER certificates carried in the SignedData. */
  certificates: Uint8Array[];
  signer: ParsedSignerInfo;
}

function fail(code: ErrorCode, detail: string): never {
  throw new AppError(code, { detail });
}

function algorithmOid(buf: Uint8Array, t: Tlv | undefined, what: string): string {
  const parts = childrenOf(buf, expectTag(t, 0x30, what));
  if (parts.length > 2 || (parts[1] && parts[1].tag !== 0x05)) throw new DerError(`${what}: unexpected parameters`);
  return readOid(buf, parts[0], what);
}

function parseSignerInfo(buf: Uint8Array, t: Tlv): ParsedSignerInfo {
  const f = childrenOf(buf, expectTag(t, 0x30, "SignerInfo"));
  let i = 1;
  const sidT = f[i++];
  let sid: ParsedSignerInfo["sid"];
  if (sidT?.tag === 0x30) {
    const [issuer, serial, extra] = childrenOf(buf, sidT);
    if (!issuer || issuer.tag !== 0x30 || !serial || extra) throw new DerError("IssuerAndSerialNumber malformed");
    sid = { issuerDer: bytesOf(buf, issuer), serialHex: integerHex(buf, serial, "serialNumber") };
  } else if (sidT?.tag === 0x80) {
    sid = { ski: valueOf(buf, sidT) };
  } else throw new DerError("SignerIdentifier malformed");
  const digestAlgorithm = algorithmOid(buf, f[i++], "digestAlgorithm");
  let signedAttrs: Uint8Array | null = null;
  const attributes = new Map<string, Uint8Array[]>();
  if (f[i]?.tag === 0xa0) {
    const a = f[i++]!;
    signedAttrs = concat([Uint8Array.of(0x31), bytesOf(buf, a).subarray(1)]);
    for (const at of childrenOf(buf, a, 64)) {
      const [typeT, valuesT, extra] = childrenOf(buf, expectTag(at, 0x30, "Attribute"));
      if (extra) throw new DerError("Attribute has extra fields");
      const type = readOid(buf, typeT, "attrType");
      if (attributes.has(type)) throw new DerError(`attribute ${type} appears twice`);
      attributes.set(
        type,
        childrenOf(buf, expectTag(valuesT, 0x31, "attrValues"), 64).map((v) => bytesOf(buf, v)),
      );
    }
  }
  const signatureAlgorithm = algorithmOid(buf, f[i++], "signatureAlgorithm");
  const signature = valueOf(buf, expectTag(f[i++], 0x04, "signature"));
  if (f[i] && f[i]!.tag !== 0xa1) throw new DerError("unexpected field after signature");
  return { sid, digestAlgorithm, signedAttrs, attributes, signatureAlgorithm, signature };
}

/** Parses a ContentInfo holding a SignedData. Throws AppError (PKI_CMS_*) only. */
export function parseCms(input: Uint8Array, opts: { maxBytes?: number } = {}): ParsedCms {
  if (input.length > (opts.maxBytes ?? DEFAULT_CMS_MAX_BYTES)) fail("PKI_INPUT_TOO_LARGE", `${input.length} bytes`);
  try {
    const buf = input;
    const ci = childrenOf(buf, readOnly(buf, 0x30));
    const contentType = readOid(buf, ci[0], "contentType");
    if (contentType !== CMS_OID.signedData && contentType !== CMS_OID.gmSignedData) fail("PKI_CMS_UNSUPPORTED", `content type ${contentType} is not SignedData`);
    const wrapper = expectTag(ci[1], 0xa0, "content");
    if (ci.length > 2) throw new DerError("ContentInfo has extra fields");
    const inner = childrenOf(buf, wrapper);
    if (inner.length !== 1) throw new DerError("content [0] must hold one element");
    const sd = childrenOf(buf, expectTag(inner[0], 0x30, "SignedData"));
    const version = valueOf(buf, expectTag(sd[0], 0x02, "version"));
    if (version.length !== 1 || version[0]! > 5) throw new DerError("bad SignedData version");
    const digestAlgorithms = childrenOf(buf, expectTag(sd[1], 0x31, "digestAlgorithms"), 16).map((t) => algorithmOid(buf, t, "digestAlgorithm"));
    const encap = childrenOf(buf, expectTag(sd[2], 0x30, "encapContentInfo"));
    const eContentType = readOid(buf, encap[0], "eContentType");
    let content: Uint8Array | null = null;
    if (encap[1]) {
      const ec = childrenOf(buf, expectTag(encap[1], 0xa0, "eContent"));
      if (ec.length !== 1) throw new DerError("eContent [0] must hold one OCTET STRING");
      content = valueOf(buf, expectTag(ec[0], 0x04, "eContent"));
    }
    if (encap.length > 2) throw new DerError("encapContentInfo has extra fields");
    let i = 3;
    const certificates: Uint8Array[] = [];
    if (sd[i]?.tag === 0xa0) {
      for (const c of childrenOf(buf, sd[i]!, 64)) if (c.tag === 0x30) certificates.push(bytesOf(buf, c));
      i++;
    }
    if (sd[i]?.tag === 0xa1) i++; // CRLs are ignored
    const signerInfos = childrenOf(buf, expectTag(sd[i], 0x31, "signerInfos"), 8);
    if (sd.length > i + 1) throw new DerError("SignedData has extra fields");
    if (signerInfos.length !== 1) fail("PKI_CMS_UNSUPPORTED", `${signerInfos.length} signers; exactly one is supported`);
    return { contentType, eContentType, content, digestAlgorithms, certificates, signer: parseSignerInfo(buf, signerInfos[0]!) };
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError("PKI_CMS_MALFORMED", { detail: e instanceof DerError ? e.message : `unreadable structure (${(e as Error)?.name ?? "error"})` });
  }
}

// ---- verification --------------------------------------------------------

export interface CmsVerifyOptions {
  /** The content of a detached signature (required then; ignored when content is attached). */
  content?: Uint8Array;
  /** Certificates to look for the signer in besides those carried in the SignedData. */
  certificates?: Uint8Array[];
  /** SM2 user ID (GM/T 0009); default 1234567812345678. */
  sm2Id?: string;
  maxBytes?: number;
}

export interface CmsVerifyResult {
  /** digestOk && signatureOk && signingCertificateOk !== false. */
  ok: boolean;
  /** messageDigest attribute equals the digest of the content (true when there are no signed attributes and the signature covers the content directly). */
  digestOk: boolean;
  signatureOk: boolean;
  /** signingCertificateV2 matches the signer certificate; null when the attribute is absent. */
  signingCertificateOk: boolean | null;
  signerCert: Uint8Array;
  signerSerial: string;
  signerSuite: SuiteId;
  signingTime: Date | null;
  eContentType: string;
  /** The signed content (attached, or the detached content given). */
  content: Uint8Array;
  /** The content's digest under digestAlgorithm (what a TSA would timestamp). */
  contentDigest: Uint8Array;
  digestAlgorithm: string;
  certificates: Uint8Array[];
  attributes: Map<string, Uint8Array[]>;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

function findSigner(p: ParsedCms, extra: Uint8Array[]): { der: Uint8Array; parts: CertParts } | undefined {
  for (const der of [...p.certificates, ...extra]) {
    let parts: CertParts;
    try {
      parts = certParts(der);
    } catch {
      continue;
    }
    const sid = p.signer.sid;
    if ("ski" in sid) {
      // RFC 5280 method 1 key identifier, the one our CA puts in certificates.
      if (equal(createHash("sha1").update(parts.publicKeyBits).digest(), sid.ski)) return { der, parts };
    } else if (parts.serialHex === sid.serialHex && equal(parts.issuerDer, sid.issuerDer)) return { der, parts };
  }
  return undefined;
}

function checkSigningCertificate(values: Uint8Array[] | undefined, signer: CertParts): boolean | null {
  if (!values) return null;
  if (values.length !== 1) return false;
  try {
    const v = values[0]!;
    const certs = childrenOf(v, expectTag(childrenOf(v, readOnly(v, 0x30))[0], 0x30, "certs"));
    const first = childrenOf(v, expectTag(certs[0], 0x30, "ESSCertIDv2"));
    let i = 0;
    let hashOid: string = OID.sha256;
    if (first[0]?.tag === 0x30) hashOid = algorithmOid(v, first[i++], "hashAlgorithm");
    const want = digestOf(hashOid, signer.der);
    if (!want || !equal(valueOf(v, expectTag(first[i], 0x04, "certHash")), want)) return false;
    return true;
  } catch {
    return false;
  }
}

/** Verifies a SignedData with one signer. See the module comment for what is and is not checked. */
export function verifyCms(input: Uint8Array, opts: CmsVerifyOptions = {}): CmsVerifyResult {
  try {
    return verifyParsed(input, opts);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError("PKI_CMS_MALFORMED", { detail: `unreadable structure (${(e as Error)?.name ?? "error"})` });
  }
}

function verifyParsed(input: Uint8Array, opts: CmsVerifyOptions): CmsVerifyResult {
  const p = parseCms(input, opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {});
  const content = p.content ?? opts.content;
  if (!content) fail("PKI_CMS_MALFORMED", "detached signature: the signed content must be supplied");
  const found = findSigner(p, opts.certificates ?? []);
  if (!found) fail("PKI_CMS_SIGNER_MISSING", "no certificate matches the SignerIdentifier");
  let suite: SuiteId;
  try {
    suite = suiteOfSpki(found.parts.spkiDer);
  } catch (e) {
    throw new AppError("PKI_CMS_UNSUPPORTED", { detail: `signer key: ${(e as AppError).detail ?? (e as Error).message}` });
  }
  const s = p.signer;
  if (s.digestAlgorithm !== suiteHashOid(suite)) fail("PKI_CMS_UNSUPPORTED", `digest ${s.digestAlgorithm} with a ${suite} key`);
  if (!ACCEPTED_SIG_ALGS[suite].includes(s.signatureAlgorithm)) fail("PKI_CMS_UNSUPPORTED", `signature algorithm ${s.signatureAlgorithm} with a ${suite} key`);

  const contentDigest = digestOf(s.digestAlgorithm, content)!;
  let digestOk: boolean;
  let signedBytes: Uint8Array;
  let signingTime: Date | null = null;
  if (s.signedAttrs) {
    const md = s.attributes.get(CMS_OID.messageDigest);
    const ct = s.attributes.get(CMS_OID.contentType);
    let ctOk = false;
    let mdOk = false;
    try {
      ctOk = ct?.length === 1 && decodeOid(valueOf(ct[0]!, readOnly(ct[0]!, 0x06))) === p.eContentType;
      mdOk = md?.length === 1 && equal(valueOf(md[0]!, readOnly(md[0]!, 0x04)), contentDigest);
      const st = s.attributes.get(CMS_OID.signingTime);
      if (st?.length === 1) signingTime = readTime(st[0]!, readOnly(st[0]!), "signingTime");
    } catch {
      fail("PKI_CMS_MALFORMED", "unreadable signed attribute");
    }
    if (!ct || !md) fail("PKI_CMS_MALFORMED", "signed attributes lack contentType or messageDigest");
    digestOk = ctOk && mdOk;
    signedBytes = s.signedAttrs;
  } else {
    if (p.eContentType !== CMS_OID.data && p.eContentType !== CMS_OID.gmData) fail("PKI_CMS_MALFORMED", "signed attributes are required for this content type");
    digestOk = true;
    signedBytes = content;
  }
  const canonical = SIGNATURE_ALGORITHMS[suite].oid;
  const signatureOk = verifySignature(found.parts.spkiDer, canonical, signedBytes, s.signature, { sm2Id: opts.sm2Id ?? SM2_DEFAULT_ID });
  const signingCertificateOk = checkSigningCertificate(s.attributes.get(CMS_OID.signingCertificateV2), found.parts);
  return {
    ok: digestOk && signatureOk && signingCertificateOk !== false,
    digestOk,
    signatureOk,
    signingCertificateOk,
    signerCert: found.der,
    signerSerial: found.parts.serialHex,
    signerSuite: suite,
    signingTime,
    eContentType: p.eContentType,
    content,
    contentDigest,
    digestAlgorithm: s.digestAlgorithm,
    certificates: p.certificates,
    attributes: s.attributes,
  };
}
