/** GM/T 0015 SubjectPublicKeyInfo for an SM2 point: id-ecPublicKey with the SM2 curve OID. */
import { CMS_OID } from "../../../src/pki/asn1/cms-oids.js";
import { encodeOid, encodeSequence, encodeTlv } from "../../../src/pki/asn1/der-writer.js";
import { TAG } from "../../../src/pki/asn1/der-strict.js";

export function sm2SpkiOf(point: Uint8Array): Uint8Array {
  return encodeSequence([encodeSequence([encodeOid(CMS_OID.ecPublicKey), encodeOid(CMS_OID.sm2Curve)]), encodeTlv(TAG.BIT_STRING, Uint8Array.of(0, ...point))]);
}
