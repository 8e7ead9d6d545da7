/**
 * What path validation needs to know about one certificate, read once: the
 * exact to-be-signed bytes and signature (from the DER as received), names
 * as DER for matching, validity, key identifiers, constraints, usages and
 * where its issuer publishes revocation (CRL distribution points, AIA OCSP).
 */
import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  id_ad_caIssuers,
  id_ad_ocsp,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_certificatePolicies,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_inhibitAnyPolicy,
  id_ce_issuerAltName,
  id_ce_keyUsage,
  id_ce_policyConstraints,
  id_ce_policyMappings,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
  KeyUsage,
  SubjectKeyIdentifier,
} from "@peculiar/asn1-x509";
import { id_pkix_ocsp_nocheck } from "@peculiar/asn1-ocsp";
import { fromPemOrDer } from "../asn1/certificate.js";
import { assertDerFraming, splitSigned } from "../asn1/der-signed.js";
import { toHex } from "../asn1/der.js";
import { nameToString } from "../asn1/names.js";

/**
 * Extensions whose meaning we apply (or that only inform); any other one
 * marked critical makes the certificate unusable (RFC 5280 §4.2). Name
 * constraints are not enforced, so a CA certificate carrying them critical
 * is refused rather than trusted beyond its constraints.
 */
const UNDERSTOOD = new Set([
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_extKeyUsage,
  id_ce_subjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_subjectAltName,
  id_ce_issuerAltName,
  id_ce_cRLDistributionPoints,
  id_pe_authorityInfoAccess,
  id_ce_certificatePolicies,
  id_ce_policyMappings,
  id_ce_policyConstraints,
  id_ce_inhibitAnyPolicy,
  id_pkix_ocsp_nocheck,
]);

export interface CertInfo {
  der: Uint8Array;
  /** SHA-256 of the DER, hex: identity of this exact certificate. */
  fingerprint: string;
  tbs: Uint8Array;
  sigAlgOid: string;
  sigAlgParams: Uint8Array | null;
  signature: Uint8Array;
  /** Lower-case hex of the serial INTEGER's content octets (as our CA stores serials). */
  serialHex: string;
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  /** The subjectPublicKey BIT STRING value (OCSP key hashes, key ids). */
  publicKeyBits: Uint8Array;
  ski: string | null;
  aki: string | null;
  /** basicConstraints: undefined when the extension is absent. */
  isCa: boolean | undefined;
  pathLen: number | undefined;
  /** KeyUsage bits as @peculiar/asn1-x509 numbers them; undefined when absent. */
  keyUsage: number | undefined;
  eku: string[] | undefined;
  crlUrls: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
  ocspNoCheck: boolean;
  unknownCritical: string[];
  selfIssued: boolean;
  version: number;
}

const ext = <T>(cert: Certificate, oid: string, type: new () => T): T | undefined => {
  const e = cert.tbsCertificate.extensions?.find((x) => x.extnID === oid);
  return e ? AsnConvert.parse(e.extnValue, type) : undefined;
};

const httpUrls = (urls: (string | undefined)[]) => urls.filter((u): u is string => Boolean(u && /^https?:\/\//i.test(u)));

/** Parses a certificate (PEM or DER); throws on anything malformed. */
export function certInfo(input: Uint8Array | string): CertInfo {
  const der = fromPemOrDer(input);
  assertDerFraming(der);
  const signed = splitSigned(der);
  const cert = AsnConvert.parse(der, Certificate);
  const tbs = cert.tbsCertificate;
  if (tbs.signature.algorithm !== signed.algOid) throw new Error("inner and outer signature algorithms differ");
  const subjectDer = new Uint8Array(AsnConvert.serialize(tbs.subject));
  const issuerDer = new Uint8Array(AsnConvert.serialize(tbs.issuer));
  const exts = tbs.extensions ?? [];
  if (new Set(exts.map((e) => e.extnID)).size !== exts.length) throw new Error("duplicate extension");
  const bc = ext(cert, id_ce_basicConstraints, BasicConstraints);
  const ku = ext(cert, id_ce_keyUsage, KeyUsage);
  const cdp = ext(cert, id_ce_cRLDistributionPoints, CRLDistributionPoints);
  const aia = ext(cert, id_pe_authorityInfoAccess, AuthorityInfoAccessSyntax);
  const ski = ext(cert, id_ce_subjectKeyIdentifier, SubjectKeyIdentifier);
  const aki = ext(cert, id_ce_authorityKeyIdentifier, AuthorityKeyIdentifier);
  return {
    der,
    fingerprint: createHash("sha256").update(der).digest("hex"),
    tbs: signed.tbs,
    sigAlgOid: signed.algOid,
    sigAlgParams: signed.algParams,
    signature: signed.signature,
    serialHex: toHex(tbs.serialNumber),
    subjectDer,
    issuerDer,
    subject: nameToString(tbs.subject),
    issuer: nameToString(tbs.issuer),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    spki: new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
    publicKeyBits: new Uint8Array(tbs.subjectPublicKeyInfo.subjectPublicKey),
    ski: ski ? toHex(ski.buffer) : null,
    aki: aki?.keyIdentifier ? toHex(aki.keyIdentifier.buffer) : null,
    isCa: bc ? bc.cA : undefined,
    pathLen: bc?.pathLenConstraint,
    keyUsage: ku?.toNumber(),
    eku: ext(cert, id_ce_extKeyUsage, ExtendedKeyUsage)?.map(String),
    crlUrls: httpUrls((cdp ?? []).flatMap((d) => d.distributionPoint?.fullName?.map((g) => g.uniformResourceIdentifier) ?? [])),
    ocspUrls: httpUrls((aia ?? []).filter((a) => a.accessMethod === id_ad_ocsp).map((a) => a.accessLocation.uniformResourceIdentifier)),
    caIssuerUrls: httpUrls((aia ?? []).filter((a) => a.accessMethod === id_ad_caIssuers).map((a) => a.accessLocation.uniformResourceIdentifier)),
    ocspNoCheck: exts.some((e) => e.extnID === id_pkix_ocsp_nocheck),
    unknownCritical: exts.filter((e) => e.critical && !UNDERSTOOD.has(e.extnID)).map((e) => e.extnID),
    selfIssued: Buffer.compare(Buffer.from(subjectDer), Buffer.from(issuerDer)) === 0,
    version: tbs.version + 1,
  };
}

export const sameName = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

const parsed = new Map<string, CertInfo>();

/**
 * certInfo with a bounded cache keyed by the SHA-256 of the DER: login and
 * signature checks see the same certificates again and again, and parsing
 * costs more than the signature checks. CertInfo objects are never mutated.
 */
export function certInfoCached(input: Uint8Array | string): CertInfo {
  const der = fromPemOrDer(input);
  const key = createHash("sha256").update(der).digest("hex");
  let info = parsed.get(key);
  if (!info) {
    info = certInfo(der);
    if (parsed.size >= 2000) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, info);
  }
  return info;
}
