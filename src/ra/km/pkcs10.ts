/**
 * A PKCS#10 request builder for keys the server side holds: the KM's
 * encryption key pairs (GM/T 0034 — proof of possession even for escrowed
 * keys keeps the CA's one issuance path) and test / demo clients.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest, CertificationRequestInfo } from "@peculiar/asn1-csr";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import type { Signer } from "../../pki/algs/suite.js";
import { algorithmIdentifier } from "../../pki/asn1/certificate.js";
import { toArrayBuffer } from "../../pki/asn1/der.js";
import { buildName, type DnAttr } from "../../pki/asn1/names.js";

export async function buildCsr(signer: Signer, subject: DnAttr[]): Promise<Uint8Array> {
  const info = new CertificationRequestInfo({
    subject: buildName(subject),
    subjectPKInfo: AsnConvert.parse(signer.spki, SubjectPublicKeyInfo),
  });
  const infoDer = new Uint8Array(AsnConvert.serialize(info));
  const signature = await signer.sign(infoDer);
  const req = new CertificationRequest({ certificationRequestInfo: info, signatureAlgorithm: algorithmIdentifier(signer.suite), signature: toArrayBuffer(signature) });
  return new Uint8Array(AsnConvert.serialize(req));
}
