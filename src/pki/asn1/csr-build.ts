/**
 * Building PKCS#10 requests with any Signer — a key in a USB token, an HSM or
 * memory: the token signs CertificationRequestInfo, never handing out its key.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequestInfo } from "@peculiar/asn1-csr";
import { Attribute, Extension, Extensions, GeneralName, id_ce_subjectAltName, Name, SubjectAlternativeName, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { OctetString } from "@peculiar/asn1-schema";
import type { Signer } from "../algs/suite.js";
import { assembleSigned } from "./certificate.js";
import { buildName, type DnAttr } from "./names.js";

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

export interface CsrOptions {
  /** DNS names for subjectAltName (server certificates). */
  dnsNames?: string[];
}

export function buildCsrInfo(subject: Name | DnAttr[], spki: Uint8Array, opts: CsrOptions = {}): Uint8Array {
  const info = new CertificationRequestInfo({
    version: 0,
    subject: Array.isArray(subject) && !(subject instanceof Name) ? buildName(subject as DnAttr[]) : (subject as Name),
    subjectPKInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
  });
  if (opts.dnsNames?.length) {
    const san = new SubjectAlternativeName(opts.dnsNames.map((d) => new GeneralName({ dNSName: d })));
    const exts = new Extensions([new Extension({ extnID: id_ce_subjectAltName, critical: false, extnValue: new OctetString(AsnConvert.serialize(san)) })]);
    info.attributes.push(new Attribute({ type: EXTENSION_REQUEST, values: [AsnConvert.serialize(exts)] }));
  }
  // The schema writes the [0] attributes field even when empty, as PKCS#10 requires.
  return new Uint8Array(AsnConvert.serialize(info));
}

/** A signed PKCS#10 request (DER). The CA decides the subject for RA issuance; the request's is a placeholder then. */
export async function buildCsr(subject: Name | DnAttr[], signer: Signer, opts: CsrOptions = {}): Promise<Uint8Array> {
  const info = buildCsrInfo(subject, signer.spki, opts);
  return assembleSigned(info, signer.suite, await signer.sign(info));
}
