/**
 * PKCS#10 in the browser with @peculiar/asn1-csr: the subject is only a
 * label (the RA puts the vetted subject into the certificate), the request's
 * signature is the proof that the token holds the key.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest, CertificationRequestInfo } from "@peculiar/asn1-csr";
import { AlgorithmIdentifier, AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { ab } from "./bytes.ts";

export type BrowserSuite = "ecdsa-p256" | "sm2";

const SIG_OID: Record<BrowserSuite, string> = { "ecdsa-p256": "1.2.840.10045.4.3.2", sm2: "1.2.156.10197.1.501" };

export interface BrowserSigner {
  suite: BrowserSuite;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** DER signature over the full message. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export async function buildCsr(signer: BrowserSigner, commonName: string): Promise<Uint8Array> {
  const subject = new Name([new RelativeDistinguishedName([new AttributeTypeAndValue({ type: "2.5.4.3", value: new AttributeValue({ utf8String: commonName }) })])]);
  const info = new CertificationRequestInfo({ subject, subjectPKInfo: AsnConvert.parse(ab(signer.spki), SubjectPublicKeyInfo) });
  const signature = await signer.sign(new Uint8Array(AsnConvert.serialize(info)));
  const req = new CertificationRequest({ certificationRequestInfo: info, signatureAlgorithm: new AlgorithmIdentifier({ algorithm: SIG_OID[signer.suite] }), signature: ab(signature) });
  return new Uint8Array(AsnConvert.serialize(req));
}

/** GM/T 0015 SubjectPublicKeyInfo for an SM2 point: id-ecPublicKey with the SM2 curve OID. */
export function sm2Spki(point: Uint8Array): Uint8Array {
  // SEQUENCE { SEQUENCE { OID ecPublicKey, OID sm2p256v1 }, BIT STRING 00 ‖ point }
  const alg = [0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d];
  const bits = [0x03, point.length + 1, 0x00, ...point];
  const body = [...alg, ...bits];
  return Uint8Array.of(0x30, body.length, ...body);
}
