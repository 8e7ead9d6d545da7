/**
 * Full CRLs of external CAs (RFC 5280 §5): accepted only when issued under
 * the certificate's issuer name, signed by the issuer's key (which may sign
 * CRLs), not a delta CRL, and with no critical extension we do not apply.
 * Indirect and partitioned CRLs are not supported (documented).
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificateList, CRLReason, id_ce_authorityKeyIdentifier, id_ce_cRLNumber, id_ce_cRLReasons, id_ce_deltaCRLIndicator, id_ce_issuingDistributionPoint, KeyUsageFlags } from "@peculiar/asn1-x509";
import { fromPemOrDer } from "../asn1/certificate.js";
import { assertDerFraming, splitSigned } from "../asn1/der-signed.js";
import { toHex } from "../asn1/der.js";
import { sameName, type CertInfo } from "./cert-info.js";
import { verifyWith } from "./verify-any.js";

export class CrlError extends Error {}

export interface CrlData {
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: string;
  /** Revoked serials (lower-case hex content octets) → revocation time and reason code. */
  revoked: Map<string, { at: Date; reason: number }>;
}

const OK_CRL_EXTS = new Set([id_ce_cRLNumber, id_ce_authorityKeyIdentifier, id_ce_issuingDistributionPoint]);

export function readCrl(input: Uint8Array, issuer: CertInfo, sm2Id: string): CrlData {
  let der: Uint8Array;
  let crl: CertificateList;
  let signed: ReturnType<typeof splitSigned>;
  try {
    der = fromPemOrDer(input);
    assertDerFraming(der);
    signed = splitSigned(der);
    crl = AsnConvert.parse(der, CertificateList);
  } catch (e) {
    throw new CrlError(`malformed CRL: ${(e as Error).message}`);
  }
  const tbs = crl.tbsCertList;
  if (!sameName(new Uint8Array(AsnConvert.serialize(tbs.issuer)), issuer.subjectDer)) throw new CrlError("the CRL is issued under another name (indirect CRLs are not supported)");
  if (issuer.keyUsage !== undefined && !(issuer.keyUsage & KeyUsageFlags.cRLSign)) throw new CrlError("the issuer's key may not sign CRLs");
  const v = verifyWith(issuer.spki, signed.algOid, signed.tbs, signed.signature, sm2Id);
  if (!v.ok) throw new CrlError(`CRL signature: ${v.reason}`);
  for (const e of tbs.crlExtensions ?? []) {
    if (e.extnID === id_ce_deltaCRLIndicator) throw new CrlError("a delta CRL; a full CRL is needed");
    if (e.critical && !OK_CRL_EXTS.has(e.extnID)) throw new CrlError(`unsupported critical CRL extension ${e.extnID}`);
  }
  const revoked = new Map<string, { at: Date; reason: number }>();
  for (const r of tbs.revokedCertificates ?? []) {
    let reason = 0;
    for (const e of r.crlEntryExtensions ?? []) {
      if (e.extnID === id_ce_cRLReasons) reason = Number(AsnConvert.parse(e.extnValue, CRLReason).reason);
      else if (e.critical) throw new CrlError(`unsupported critical CRL entry extension ${e.extnID} (indirect CRL?)`);
    }
    revoked.set(toHex(r.userCertificate), { at: r.revocationDate.getTime(), reason });
  }
  const num = tbs.crlExtensions?.find((e) => e.extnID === id_ce_cRLNumber);
  return {
    thisUpdate: tbs.thisUpdate.getTime(),
    ...(tbs.nextUpdate ? { nextUpdate: tbs.nextUpdate.getTime() } : {}),
    ...(num ? { crlNumber: toHex(num.extnValue.buffer) } : {}),
    revoked,
  };
}
