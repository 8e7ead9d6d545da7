/**
 * Just enough of an X.509 certificate for the client side: the raw bytes a
 * signature or a CMS identifier refers to (TBS, issuer, subject, serial,
 * SPKI), validity, CA flag, key identifier, and a readable subject.
 * Strict DER through the shared reader; no Node dependency.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { Name } from "@peculiar/asn1-x509";
import { children, ctx, expectTag, oidText, readOnly, TAG, type Tlv } from "../../../src/pki/asn1/der-strict.js";
import { toHex } from "../bytes.js";
import { SdkError } from "../errors.js";

export interface CertInfo {
  der: Uint8Array;
  tbs: Uint8Array;
  sigAlgOid: string;
  signature: Uint8Array;
  serialHex: string;
  /** Value bytes of the serial INTEGER, as IssuerAndSerialNumber compares them. */
  serial: Uint8Array;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  isCa: boolean;
  subjectKeyId?: Uint8Array;
}

function time(t: Tlv): Date {
  const s = new TextDecoder().decode(t.value);
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  if (!m) throw new Error(`bad time ${s}`);
  let y = Number(m[1]);
  if (t.tag === 0x17) y += y < 50 ? 2000 : 1900;
  return new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

const DN: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.6": "C",
  "2.5.4.8": "ST",
  "2.5.4.7": "L",
  "2.5.4.5": "serialNumber",
  "2.5.4.97": "organizationIdentifier",
  "1.2.840.113549.1.9.1": "E",
};

export function nameText(der: Uint8Array): string {
  try {
    const name = AsnConvert.parse(der, Name);
    return name
      .map((rdn) => rdn.map((a) => `${DN[a.type] ?? a.type}=${a.value.toString()}`).join("+"))
      .reverse()
      .join(", ");
  } catch {
    return toHex(der);
  }
}

export function readCert(der: Uint8Array): CertInfo {
  try {
    const [tbsT, algT, sigT, ...rest] = children(readOnly(der, TAG.SEQUENCE).value, 4);
    if (rest.length) throw new Error("extra fields");
    const tbs = expectTag(tbsT, TAG.SEQUENCE, "tbsCertificate");
    const sigAlgOid = oidText(children(expectTag(algT, TAG.SEQUENCE, "signatureAlgorithm").value, 2)[0]!);
    const sigBits = expectTag(sigT, TAG.BIT_STRING, "signature").value;
    const f = children(tbs.value, 12);
    let i = f[0]?.tag === ctx(0, true) ? 1 : 0;
    const serialT = expectTag(f[i++], TAG.INTEGER, "serialNumber");
    i++; // signature algorithm inside TBS
    const issuer = expectTag(f[i++], TAG.SEQUENCE, "issuer");
    const [nb, na] = children(expectTag(f[i++], TAG.SEQUENCE, "validity").value, 2);
    const subject = expectTag(f[i++], TAG.SEQUENCE, "subject");
    const spki = expectTag(f[i++], TAG.SEQUENCE, "subjectPublicKeyInfo");
    let isCa = false;
    let subjectKeyId: Uint8Array | undefined;
    const exts = f.slice(i).find((t) => t.tag === ctx(3, true));
    if (exts) {
      for (const e of children(readOnly(exts.value, TAG.SEQUENCE).value, 64)) {
        const parts = children(e.value, 3);
        const oid = oidText(parts[0]!);
        const value = parts[parts.length - 1]!.value;
        if (oid === "2.5.29.19") {
          const bc = children(readOnly(value, TAG.SEQUENCE).value, 2);
          isCa = bc[0]?.tag === 0x01 && bc[0].value[0] !== 0;
        } else if (oid === "2.5.29.14") subjectKeyId = readOnly(value, TAG.OCTET_STRING).value;
      }
    }
    return {
      der,
      tbs: tbs.raw,
      sigAlgOid,
      signature: sigBits.subarray(1),
      serial: serialT.value,
      serialHex: toHex(serialT.value),
      issuerDer: issuer.raw,
      subjectDer: subject.raw,
      issuer: nameText(issuer.raw),
      subject: nameText(subject.raw),
      notBefore: time(nb!),
      notAfter: time(na!),
      spki: spki.raw,
      isCa,
      ...(subjectKeyId ? { subjectKeyId } : {}),
    };
  } catch (e) {
    if (e instanceof SdkError) throw e;
    throw SdkError.of("SEC_CMS_MALFORMED", `certificate does not parse: ${(e as Error).message}`);
  }
}
