/**
 * CMS SignedData on the client (RFC 5652; SM2 per GM/T 0010): signing a
 * document or a bid with the token's key, and checking a receipt. Signed
 * attributes carry contentType, signingTime, messageDigest and
 * signingCertificateV2 (RFC 5035), so the signer certificate is bound.
 *   P-256: id-signedData, SHA-256, ecdsa-with-SHA256
 *   RSA:   id-signedData, SHA-256, sha256WithRSAEncryption
 *   SM2:   GM/T 0010 signedData 1.2.156.10197.6.1.4.2.2 over data
 *          1.2.156.10197.6.1.4.2.1, SM3, SM2-with-SM3 (signer ID 1234567812345678)
 * Verification accepts OpenSSL's variants (rsaEncryption as the signature
 * algorithm, SM2 as 1.2.156.10197.1.301.1).
 */
import type { GmCrypto } from "../../../src/pki/algs/gm-crypto.js";
import type { Signer } from "../../../src/pki/algs/suite.js";
import { CMS_OID } from "../../../src/pki/asn1/cms-oids.js";
import { children, ctx, expectTag, oidText, readOnly, TAG, type Tlv } from "../../../src/pki/asn1/der-strict.js";
import { cat, encodeOctetString, encodeOid, encodeSequence, encodeSmallInteger, encodeTlv } from "../../../src/pki/asn1/der-writer.js";
import { ab, bytesEqual, toHex } from "../bytes.js";
import { SIG_OID, verifySig } from "../crypto/sig-verify.js";
import { coded, SdkError } from "../errors.js";
import { readCert, readCertCached, type CertInfo } from "./cert-info.js";

const ATTR = {
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  timeStampToken: "1.2.840.113549.1.9.16.2.14",
};

const SUITE_ALGS = {
  "ecdsa-p256": { outer: CMS_OID.signedData, inner: CMS_OID.data, digest: CMS_OID.sha256, sig: SIG_OID.ecdsaWithSha256, sigNull: false },
  "rsa-2048": { outer: CMS_OID.signedData, inner: CMS_OID.data, digest: CMS_OID.sha256, sig: SIG_OID.sha256WithRsa, sigNull: true },
  sm2: { outer: CMS_OID.gmSignedData, inner: CMS_OID.gmData, digest: CMS_OID.sm3, sig: SIG_OID.sm2WithSm3, sigNull: false },
} as const;

async function digest(oid: string, data: Uint8Array, gm: GmCrypto): Promise<Uint8Array> {
  if (oid === CMS_OID.sm3) return gm.sm3(data);
  const name = oid === CMS_OID.sha256 ? "SHA-256" : oid === CMS_OID.sha384 ? "SHA-384" : oid === CMS_OID.sha512 ? "SHA-512" : undefined;
  if (!name) throw SdkError.of("SEC_ALG_UNSUPPORTED", `digest algorithm ${oid}`);
  return new Uint8Array(await globalThis.crypto.subtle.digest(name, ab(data)));
}

const algId = (oid: string, nullParams = false) => encodeSequence([encodeOid(oid), ...(nullParams ? [Uint8Array.of(5, 0)] : [])]);

function utcTime(d: Date): Uint8Array {
  const p = (n: number) => String(n).padStart(2, "0");
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return encodeTlv(0x17, new TextEncoder().encode(s));
}

const attribute = (oid: string, value: Uint8Array) => encodeSequence([encodeOid(oid), encodeTlv(TAG.SET, value)]);

/** DER SET OF: elements sorted by their encodings. */
function derSetContents(items: Uint8Array[]): Uint8Array {
  const sorted = [...items].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  });
  return cat(sorted);
}

export interface SignOptions {
  /** Leave the content out (a detached .p7s); default false (attached). */
  detached?: boolean;
  /** DER signer certificate (its key must be the signer's). */
  certificate: Uint8Array;
  /** Extra certificates to carry (the issuing CA…). */
  chain?: Uint8Array[];
  signingTime: Date;
  gm: GmCrypto;
  /** Returns a DER TimeStampToken over the signature value (RFC 3161 §A), attached unsigned. */
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array | null>;
}

/** Builds a DER ContentInfo(SignedData) signed by `signer`. */
export async function signCms(signer: Signer, content: Uint8Array, opts: SignOptions): Promise<Uint8Array> {
  const a = SUITE_ALGS[signer.suite];
  const cert = readCert(opts.certificate);
  if (toHex(cert.spki) !== toHex(signer.spki)) throw SdkError.of("SEC_TOKEN_KEY_NOT_FOUND", "the certificate does not belong to the signing key");
  const certHash = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", ab(opts.certificate)));
  const attrs = derSetContents([
    attribute(ATTR.contentType, encodeOid(a.inner)),
    attribute(ATTR.signingTime, utcTime(opts.signingTime)),
    attribute(ATTR.messageDigest, encodeOctetString(await digest(a.digest, content, opts.gm))),
    // SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { certHash (SHA-256 default) } }
    attribute(ATTR.signingCertificateV2, encodeSequence([encodeSequence([encodeSequence([encodeOctetString(certHash)])])])),
  ]);
  const signature = await signer.sign(encodeTlv(TAG.SET, attrs));
  const token = opts.timestamp ? await opts.timestamp(signature) : null;
  const signerInfo = encodeSequence([
    encodeSmallInteger(1),
    encodeSequence([cert.issuerDer, encodeTlv(TAG.INTEGER, cert.serial)]),
    algId(a.digest),
    encodeTlv(0xa0, attrs),
    algId(a.sig, a.sigNull),
    encodeOctetString(signature),
    ...(token ? [encodeTlv(0xa1, attribute(ATTR.timeStampToken, token))] : []),
  ]);
  const certs = [opts.certificate, ...(opts.chain ?? [])];
  const signedData = encodeSequence([
    encodeSmallInteger(1),
    encodeTlv(TAG.SET, algId(a.digest)),
    encodeSequence([encodeOid(a.inner), ...(opts.detached ? [] : [encodeTlv(0xa0, encodeOctetString(content))])]),
    encodeTlv(0xa0, cat(certs)),
    encodeTlv(TAG.SET, signerInfo),
  ]);
  return encodeSequence([encodeOid(a.outer), encodeTlv(0xa0, signedData)]);
}

export interface CmsVerification {
  contentType: string;
  content: Uint8Array;
  detached: boolean;
  signer: CertInfo;
  certificates: Uint8Array[];
  signingTime?: Date;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  /** An RFC 3161 token was attached as an unsigned attribute (its time is checked by the server). */
  hasTimestamp: boolean;
  /** DER TimeStampToken (ContentInfo) when attached. */
  timestampToken?: Uint8Array;
  /** The SignerInfo signature value, which a timestamp token's imprint covers. */
  signatureValue: Uint8Array;
}

/** Checks the signature(s) of a SignedData; not the signer's chain (see checkChain). */
interface RawSignerInfo {
  sid: { issuerDer: Uint8Array; serial: Uint8Array } | { ski: Uint8Array };
  digestAlgorithm: string;
  /** The signed attributes re-tagged as the DER SET that was signed, and each attribute's first value. */
  signedAttrs?: { set: Uint8Array; values: Map<string, Uint8Array> };
  signatureAlgorithm: string;
  signature: Uint8Array;
  unsigned: Map<string, Uint8Array>;
}

const algOid = (t: Tlv | undefined, what: string) => oidText(children(expectTag(t, TAG.SEQUENCE, what).value, 2)[0]!);

function attrsOf(t: Tlv): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  for (const a of children(t.value, 64)) {
    const [type, values] = children(expectTag(a, TAG.SEQUENCE, "Attribute").value, 2);
    const oid = oidText(expectTag(type, TAG.OID, "attrType"));
    if (m.has(oid)) throw new Error(`attribute ${oid} appears twice`);
    m.set(oid, children(expectTag(values, TAG.SET, "attrValues").value, 64)[0]?.raw ?? new Uint8Array(0));
  }
  return m;
}

/**
 * Reads ContentInfo → SignedData with the strict DER reader: views into the
 * input, no object tree and no re-encoding (certificates are the exact bytes
 * carried), which is what makes verification cheap enough for a busy server.
 */
function parseSignedData(der: Uint8Array) {
  const ci = children(readOnly(der, TAG.SEQUENCE).value, 2);
  const contentType = oidText(expectTag(ci[0], TAG.OID, "contentType"));
  if (contentType !== CMS_OID.signedData && contentType !== CMS_OID.gmSignedData) throw SdkError.of("SEC_CONTENT_TYPE_WRONG", `content type ${contentType} is not signed data`);
  const wrapped = children(expectTag(ci[1], ctx(0, true), "content").value, 1);
  const sd = children(expectTag(wrapped[0], TAG.SEQUENCE, "SignedData").value, 6);
  expectTag(sd[0], TAG.INTEGER, "version");
  expectTag(sd[1], TAG.SET, "digestAlgorithms");
  const encap = children(expectTag(sd[2], TAG.SEQUENCE, "encapContentInfo").value, 2);
  const eContentType = oidText(expectTag(encap[0], TAG.OID, "eContentType"));
  let content: Uint8Array | undefined;
  if (encap[1]) {
    const ec = children(expectTag(encap[1], ctx(0, true), "eContent").value, 1);
    content = expectTag(ec[0], TAG.OCTET_STRING, "eContent").value;
  }
  let i = 3;
  const certificates: Uint8Array[] = [];
  if (sd[i]?.tag === ctx(0, true)) {
    for (const c of children(sd[i]!.value, 64)) if (c.tag === TAG.SEQUENCE) certificates.push(c.raw);
    i++;
  }
  if (sd[i]?.tag === ctx(1, true)) i++; // CRLs: not used here
  const signerInfos = children(expectTag(sd[i], TAG.SET, "signerInfos").value, 8).map((t): RawSignerInfo => {
    const f = children(expectTag(t, TAG.SEQUENCE, "SignerInfo").value, 7);
    let j = 1;
    const sidT = f[j++];
    let sid: RawSignerInfo["sid"];
    if (sidT?.tag === TAG.SEQUENCE) {
      const [issuer, serial] = children(sidT.value, 2);
      sid = { issuerDer: expectTag(issuer, TAG.SEQUENCE, "issuer").raw, serial: expectTag(serial, TAG.INTEGER, "serialNumber").value };
    } else if (sidT?.tag === ctx(0, false)) sid = { ski: sidT.value };
    else throw new Error("SignerIdentifier malformed");
    const digestAlgorithm = algOid(f[j++], "digestAlgorithm");
    let signedAttrs: RawSignerInfo["signedAttrs"];
    if (f[j]?.tag === ctx(0, true)) {
      const a = f[j++]!;
      // [0] IMPLICIT SET OF Attribute: the signature covers it tagged as a SET.
      signedAttrs = { set: cat([Uint8Array.of(TAG.SET), a.raw.subarray(1)]), values: attrsOf(a) };
    }
    const signatureAlgorithm = algOid(f[j++], "signatureAlgorithm");
    const signature = expectTag(f[j++], TAG.OCTET_STRING, "signature").value;
    const unsigned = f[j]?.tag === ctx(1, true) ? attrsOf(f[j]!) : new Map<string, Uint8Array>();
    return { sid, digestAlgorithm, ...(signedAttrs ? { signedAttrs } : {}), signatureAlgorithm, signature, unsigned };
  });
  return { eContentType, content, certificates, signerInfos };
}

/**
 * Synchronous primitives a host may lend the CMS verifier (the server: OpenSSL
 * through node:crypto, several times cheaper than WebCrypto's promise jobs).
 * Each answers undefined for what it does not handle; the isomorphic code
 * then does it (SM2 always stays on the GM/T 0009 code with its user ID).
 */
export interface HostCrypto {
  digest?(oid: string, data: Uint8Array): Uint8Array | undefined;
  verify?(spki: Uint8Array, sigAlgOid: string, data: Uint8Array, signature: Uint8Array): boolean | undefined;
}

export async function verifyCms(der: Uint8Array, opts: { content?: Uint8Array; gm: GmCrypto; host?: HostCrypto }): Promise<CmsVerification> {
  const sd = await coded(() => parseSignedData(der));
  const inner = sd.content;
  const content = inner ?? opts.content;
  if (!content) throw SdkError.of("SEC_CONTENT_MISSING");
  const certificates = sd.certificates;
  const infos = certificates.map((c) => {
    try {
      return readCertCached(c);
    } catch {
      return undefined;
    }
  });
  if (!sd.signerInfos.length) throw SdkError.of("SEC_CMS_MALFORMED", "no signer infos");
  let first: CmsVerification | undefined;
  for (const si of sd.signerInfos) {
    const sid = si.sid;
    const signer = infos.find(
      (c) =>
        c &&
        ("serial" in sid ? bytesEqual(c.serial, sid.serial) && bytesEqual(c.issuerDer, sid.issuerDer) : c.subjectKeyId && bytesEqual(c.subjectKeyId, sid.ski)),
    );
    if (!signer) throw SdkError.of("SEC_SIGNER_UNKNOWN");
    const digestOid = si.digestAlgorithm;
    const md = opts.host?.digest?.(digestOid, content) ?? (await digest(digestOid, content, opts.gm));
    let signed: Uint8Array = content;
    let signingTime: Date | undefined;
    if (si.signedAttrs) {
      signed = si.signedAttrs.set;
      const values = si.signedAttrs.values;
      const mdV = values.get(ATTR.messageDigest);
      const ctV = values.get(ATTR.contentType);
      const stV = values.get(ATTR.signingTime);
      const mdOk = await coded(() => !!mdV && toHex(readOnly(mdV, TAG.OCTET_STRING).value) === toHex(md));
      const ctOk = await coded(() => !!ctV && oidText(readOnly(ctV, TAG.OID)) === sd.eContentType);
      if (stV) signingTime = parseTime(stV);
      if (!mdOk) throw SdkError.of("SEC_SIG_INVALID", "the content does not match the signed message digest");
      if (!ctOk) throw SdkError.of("SEC_SIG_INVALID", "content-type attribute missing or different");
    }
    const sigAlg = si.signatureAlgorithm;
    if (![SIG_OID.ecdsaWithSha256, SIG_OID.sha256WithRsa, SIG_OID.rsaEncryption, SIG_OID.sm2WithSm3, SIG_OID.sm2Sign].includes(sigAlg as never)) {
      throw SdkError.of("SEC_ALG_UNSUPPORTED", `signature algorithm ${sigAlg}`);
    }
    if ((sigAlg === SIG_OID.sm2WithSm3 || sigAlg === SIG_OID.sm2Sign) !== (digestOid === CMS_OID.sm3)) throw SdkError.of("SEC_ALG_UNSUPPORTED", `${sigAlg} with digest ${digestOid}`);
    if (digestOid !== CMS_OID.sm3 && digestOid !== CMS_OID.sha256) throw SdkError.of("SEC_ALG_UNSUPPORTED", `digest ${digestOid} (SHA-256 or SM3 only)`);
    const alg = sigAlg === SIG_OID.rsaEncryption ? SIG_OID.sha256WithRsa : sigAlg;
    if (!(opts.host?.verify?.(signer.spki, alg, signed, si.signature) ?? (await verifySig(signer.spki, alg, signed, si.signature, opts.gm)))) {
      throw SdkError.of("SEC_SIG_INVALID", `signature by ${signer.subject} does not verify`);
    }
    const timestampToken = si.unsigned.get(ATTR.timeStampToken);
    first ??= {
      contentType: sd.eContentType,
      content,
      detached: !inner,
      signer,
      certificates,
      ...(signingTime ? { signingTime } : {}),
      digestAlgorithm: digestOid,
      signatureAlgorithm: sigAlg,
      hasTimestamp: !!timestampToken,
      ...(timestampToken ? { timestampToken } : {}),
      signatureValue: si.signature,
    };
  }
  return first!;
}

function parseTime(v: Uint8Array): Date | undefined {
  try {
    const t = readOnly(v);
    const s = new TextDecoder().decode(t.value);
    const m = /^(\d{2,4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) return undefined;
    let y = Number(m[1]);
    if (t.tag === 0x17) y += y < 50 ? 2000 : 1900;
    return new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  } catch {
    return undefined;
  }
}

