/** What the portal shows of a certificate: serial (as the server stores it), subject CN, validity, suite. */
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { ab, toHex } from "./token/bytes.ts";

export function certSummary(der: Uint8Array): { serial: string; subject: string; notAfter: Date; suite: "ecdsa-p256" | "sm2"; spki: Uint8Array } {
  const c = AsnConvert.parse(ab(der), Certificate);
  let serial = toHex(new Uint8Array(c.tbsCertificate.serialNumber));
  while (serial.length > 2 && serial.startsWith("00") && parseInt(serial[2]!, 16) < 8) serial = serial.slice(2);
  const cn = c.tbsCertificate.subject.flatMap((rdn) => rdn.filter((a) => a.type === "2.5.4.3").map((a) => a.value.toString()))[0] ?? "";
  const spki = new Uint8Array(AsnConvert.serialize(c.tbsCertificate.subjectPublicKeyInfo));
  const params = c.tbsCertificate.subjectPublicKeyInfo.algorithm.parameters;
  const sm2 = params ? toHex(new Uint8Array(params)).includes("2a811ccf5501822d") : false;
  return { serial, subject: cn, notAfter: c.tbsCertificate.validity.notAfter.getTime(), suite: sm2 ? "sm2" : "ecdsa-p256", spki };
}
