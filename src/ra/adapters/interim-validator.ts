/**
 * INTERIM adapter for CertificateValidatorPort until the path validator of
 * the pki-enroll branch (src/pki/validate) lands; app/container.ts then binds
 * the real one. It checks what login needs from our own CAs: issuer found
 * among our CA rows and its signature verifies, validity at `at`, and the
 * revocation status recorded in the database. Imported external CAs get
 * `revocation_unavailable` here (fail closed): OCSP/CRL checking is the
 * validator's job.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import type { Store } from "../../storage/store.js";
import { verifySignature } from "../../pki/algs/verify.js";
import { nameToString } from "../../pki/asn1/names.js";
import type { CertificateValidatorPort, ValidationOutcome } from "../external.ports.js";
import { certInfo } from "../login/cert-info.js";

export class InterimValidator implements CertificateValidatorPort {
  constructor(
    private readonly store: Store,
    private readonly sm2UserId: string,
  ) {}

  async validate(certDer: Uint8Array, opts: { chain?: Uint8Array[]; at: Date }): Promise<ValidationOutcome> {
    const cert = AsnConvert.parse(certDer, Certificate);
    const info = certInfo(certDer);
    const cas = await this.store.read.pki.cas();
    const issuerName = nameToString(cert.tbsCertificate.issuer);
    const tbs = new Uint8Array(cert.tbsCertificateRaw ?? AsnConvert.serialize(cert.tbsCertificate));
    const issuer = cas.find((ca) => {
      if (ca.name !== issuerName) return false;
      const caCert = AsnConvert.parse(ca.certDer, Certificate);
      const spki = new Uint8Array(AsnConvert.serialize(caCert.tbsCertificate.subjectPublicKeyInfo));
      return verifySignature(spki, cert.signatureAlgorithm.algorithm, tbs, new Uint8Array(cert.signatureValue), { sm2Id: this.sm2UserId });
    });
    if (!issuer) return { ok: false, failure: "untrusted", code: "SEC_CHAIN_UNTRUSTED", detail: issuerName };
    if (issuer.notAfter < opts.at) return { ok: false, failure: "expired", code: "SEC_CERT_EXPIRED", detail: `issuer ${issuer.id} expired` };
    if (info.notBefore > opts.at) return { ok: false, failure: "not_yet_valid", code: "SEC_CERT_NOT_YET_VALID" };
    if (info.notAfter < opts.at) return { ok: false, failure: "expired", code: "SEC_CERT_EXPIRED" };
    if (issuer.kind === "external") return { ok: false, failure: "revocation_unavailable", code: "SEC_REVOCATION_UNAVAILABLE", detail: "external CA (interim validator)" };
    const rec = await this.store.read.pki.certificate(info.serial);
    if (!rec || rec.caId !== issuer.id) return { ok: false, failure: "untrusted", code: "SEC_CHAIN_UNTRUSTED", detail: "not in the issuer's records" };
    if (rec.status === "revoked") return { ok: false, failure: "revoked", code: "SEC_CERT_REVOKED" };
    if (rec.status === "hold") return { ok: false, failure: "on_hold", code: "SEC_CERT_ON_HOLD" };
    return { ok: true, caId: issuer.id, issuer: issuerName };
  }
}
