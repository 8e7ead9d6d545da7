/**
 * What the envelope code needs from a recipient's certificate: key type and
 * public key, the identifiers a RecipientInfo names it by, and whether its
 * key usage allows encryption. No Node dependency (shared with the SDK).
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { ECParameters } from "@peculiar/asn1-ecc";
import { Certificate, id_ce_keyUsage, id_ce_subjectKeyIdentifier, KeyUsage, KeyUsageFlags, SubjectKeyIdentifier } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import { CMS_OID } from "./cms-oids.js";

export type RecipientKind = "ec-p256" | "rsa" | "sm2";

export interface RecipientCert {
  der: Uint8Array;
  kind: RecipientKind;
  /** DER Name of the issuer and the serial's INTEGER value bytes, as IssuerAndSerialNumber carries them. */
  issuerDer: Uint8Array;
  serial: Uint8Array;
  spki: Uint8Array;
  /** Uncompressed point for EC keys. */
  point?: Uint8Array;
  subjectKeyId?: Uint8Array;
  keyUsage?: number;
}

export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

function kindOf(cert: Certificate): { kind: RecipientKind; point?: Uint8Array } {
  const info = cert.tbsCertificate.subjectPublicKeyInfo;
  const alg = info.algorithm.algorithm;
  if (alg === CMS_OID.rsaEncryption) return { kind: "rsa" };
  if (alg === CMS_OID.ecPublicKey) {
    const curve = info.algorithm.parameters ? AsnConvert.parse(info.algorithm.parameters, ECParameters).namedCurve : undefined;
    const point = new Uint8Array(info.subjectPublicKey);
    if (point.length !== 65 || point[0] !== 4) throw new AppError("SEC_ALG_UNSUPPORTED", { detail: "EC recipient keys must be uncompressed 256-bit points" });
    if (curve === CMS_OID.prime256v1) return { kind: "ec-p256", point };
    if (curve === CMS_OID.sm2Curve) return { kind: "sm2", point };
    throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `recipient curve ${curve ?? "(explicit)"}; use P-256 or SM2` });
  }
  throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `recipient key algorithm ${alg}` });
}

export function readRecipientCert(der: Uint8Array): RecipientCert {
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch (e) {
    throw new AppError("SEC_CMS_MALFORMED", { detail: `recipient certificate does not parse: ${(e as Error).message}` });
  }
  const tbs = cert.tbsCertificate;
  const { kind, point } = kindOf(cert);
  let keyUsage: number | undefined;
  let subjectKeyId: Uint8Array | undefined;
  for (const e of tbs.extensions ?? []) {
    if (e.extnID === id_ce_keyUsage) keyUsage = AsnConvert.parse(e.extnValue, KeyUsage).toNumber();
    if (e.extnID === id_ce_subjectKeyIdentifier) subjectKeyId = new Uint8Array(AsnConvert.parse(e.extnValue, SubjectKeyIdentifier).buffer);
  }
  return {
    der,
    kind,
    issuerDer: new Uint8Array(AsnConvert.serialize(tbs.issuer)),
    serial: new Uint8Array(tbs.serialNumber),
    spki: new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
    ...(point ? { point } : {}),
    ...(subjectKeyId ? { subjectKeyId } : {}),
    ...(keyUsage !== undefined ? { keyUsage } : {}),
  };
}

const F = KeyUsageFlags;
const ALLOWED: Record<RecipientKind, number> = {
  "ec-p256": F.keyAgreement,
  rsa: F.keyEncipherment,
  // GM/T 0015 encryption certificates carry keyAgreement/dataEncipherment or keyEncipherment.
  sm2: F.keyAgreement | F.dataEncipherment | F.keyEncipherment,
};

/** Refuses certificates whose key usage does not allow them to receive a content key. */
export function assertEncryptionCapable(r: RecipientCert): void {
  if (r.keyUsage !== undefined && (r.keyUsage & ALLOWED[r.kind]) === 0) {
    throw new AppError("SEC_RECIPIENT_UNSUITABLE", { detail: `key usage of certificate ${hex(r.serial)} does not allow encryption (${r.kind})` });
  }
}

export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
