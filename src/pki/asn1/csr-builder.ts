/**
 * PKCS#10 requests from any Signer: used by the demo seed, the benchmark and
 * tests (real bidders' requests come from their USB keys or OpenSSL).
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { GeneralName, id_ce_subjectAltName, SubjectAlternativeName } from "@peculiar/asn1-x509";
import type { Signer } from "../algs/suite.js";
import { algorithmIdentifierDer } from "./certificate.js";
import { concat, derBitString, derInteger, derOctetString, derOid, derSequence, derSetOf, tlv } from "./der.js";
import { buildName, nameDer, type DnAttr } from "./names.js";

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

export async function buildCsr(subject: DnAttr[], signer: Signer, opts: { dnsNames?: string[] } = {}): Promise<Uint8Array> {
  const attrs: Uint8Array[] = [];
  if (opts.dnsNames?.length) {
    const san = new Uint8Array(AsnConvert.serialize(new SubjectAlternativeName(opts.dnsNames.map((d) => new GeneralName({ dNSName: d })))));
    const exts = derSequence([derSequence([derOid(id_ce_subjectAltName), derOctetString(san)])]);
    attrs.push(derSequence([derOid(EXTENSION_REQUEST), derSetOf([exts])]));
  }
  const info = derSequence([derInteger(0), nameDer(buildName(subject)), signer.spki, tlv(0xa0, concat(attrs))]);
  return derSequence([info, algorithmIdentifierDer(signer.suite), derBitString(await signer.sign(info))]);
}
