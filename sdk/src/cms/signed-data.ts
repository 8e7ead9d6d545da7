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
import { AsnConvert } from "@peculiar/asn1-schema";
import { ContentInfo, SignedData } from "@peculiar/asn1-cms";
import type { GmCrypto } from "../../../src/pki/algs/gm-crypto.js";
import type { Signer } from "../../../src/pki/algs/suite.js";
import { CMS_OID } from "../../../src/pki/asn1/cms-oids.js";
import { oidText, readOnly, TAG } from "../../../src/pki/asn1/der-strict.js";
import { cat, encodeOctetString, encodeOid, encodeSequence, encodeSmallInteger, encodeTlv } from "../../../src/pki/asn1/der-writer.js";
import { ab, toHex } from "../bytes.js";
import { SIG_OID, verifySig } from "../crypto/sig-verify.js";
import { coded, SdkError } from "../errors.js";
import { readCert, type CertInfo } from "./cert-info.js";

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
export async function verifyCms(der: Uint8Array, opts: { content?: Uint8Array; gm: GmCrypto }): Promise<CmsVerification> {
  const { sd } = await coded(() => {
    const ci = AsnConvert.parse(der, ContentInfo);
    if (ci.contentType !== CMS_OID.signedData && ci.contentType !== CMS_OID.gmSignedData) {
      throw SdkError.of("SEC_CONTENT_TYPE_WRONG", `content type ${ci.contentType} is not signed data`);
    }
    return { sd: AsnConvert.parse(ci.content, SignedData) };
  });
  const embedded = sd.encapContentInfo.eContent;
  const inner = embedded ? (embedded.single ? new Uint8Array(embedded.single.buffer) : cat((embedded.any ? [new Uint8Array(embedded.any)] : []))) : undefined;
  const content = inner ?? opts.content;
  if (!content) throw SdkError.of("SEC_CONTENT_MISSING");
  const certificates = (sd.certificates ?? []).filter((c) => c.certificate).map((c) => new Uint8Array(AsnConvert.serialize(c.certificate)));
  const infos = certificates.map((c) => {
    try {
      return readCert(c);
    } catch {
      return undefined;
    }
  });
  if (!sd.signerInfos.length) throw SdkError.of("SEC_CMS_MALFORMED", "no signer infos");
  let first: CmsVerification | undefined;
  for (const si of sd.signerInfos) {
    const ias = si.sid.issuerAndSerialNumber;
    const ski = si.sid.subjectKeyIdentifier;
    const signer = infos.find(
      (c) =>
        c &&
        ((ias && toHex(c.serial) === toHex(new Uint8Array(ias.serialNumber)) && toHex(c.issuerDer) === toHex(new Uint8Array(AsnConvert.serialize(ias.issuer)))) ||
          (ski && c.subjectKeyId && toHex(c.subjectKeyId) === toHex(new Uint8Array(ski.buffer)))),
    );
    if (!signer) throw SdkError.of("SEC_SIGNER_UNKNOWN");
    const digestOid = si.digestAlgorithm.algorithm;
    const md = await digest(digestOid, content, opts.gm);
    let signed: Uint8Array = content;
    let signingTime: Date | undefined;
    if (si.signedAttrs) {
      // Parsed attributes come back as a plain array: re-wrap so they encode as the DER SET that was signed.
      const attrs = encodeTlv(TAG.SET, cat(si.signedAttrs.map((a) => new Uint8Array(AsnConvert.serialize(a)))));
      signed = attrs;
      let mdOk = false;
      let ctOk = false;
      for (const at of si.signedAttrs) {
        const v = new Uint8Array(at.attrValues[0] ?? new ArrayBuffer(0));
        if (at.attrType === ATTR.messageDigest) mdOk = toHex(readOnly(v, TAG.OCTET_STRING).value) === toHex(md);
        if (at.attrType === ATTR.contentType) ctOk = oidText(readOnly(v, TAG.OID)) === sd.encapContentInfo.eContentType;
        if (at.attrType === ATTR.signingTime) signingTime = parseTime(v);
      }
      if (!mdOk) throw SdkError.of("SEC_SIG_INVALID", "the content does not match the signed message digest");
      if (!ctOk) throw SdkError.of("SEC_SIG_INVALID", "content-type attribute missing or different");
    }
    const sigAlg = si.signatureAlgorithm.algorithm;
    if (![SIG_OID.ecdsaWithSha256, SIG_OID.sha256WithRsa, SIG_OID.rsaEncryption, SIG_OID.sm2WithSm3, SIG_OID.sm2Sign].includes(sigAlg as never)) {
      throw SdkError.of("SEC_ALG_UNSUPPORTED", `signature algorithm ${sigAlg}`);
    }
    if ((sigAlg === SIG_OID.sm2WithSm3 || sigAlg === SIG_OID.sm2Sign) !== (digestOid === CMS_OID.sm3)) throw SdkError.of("SEC_ALG_UNSUPPORTED", `${sigAlg} with digest ${digestOid}`);
    if (digestOid !== CMS_OID.sm3 && digestOid !== CMS_OID.sha256) throw SdkError.of("SEC_ALG_UNSUPPORTED", `digest ${digestOid} (SHA-256 or SM3 only)`);
    if (!(await verifySig(signer.spki, sigAlg === SIG_OID.rsaEncryption ? SIG_OID.sha256WithRsa : sigAlg, signed, new Uint8Array(si.signature.buffer), opts.gm))) {
      throw SdkError.of("SEC_SIG_INVALID", `signature by ${signer.subject} does not verify`);
    }
    const tsAttr = (si.unsignedAttrs ?? []).find((x) => x.attrType === ATTR.timeStampToken);
    const timestampToken = tsAttr?.attrValues[0] ? new Uint8Array(tsAttr.attrValues[0]) : undefined;
    first ??= {
      contentType: sd.encapContentInfo.eContentType,
      content,
      detached: !inner,
      signer,
      certificates,
      ...(signingTime ? { signingTime } : {}),
      digestAlgorithm: digestOid,
      signatureAlgorithm: sigAlg,
      hasTimestamp: !!timestampToken,
      ...(timestampToken ? { timestampToken } : {}),
      signatureValue: new Uint8Array(si.signature.buffer),
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

