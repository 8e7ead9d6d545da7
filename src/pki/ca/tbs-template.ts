/**
 * To-be-signed certificates from templates: everything that is the same for
 * every certificate of one issuer, profile and key type (version, signature
 * algorithm, issuer name, basic constraints, key usage, AKI, EKU, CRL and AIA
 * pointers) is encoded once by the same builder `buildTbs` uses; per
 * certificate only serial, validity, subject, key, SKI and DNS names are
 * encoded and concatenated. The output is byte-identical to buildTbs (a unit
 * test holds them together); the schema library's serialisation was the cost
 * of issuance, several times the signature.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { id_ce_authorityKeyIdentifier, id_ce_basicConstraints, id_ce_cRLDistributionPoints, id_ce_extKeyUsage, id_ce_keyUsage, id_ce_subjectKeyIdentifier } from "@peculiar/asn1-x509";
import type { SuiteId } from "../algs/suite.js";
import { algorithmIdentifierDer, buildExtensions, type ExtensionSpec } from "../asn1/certificate.js";
import { concat, derOctetString, derOid, derSequence, derTime, tlv } from "../asn1/der.js";

const VERSION_V3 = Uint8Array.of(0xa0, 0x03, 0x02, 0x01, 0x02);
const BEFORE_SKI = new Set([id_ce_basicConstraints, id_ce_keyUsage]);
const BEFORE_SAN = new Set([id_ce_authorityKeyIdentifier, id_ce_extKeyUsage]);
const SAN_OID = "2.5.29.17";

export interface TbsTemplate {
  /** Signature algorithm and issuer name, encoded. */
  algAndIssuer: Uint8Array;
  /** Extensions before the SKI, between SKI and SAN, after SAN. */
  extsA: Uint8Array;
  extsB: Uint8Array;
  extsC: Uint8Array;
}

export type TemplateSpec = Omit<ExtensionSpec, "subjectKeyId" | "dnsNames">;

export function makeTemplate(issuerSuite: SuiteId, issuerNameDer: Uint8Array, spec: TemplateSpec): TbsTemplate {
  const exts = buildExtensions({ ...spec, subjectKeyId: new Uint8Array(20) });
  const a: Uint8Array[] = [];
  const b: Uint8Array[] = [];
  const c: Uint8Array[] = [];
  let seenSki = false;
  for (const e of exts) {
    const der = new Uint8Array(AsnConvert.serialize(e));
    if (e.extnID === id_ce_subjectKeyIdentifier) seenSki = true;
    else if (BEFORE_SKI.has(e.extnID) && !seenSki) a.push(der);
    else if (BEFORE_SAN.has(e.extnID)) b.push(der);
    else if (e.extnID === id_ce_cRLDistributionPoints || seenSki) c.push(der);
  }
  return { algAndIssuer: concat([algorithmIdentifierDer(issuerSuite), issuerNameDer]), extsA: concat(a), extsB: concat(b), extsC: concat(c) };
}

const skiExtension = (keyId: Uint8Array) => derSequence([derOid(id_ce_subjectKeyIdentifier), derOctetString(derOctetString(keyId))]);

function sanExtension(dnsNames: string[]): Uint8Array {
  const names = derSequence(dnsNames.map((d) => tlv(0x82, Buffer.from(d, "ascii"))));
  return derSequence([derOid(SAN_OID), derOctetString(names)]);
}

export interface TbsVariables {
  /** Serial INTEGER content (minimal, positive). */
  serial: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  subjectDer: Uint8Array;
  spkiDer: Uint8Array;
  subjectKeyId: Uint8Array;
  dnsNames?: string[];
}

export function assembleTbs(t: TbsTemplate, v: TbsVariables): Uint8Array {
  const exts = [t.extsA, skiExtension(v.subjectKeyId), t.extsB];
  if (v.dnsNames?.length) exts.push(sanExtension(v.dnsNames));
  exts.push(t.extsC);
  return derSequence([
    VERSION_V3,
    tlv(0x02, v.serial),
    t.algAndIssuer,
    derSequence([derTime(v.notBefore), derTime(v.notAfter)]),
    v.subjectDer,
    v.spkiDer,
    tlv(0xa3, derSequence(exts)),
  ]);
}
