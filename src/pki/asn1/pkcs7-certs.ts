/**
 * The degenerate "certs-only" PKCS#7 / CMS SignedData (RFC 5652 §5, RFC 7030
 * §4.1.3 and §4.2.3): no content, no signers, just a bag of certificates.
 * EST answers cacerts and (re)enroll with it. Certificates go in and come out
 * byte for byte.
 *
 *   ContentInfo ::= SEQUENCE { contentType id-signedData, [0] EXPLICIT SignedData }
 *   SignedData  ::= SEQUENCE { version 1, digestAlgorithms SET {}, encapContentInfo SEQUENCE { id-data },
 *                              certificates [0] IMPLICIT SET OF Certificate, signerInfos SET {} }
 */
import { concat, tlv } from "./der.js";
import { bytesOf, childrenOf, decodeOid, DerError, readOnly, readTlv, valueOf } from "./der-reader.js";

const OID_SIGNED_DATA = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02);
const OID_DATA = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01);

export function buildCertsOnly(certs: Uint8Array[]): Uint8Array {
  for (const c of certs) {
    const t = readOnly(c);
    if (t.tag !== 0x30) throw new DerError("not a certificate");
  }
  const signedData = tlv(
    0x30,
    concat([
      Uint8Array.of(0x02, 0x01, 0x01), // version 1
      Uint8Array.of(0x31, 0x00), // digestAlgorithms: none
      tlv(0x30, OID_DATA), // encapContentInfo without content
      tlv(0xa0, concat(certs)), // certificates [0] IMPLICIT
      Uint8Array.of(0x31, 0x00), // signerInfos: none
    ]),
  );
  return tlv(0x30, concat([OID_SIGNED_DATA, tlv(0xa0, signedData)]));
}

/** The certificates of a certs-only (or any) SignedData, exact DER; throws DerError when it is not one. */
export function parseCertsOnly(der: Uint8Array): Uint8Array[] {
  const top = readOnly(der);
  const ci = childrenOf(der, top);
  if (top.tag !== 0x30 || ci.length !== 2 || ci[0]!.tag !== 0x06 || ci[1]!.tag !== 0xa0) throw new DerError("not a ContentInfo");
  if (decodeOid(valueOf(der, ci[0]!)) !== "1.2.840.113549.1.7.2") throw new DerError("not SignedData");
  const sdTlv = readTlv(der, ci[1]!.valueStart, ci[1]!.end);
  if (sdTlv.tag !== 0x30 || sdTlv.end !== ci[1]!.end) throw new DerError("bad SignedData");
  const sd = childrenOf(der, sdTlv);
  const certsField = sd.find((t) => t.tag === 0xa0);
  if (!certsField) return [];
  return childrenOf(der, certsField)
    .filter((t) => t.tag === 0x30) // other CertificateChoices (attribute certificates) are [n]-tagged
    .map((t) => new Uint8Array(bytesOf(der, t)));
}

/** RFC 7030 bodies are base64 (line breaks allowed); the DER inside. */
export function fromBase64Body(body: string | Uint8Array): Uint8Array {
  const text = typeof body === "string" ? body : Buffer.from(body).toString("latin1");
  const clean = text.replace(/[\r\n\t ]+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw new DerError("not base64");
  return new Uint8Array(Buffer.from(clean, "base64"));
}

/** Base64 in 64-character lines, as EST servers conventionally send. */
export const toBase64Body = (der: Uint8Array): string => `${Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n`;
