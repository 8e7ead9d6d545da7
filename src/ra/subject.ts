/**
 * The certificate subject comes from vetted RA data, never from the request:
 * individuals  C=CN, CN=<name>, serialNumber=<applicant id>
 * enterprises  C=CN, O=<name>, organizationIdentifier=<USCC>, CN=<name>
 * The applicant id keeps namesakes apart without putting the resident ID
 * number into a certificate that every counterparty sees.
 */
import type { DnAttr } from "../pki/asn1/names.js";
import type { ApplicantRecord } from "./ra.ports.js";

export function vettedSubject(a: ApplicantRecord): DnAttr[] {
  if (a.kind === "individual") {
    return [
      ["C", "CN"],
      ["CN", a.name],
      ["serialNumber", a.id],
    ];
  }
  return [
    ["C", "CN"],
    ["O", a.name],
    ["organizationIdentifier", a.uscc!],
    ["CN", a.name],
  ];
}

export const signingProfile = (a: Pick<ApplicantRecord, "kind">): "individual-sign" | "enterprise-sign" =>
  a.kind === "individual" ? "individual-sign" : "enterprise-sign";
