/**
 * What login and binding need to know about a certificate the client sent:
 * serial, key, issuer, subject attributes, key usage. Malformed input is a
 * coded error (RA_LOGIN_CERT_INVALID), never a crash.
 */
import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate, id_ce_keyUsage, KeyUsage, KeyUsageFlags } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import type { SuiteId } from "../../pki/algs/suite.js";
import { suiteOfSpki } from "../../pki/algs/verify.js";
import { assertSingleDer, decodeInput } from "../../pki/asn1/csr.js";
import { toHex } from "../../pki/asn1/der.js";
import { DN_OID, nameToString } from "../../pki/asn1/names.js";

export interface CertInfo {
  der: Uint8Array;
  sha256: string;
  serial: string;
  spki: Uint8Array;
  suite: SuiteId;
  issuer: string;
  subject: string;
  /** Subject attribute values by short name (CN, O, serialNumber, organizationIdentifier, …). */
  subjectAttrs: Record<string, string>;
  notBefore: Date;
  notAfter: Date;
  /** KeyUsage bits, or null when the extension is absent. */
  keyUsage: number | null;
}

const SHORT: Record<string, string> = Object.fromEntries(Object.entries(DN_OID).map(([k, v]) => [v, k]));

export function certInfo(input: Uint8Array | string): CertInfo {
  let der: Uint8Array;
  let cert: Certificate;
  try {
    der = decodeInput(input);
    assertSingleDer(der, "RA_LOGIN_CERT_INVALID");
    cert = AsnConvert.parse(der, Certificate);
  } catch (e) {
    if (e instanceof AppError && e.code !== "PKI_CSR_INVALID") throw e.code === "PKI_INPUT_TOO_LARGE" ? e : new AppError("RA_LOGIN_CERT_INVALID", { detail: e.detail });
    throw new AppError("RA_LOGIN_CERT_INVALID", { detail: (e as Error).message });
  }
  const tbs = cert.tbsCertificate;
  const spki = new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
  let suite: SuiteId;
  try {
    suite = suiteOfSpki(spki);
  } catch (e) {
    throw new AppError("RA_LOGIN_CERT_INVALID", { detail: (e as AppError).detail ?? "unsupported key" });
  }
  const subjectAttrs: Record<string, string> = {};
  for (const rdn of tbs.subject) for (const atv of rdn) subjectAttrs[SHORT[atv.type] ?? atv.type] = atv.value.toString();
  let keyUsage: number | null = null;
  const ku = tbs.extensions?.find((e) => e.extnID === id_ce_keyUsage);
  if (ku) {
    try {
      keyUsage = AsnConvert.parse(ku.extnValue, KeyUsage).toNumber();
    } catch {
      throw new AppError("RA_LOGIN_CERT_INVALID", { detail: "malformed keyUsage" });
    }
  }
  // Serial as stored by our CA: the DER INTEGER content in lower-case hex.
  let serial = toHex(tbs.serialNumber);
  while (serial.length > 2 && serial.startsWith("00") && Number.parseInt(serial[2]!, 16) < 8) serial = serial.slice(2);
  return {
    der,
    sha256: createHash("sha256").update(der).digest("hex"),
    serial,
    spki,
    suite,
    issuer: nameToString(tbs.issuer),
    subject: nameToString(tbs.subject),
    subjectAttrs,
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    keyUsage,
  };
}

/** May this certificate sign a login challenge? (digitalSignature, or no keyUsage extension at all.) */
export const canSign = (c: CertInfo): boolean => c.keyUsage === null || (c.keyUsage & KeyUsageFlags.digitalSignature) !== 0;
