/**
 * Pre-issuance lint: parses the to-be-signed certificate back from its DER
 * (so it checks what will be signed, not what we meant to build) and checks
 * it against the profile, the issuer and this server's URLs. Any problem
 * stops issuance before the certificate is recorded or signed.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  ExtendedKeyUsage,
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
  KeyUsage,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  TBSCertificate,
} from "@peculiar/asn1-x509";
import { SIGNATURE_ALGORITHMS, type SuiteId } from "../algs/suite.js";
import { keyIdentifierOf } from "../asn1/certificate.js";
import { toHex } from "../asn1/der.js";
import { DN_OID } from "../asn1/names.js";
import type { Profile } from "./profiles.js";

export interface LintContext {
  profile: Profile;
  keySuite: SuiteId;
  issuerSuite: SuiteId;
  issuerNotBefore: Date;
  issuerNotAfter: Date;
  /** Absent for a self-signed root. */
  issuerSki?: string;
  publicUrl: string;
  selfSigned: boolean;
}

export function lintTbs(tbsDer: Uint8Array, ctx: LintContext): string[] {
  const problems: string[] = [];
  let tbs: TBSCertificate;
  try {
    tbs = AsnConvert.parse(tbsDer, TBSCertificate);
  } catch (e) {
    return [`TBS does not parse: ${(e as Error).message}`];
  }
  const p = ctx.profile;
  const serial = new Uint8Array(tbs.serialNumber);
  if (serial.length === 0 || serial.length > 20) problems.push("serial must be 1–20 octets");
  if ((serial[0] ?? 0) & 0x80) problems.push("serial must be positive");
  if (serial.every((b) => b === 0)) problems.push("serial must not be zero");
  if (tbs.signature.algorithm !== SIGNATURE_ALGORITHMS[ctx.issuerSuite].oid) problems.push("signature algorithm does not match the issuer key");

  const nb = tbs.validity.notBefore.getTime().getTime();
  const na = tbs.validity.notAfter.getTime().getTime();
  if (na <= nb) problems.push("notAfter is not after notBefore");
  if (!ctx.selfSigned && (nb < ctx.issuerNotBefore.getTime() || na > ctx.issuerNotAfter.getTime())) problems.push("validity is not inside the issuer's validity");

  const present = new Set(tbs.subject.flatMap((rdn) => rdn.map((a) => a.type)));
  for (const k of p.requiredSubject) if (!present.has(DN_OID[k as keyof typeof DN_OID])) problems.push(`subject lacks ${k}`);

  const exts = new Map((tbs.extensions ?? []).map((e) => [e.extnID, e]));
  if (exts.size !== (tbs.extensions ?? []).length) problems.push("duplicate extension");
  const val = <T>(oid: string, type: new () => T): T | undefined => {
    const e = exts.get(oid);
    return e ? AsnConvert.parse(e.extnValue, type) : undefined;
  };

  const bcExt = exts.get(id_ce_basicConstraints);
  const bc = val(id_ce_basicConstraints, BasicConstraints);
  if (!bc || !bcExt?.critical) problems.push("basicConstraints missing or not critical");
  else {
    if (bc.cA !== p.isCa) problems.push(`basicConstraints cA=${bc.cA}, profile wants ${p.isCa}`);
    if (p.isCa && p.pathLen !== undefined && bc.pathLenConstraint !== p.pathLen) problems.push("pathLenConstraint differs from the profile");
  }

  const kuExt = exts.get(id_ce_keyUsage);
  const ku = val(id_ce_keyUsage, KeyUsage);
  const wantKu = ctx.keySuite === "rsa-2048" && p.keyUsageRsa !== undefined ? p.keyUsageRsa : p.keyUsage;
  if (!ku || !kuExt?.critical) problems.push("keyUsage missing or not critical");
  else if (ku.toNumber() !== wantKu) problems.push(`keyUsage ${ku.toNumber()} differs from the profile's ${wantKu}`);

  const spki = new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
  const ski = val(id_ce_subjectKeyIdentifier, SubjectKeyIdentifier);
  if (!ski || toHex(new Uint8Array(ski.buffer)) !== toHex(keyIdentifierOf(spki))) problems.push("subjectKeyIdentifier missing or not derived from the key");
  const aki = val(id_ce_authorityKeyIdentifier, AuthorityKeyIdentifier);
  if (!ctx.selfSigned) {
    if (!aki?.keyIdentifier || toHex(new Uint8Array(aki.keyIdentifier.buffer)) !== ctx.issuerSki) problems.push("authorityKeyIdentifier missing or not the issuer's key id");
  }

  const eku = val(id_ce_extKeyUsage, ExtendedKeyUsage);
  if (p.eku) {
    if (!eku || [...eku].sort().join() !== [...p.eku].sort().join()) problems.push("extendedKeyUsage differs from the profile");
    if (Boolean(exts.get(id_ce_extKeyUsage)?.critical) !== Boolean(p.ekuCritical)) problems.push("extendedKeyUsage criticality differs from the profile");
  } else if (eku) problems.push("extendedKeyUsage not allowed in this profile");

  const base = ctx.publicUrl.replace(/\/$/, "");
  const cdp = val(id_ce_cRLDistributionPoints, CRLDistributionPoints);
  const aia = val(id_pe_authorityInfoAccess, AuthorityInfoAccessSyntax);
  if (p.revocationPointers) {
    const crlUrls = (cdp ?? []).flatMap((d) => d.distributionPoint?.fullName?.map((g) => g.uniformResourceIdentifier) ?? []);
    if (!crlUrls.length || !crlUrls.every((u) => u?.startsWith(`${base}/pki/crl/`))) problems.push("CRL distribution point missing or not on this server");
    const ocsp = (aia ?? []).filter((a) => a.accessMethod === id_ad_ocsp).map((a) => a.accessLocation.uniformResourceIdentifier);
    const issuers = (aia ?? []).filter((a) => a.accessMethod === id_ad_caIssuers).map((a) => a.accessLocation.uniformResourceIdentifier);
    if (ocsp.length !== 1 || ocsp[0] !== `${base}/pki/ocsp`) problems.push("AIA OCSP URL missing or not this server's responder");
    if (issuers.length !== 1 || !issuers[0]?.startsWith(`${base}/pki/ca/`)) problems.push("AIA caIssuers URL missing or not on this server");
  } else if (cdp || aia) problems.push("revocation pointers not allowed in this profile");

  if (p.requiresDnsSan) {
    const san = val(id_ce_subjectAltName, SubjectAlternativeName);
    const dns = (san ?? []).map((g) => g.dNSName).filter(Boolean);
    if (!dns.length) problems.push("server certificates need DNS names in subjectAltName");
  }
  return problems;
}
