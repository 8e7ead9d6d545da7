/**
 * RFC 6960 OCSP client for certificates of external CAs: a request with a
 * SHA-1 CertID (what every responder answers) and a random nonce; the
 * response is accepted only if it is signed by the issuing CA itself or by a
 * responder certificate that CA issued with EKU id-kp-OCSPSigning, carries
 * our nonce when it carries one, and answers for exactly this certificate.
 */
import { createHash, randomBytes } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { BasicOCSPResponse, CertID, id_kp_OCSPSigning, id_pkix_ocsp_basic, id_pkix_ocsp_nonce, OCSPRequest, OCSPResponse, OCSPResponseStatus, Request, TBSRequest } from "@peculiar/asn1-ocsp";
import { AlgorithmIdentifier, Extension } from "@peculiar/asn1-x509";
import { bytesOf, childrenOf, readOnly } from "../asn1/der-reader.js";
import { assertDerFraming } from "../asn1/der-signed.js";
import { certInfo, sameName, type CertInfo } from "./cert-info.js";
import { verifyWith } from "./verify-any.js";

const SHA1 = "1.3.14.3.2.26";
const sha1 = (b: Uint8Array) => new Uint8Array(createHash("sha1").update(b).digest());
const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString("hex");

export class OcspError extends Error {}

export interface OcspQuery {
  der: Uint8Array;
  nonce: Uint8Array;
}

export function buildOcspRequest(cert: CertInfo, issuer: CertInfo): OcspQuery {
  const nonce = new Uint8Array(randomBytes(16));
  const req = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [
        new Request({
          reqCert: new CertID({
            hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
            issuerNameHash: new OctetString(sha1(issuer.subjectDer)),
            issuerKeyHash: new OctetString(sha1(issuer.publicKeyBits)),
            serialNumber: new Uint8Array(Buffer.from(cert.serialHex, "hex")).buffer,
          }),
        }),
      ],
      requestExtensions: [new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))) })],
    }),
  });
  return { der: new Uint8Array(AsnConvert.serialize(req)), nonce };
}

export interface OcspAnswer {
  status: "good" | "revoked" | "unknown";
  revokedAt?: Date;
  /** RFC 5280 reason code; 6 = certificateHold. */
  reason?: number;
  thisUpdate: Date;
  nextUpdate?: Date;
  producedAt: Date;
  /** Who signed: "the CA" or the delegated responder's subject. */
  signer: string;
  nonceEchoed: boolean;
}

/** The nonce value inside a nonce extension (OCTET STRING in extnValue), tolerating responders that echo it bare. */
function nonceOf(ext: Extension): Uint8Array {
  const v = new Uint8Array(ext.extnValue.buffer);
  try {
    return new Uint8Array(AsnConvert.parse(v, OctetString).buffer);
  } catch {
    return v;
  }
}

/** The certificates of a BasicOCSPResponse exactly as received (their signatures cover these bytes, not a re-encoding). */
function responderCerts(basicDer: Uint8Array): Uint8Array[] {
  const parts = childrenOf(basicDer, readOnly(basicDer));
  const certsField = parts[3];
  if (!certsField || certsField.tag !== 0xa0) return [];
  const seq = childrenOf(basicDer, certsField)[0];
  return seq ? childrenOf(basicDer, seq).map((t) => bytesOf(basicDer, t)) : [];
}

export function readOcspResponse(der: Uint8Array, ctx: { cert: CertInfo; issuer: CertInfo; nonce: Uint8Array; now: Date; sm2Id: string }): OcspAnswer {
  let resp: OCSPResponse;
  try {
    assertDerFraming(der);
    resp = AsnConvert.parse(der, OCSPResponse);
  } catch (e) {
    throw new OcspError(`malformed OCSP response: ${(e as Error).message}`);
  }
  if (resp.responseStatus !== OCSPResponseStatus.successful) throw new OcspError(`responder answered ${OCSPResponseStatus[resp.responseStatus] ?? resp.responseStatus}`);
  if (!resp.responseBytes || resp.responseBytes.responseType !== id_pkix_ocsp_basic) throw new OcspError("not a basic OCSP response");
  let basic: BasicOCSPResponse;
  const basicDer = new Uint8Array(resp.responseBytes.response.buffer);
  try {
    assertDerFraming(basicDer);
    basic = AsnConvert.parse(basicDer, BasicOCSPResponse);
  } catch (e) {
    throw new OcspError(`malformed BasicOCSPResponse: ${(e as Error).message}`);
  }
  if (!basic.tbsResponseDataRaw) throw new OcspError("no response data");
  const tbs = new Uint8Array(basic.tbsResponseDataRaw);
  const alg = basic.signatureAlgorithm.algorithm;
  const sig = new Uint8Array(basic.signature);

  // Signed by the CA itself, or by a responder certificate issued by it for OCSP signing.
  let signer: string | undefined;
  if (verifyWith(ctx.issuer.spki, alg, tbs, sig, ctx.sm2Id).ok) signer = "the CA";
  else {
    for (const raw of responderCerts(basicDer)) {
      let r: CertInfo;
      try {
        r = certInfo(raw);
      } catch {
        continue;
      }
      if (!sameName(r.issuerDer, ctx.issuer.subjectDer)) continue;
      if (!verifyWith(ctx.issuer.spki, r.sigAlgOid, r.tbs, r.signature, ctx.sm2Id).ok) continue;
      if (!r.eku?.includes(id_kp_OCSPSigning)) continue;
      if (ctx.now < r.notBefore || ctx.now > r.notAfter) continue;
      if (verifyWith(r.spki, alg, tbs, sig, ctx.sm2Id).ok) {
        signer = r.subject;
        break;
      }
    }
  }
  if (!signer) throw new OcspError("the response is not signed by the CA or a responder it authorised");

  const data = basic.tbsResponseData;
  const nonceExt = data.responseExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
  if (nonceExt && Buffer.compare(Buffer.from(nonceOf(nonceExt)), Buffer.from(ctx.nonce)) !== 0) throw new OcspError("nonce mismatch (replayed response?)");

  const wantName = hex(sha1(ctx.issuer.subjectDer));
  const wantKey = hex(sha1(ctx.issuer.publicKeyBits));
  const single = data.responses.find(
    (r) =>
      r.certID.hashAlgorithm.algorithm === SHA1 &&
      hex(r.certID.issuerNameHash.buffer) === wantName &&
      hex(r.certID.issuerKeyHash.buffer) === wantKey &&
      hex(r.certID.serialNumber) === ctx.cert.serialHex,
  );
  if (!single) throw new OcspError("the response does not cover this certificate");
  const st = single.certStatus;
  const base = { thisUpdate: single.thisUpdate, producedAt: data.producedAt, signer, nonceEchoed: Boolean(nonceExt), ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}) };
  if (st.revoked) {
    return { status: "revoked", revokedAt: st.revoked.revocationTime, ...(st.revoked.revocationReason !== undefined ? { reason: Number(st.revoked.revocationReason.reason) } : {}), ...base };
  }
  if (st.good === null) return { status: "good", ...base };
  return { status: "unknown", ...base };
}
