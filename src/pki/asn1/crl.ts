/** X.509 v2 CRLs: TBSCertList built with @peculiar/asn1-x509, signed by any Signer. */
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AuthorityKeyIdentifier,
  CertificateList,
  CRLNumber,
  CRLReason,
  Extension,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
  KeyIdentifier,
  type Name,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
} from "@peculiar/asn1-x509";
import type { Signer } from "../algs/suite.js";
import { algorithmIdentifier, assembleSigned } from "./certificate.js";
import { toArrayBuffer } from "./der.js";

export interface CrlEntry {
  serialHex: string;
  revokedAt: Date;
  reasonCode: number;
}

export interface CrlSpec {
  issuer: Name;
  authorityKeyId: Uint8Array;
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: CrlEntry[];
}

const ext = (extnID: string, value: unknown) => new Extension({ extnID, critical: false, extnValue: new OctetString(AsnConvert.serialize(value)) });

export function buildCrlTbs(spec: CrlSpec, signer: Pick<Signer, "suite">): Uint8Array {
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: algorithmIdentifier(signer.suite),
    issuer: spec.issuer,
    thisUpdate: new Time(spec.thisUpdate),
    nextUpdate: new Time(spec.nextUpdate),
    ...(spec.entries.length
      ? {
          revokedCertificates: spec.entries.map(
            (e) =>
              new RevokedCertificate({
                userCertificate: toArrayBuffer(Buffer.from(e.serialHex, "hex")),
                revocationDate: new Time(e.revokedAt),
                // reason 0 (unspecified) is expressed by omitting the extension (RFC 5280 §5.3.1).
                ...(e.reasonCode ? { crlEntryExtensions: [ext(id_ce_cRLReasons, new CRLReason(e.reasonCode))] } : {}),
              }),
          ),
        }
      : {}),
    crlExtensions: [
      ext(id_ce_authorityKeyIdentifier, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(toArrayBuffer(spec.authorityKeyId)) })),
      ext(id_ce_cRLNumber, new CRLNumber(spec.crlNumber)),
    ],
  });
  return new Uint8Array(AsnConvert.serialize(tbs));
}

export async function buildCrl(spec: CrlSpec, signer: Signer): Promise<Uint8Array> {
  const tbs = buildCrlTbs(spec, signer);
  return assembleSigned(tbs, signer.suite, await signer.sign(tbs));
}

export function parseCrl(der: Uint8Array): CertificateList {
  return AsnConvert.parse(der, CertificateList);
}
