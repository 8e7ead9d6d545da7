/**
 * X.509 v3 certificates: build the TBSCertificate with @peculiar/asn1-x509,
 * sign its DER with any Signer, assemble the certificate. Parsing helpers too.
 */
import { createHash } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AccessDescription,
  AlgorithmIdentifier,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  id_ad_caIssuers,
  id_ad_ocsp,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
  KeyIdentifier,
  KeyUsage,
  type KeyUsageFlags,
  Name,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import { id_pkix_ocsp_nocheck } from "@peculiar/asn1-ocsp";
import { SIGNATURE_ALGORITHMS, type Signer, type SuiteId } from "../algs/suite.js";
import { derBitString, derSequence, toArrayBuffer } from "./der.js";
import { childrenOf, DerError, readOnly, valueOf } from "./der-reader.js";

export function algorithmIdentifier(suite: SuiteId): AlgorithmIdentifier {
  const a = SIGNATURE_ALGORITHMS[suite];
  return new AlgorithmIdentifier({ algorithm: a.oid, ...(a.nullParams ? { parameters: null } : {}) });
}

export function algorithmIdentifierDer(suite: SuiteId): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(algorithmIdentifier(suite)));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value (without the unused-bits octet). */
export function keyIdentifierOf(spki: Uint8Array): Uint8Array {
  const [, bits] = childrenOf(spki, readOnly(spki, 0x30));
  if (!bits || bits.tag !== 0x03) throw new DerError("SubjectPublicKeyInfo without a BIT STRING");
  return new Uint8Array(createHash("sha1").update(valueOf(spki, bits).subarray(1)).digest());
}

export interface ExtensionSpec {
  isCa: boolean;
  pathLen?: number;
  keyUsage: KeyUsageFlags;
  eku?: string[];
  ekuCritical?: boolean;
  subjectKeyId: Uint8Array;
  authorityKeyId?: Uint8Array;
  crlUrl?: string;
  ocspUrl?: string;
  caIssuersUrl?: string;
  dnsNames?: string[];
  ocspNoCheck?: boolean;
}

const ext = (extnID: string, critical: boolean, value: unknown) =>
  new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });

export function buildExtensions(s: ExtensionSpec): Extension[] {
  const out: Extension[] = [
    ext(id_ce_basicConstraints, true, new BasicConstraints(s.isCa ? { cA: true, ...(s.pathLen !== undefined ? { pathLenConstraint: s.pathLen } : {}) } : {})),
    ext(id_ce_keyUsage, true, new KeyUsage(s.keyUsage)),
    ext(id_ce_subjectKeyIdentifier, false, new KeyIdentifier(toArrayBuffer(s.subjectKeyId))),
  ];
  if (s.authorityKeyId) out.push(ext(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(toArrayBuffer(s.authorityKeyId)) })));
  if (s.eku?.length) out.push(ext(id_ce_extKeyUsage, s.ekuCritical ?? false, new ExtendedKeyUsage(s.eku)));
  if (s.dnsNames?.length) out.push(ext(id_ce_subjectAltName, false, new SubjectAlternativeName(s.dnsNames.map((d) => new GeneralName({ dNSName: d })))));
  if (s.crlUrl) {
    out.push(
      ext(
        id_ce_cRLDistributionPoints,
        false,
        new CRLDistributionPoints([new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: s.crlUrl })] }) })]),
      ),
    );
  }
  const aia: AccessDescription[] = [];
  if (s.ocspUrl) aia.push(new AccessDescription({ accessMethod: id_ad_ocsp, accessLocation: new GeneralName({ uniformResourceIdentifier: s.ocspUrl }) }));
  if (s.caIssuersUrl) aia.push(new AccessDescription({ accessMethod: id_ad_caIssuers, accessLocation: new GeneralName({ uniformResourceIdentifier: s.caIssuersUrl }) }));
  if (aia.length) out.push(ext(id_pe_authorityInfoAccess, false, new AuthorityInfoAccessSyntax(aia)));
  if (s.ocspNoCheck) out.push(new Extension({ extnID: id_pkix_ocsp_nocheck, critical: false, extnValue: new OctetString(Uint8Array.of(0x05, 0x00)) }));
  return out;
}

export interface TbsSpec {
  serial: Uint8Array;
  signatureSuite: SuiteId;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  extensions: Extension[];
}

export function buildTbs(spec: TbsSpec): Uint8Array {
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(spec.serial),
    signature: algorithmIdentifier(spec.signatureSuite),
    issuer: spec.issuer,
    // Validity picks UTCTime through 2049 and GeneralizedTime after (RFC 5280).
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: spec.subject,
    subjectPublicKeyInfo: AsnConvert.parse(spec.spki, SubjectPublicKeyInfo),
    extensions: new Extensions(spec.extensions),
  });
  return new Uint8Array(AsnConvert.serialize(tbs));
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } */
export function assembleSigned(tbsDer: Uint8Array, suite: SuiteId, signature: Uint8Array): Uint8Array {
  return derSequence([tbsDer, algorithmIdentifierDer(suite), derBitString(signature)]);
}

export async function signTbs(tbsDer: Uint8Array, signer: Signer): Promise<Uint8Array> {
  return assembleSigned(tbsDer, signer.suite, await signer.sign(tbsDer));
}

export function parseCertificate(der: Uint8Array): Certificate {
  return AsnConvert.parse(der, Certificate);
}

export function toPem(der: Uint8Array, label: "CERTIFICATE" | "X509 CRL" | "CERTIFICATE REQUEST" | "PKCS7"): string {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n");
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith("\n") ? "" : "\n"}-----END ${label}-----\n`;
}

/** Accepts PEM (any label) or DER; returns DER of the first block. */
export function fromPemOrDer(input: Uint8Array | string): Uint8Array {
  const text = typeof input === "string" ? input : Buffer.from(input).toString("latin1");
  const m = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text);
  if (m) return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"));
  return typeof input === "string" ? new Uint8Array(Buffer.from(input, "base64")) : input;
}
