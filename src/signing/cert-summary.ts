/** Readable summaries of certificates for API answers (subject, issuer, serial, validity, suite). */
import { readCert, type CertInfo } from "../../sdk/src/cms/cert-info.js";
import { keyKindOf } from "../../sdk/src/crypto/sig-verify.js";
import type { CertSummary } from "./validation.js";

const SUITE = { "ec-p256": "ecdsa-p256", rsa: "rsa-2048", sm2: "sm2" } as const;

export function summarise(c: CertInfo | Uint8Array): CertSummary {
  const info = c instanceof Uint8Array ? readCert(c) : c;
  const kind = keyKindOf(info.spki)?.kind;
  return {
    subject: info.subject,
    issuer: info.issuer,
    serial: info.serialHex,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
    suite: kind ? SUITE[kind] : null,
  };
}

export { readCert, type CertInfo };
