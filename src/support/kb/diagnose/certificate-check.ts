/**
 * Self-diagnosis, server side: a bidder pastes a certificate (PEM or bare
 * Base64 DER); we report who it names, who issued it, whether it is within
 * its validity at the server's clock, and its status at our CA when we know
 * it. Anything that is not a certificate is KB_DIAG_CERT_INVALID — never a
 * 500 — and nothing is stored.
 */
import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import type { Clock } from "../../../app/clock.js";
import { nameToString } from "../../../pki/asn1/names.js";
import { OID } from "../../../pki/algs/suite.js";
import { REASON_LABELS, REVOCATION_REASONS, type RevocationReason } from "../../../pki/ca/revocation-reasons.js";
import { AppError } from "../../../shared/errors.js";

export type CertState = "good" | "revoked" | "hold" | "pending" | "unknown";

export interface StatusAnswer {
  /** Where the answer came from: our CA's records, or nowhere (not issued here, or no CA). */
  source: "local-ca" | "none";
  state: CertState;
  revokedAt: string | null;
  reason: string | null;
  reasonZh: string | null;
}

/** Looks a certificate up by serial; implemented over the PKI records (or the PKI service when present). */
export interface CertStatusLookup {
  status(serialHex: string, der: Uint8Array): Promise<StatusAnswer>;
}

export interface CertificateReport {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  validity: "valid" | "not_yet_valid" | "expired";
  daysLeft: number;
  keyAlgorithm: string;
  signatureAlgorithm: string;
  sha256Fingerprint: string;
  selfSigned: boolean;
  status: StatusAnswer;
  checkedAt: string;
}

const DAY = 86_400_000;

const SIG_NAMES: Record<string, string> = {
  [OID.ecdsaWithSha256]: "ECDSA-SHA256",
  [OID.sha256WithRsa]: "RSA-SHA256",
  [OID.sm2WithSm3]: "SM2-SM3",
  "1.2.840.113549.1.1.5": "RSA-SHA1",
  "1.2.840.10045.4.3.3": "ECDSA-SHA384",
  "1.2.840.113549.1.1.12": "RSA-SHA384",
};

/** PEM (first CERTIFICATE block, or any block) or bare Base64 → DER; null when neither. */
export function certificateDer(text: string): Uint8Array | null {
  const trimmed = text.trim();
  const m =
    /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(trimmed) ??
    /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/.exec(trimmed);
  const b64 = (m ? m[1]! : trimmed).replace(/\s+/g, "");
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const der = Buffer.from(b64, "base64");
  return der.length > 0 ? new Uint8Array(der) : null;
}

function keyAlgorithm(spki: SubjectPublicKeyInfo): string {
  const alg = spki.algorithm.algorithm;
  if (alg === OID.rsaEncryption) {
    try {
      // RSAPublicKey ::= SEQUENCE { modulus INTEGER, ... }: the modulus length gives the key size.
      const raw = new Uint8Array(spki.subjectPublicKey);
      const lenByte = raw[1]!;
      const off = lenByte & 0x80 ? 2 + (lenByte & 0x7f) : 2;
      const modLenByte = raw[off + 1]!;
      const modLen = modLenByte & 0x80 ? [...raw.slice(off + 2, off + 2 + (modLenByte & 0x7f))].reduce((a, b) => a * 256 + b, 0) : modLenByte;
      const hdr = modLenByte & 0x80 ? 2 + (modLenByte & 0x7f) : 2;
      const leadingZero = raw[off + hdr] === 0 ? 1 : 0;
      return `RSA ${(modLen - leadingZero) * 8}`;
    } catch {
      return "RSA";
    }
  }
  if (alg === OID.ecPublicKey) {
    const params = spki.algorithm.parameters ? new Uint8Array(spki.algorithm.parameters) : new Uint8Array();
    const hex = Buffer.from(params).toString("hex");
    if (hex === "06082a8648ce3d030107") return "ECDSA P-256";
    if (hex === "06082a811ccf5501822d") return "SM2";
    return "EC";
  }
  return alg;
}

export function parseForDiagnosis(text: string): { cert: Certificate; der: Uint8Array } {
  const der = certificateDer(text);
  if (!der) throw new AppError("KB_DIAG_CERT_INVALID", { detail: "no PEM block or Base64 data found" });
  try {
    const cert = AsnConvert.parse(der, Certificate);
    // A parse that leaves bytes over, or an empty structure, is not a certificate.
    if (AsnConvert.serialize(cert).byteLength !== der.byteLength) throw new Error("trailing or re-encoded bytes");
    return { cert, der };
  } catch (e) {
    throw new AppError("KB_DIAG_CERT_INVALID", { detail: `not an X.509 certificate (${(e as Error).message.slice(0, 120)})` });
  }
}

export class CertificateCheck {
  constructor(
    private readonly clock: Clock,
    private readonly lookup: CertStatusLookup | null,
  ) {}

  async check(text: string): Promise<CertificateReport> {
    const { cert, der } = parseForDiagnosis(text);
    const tbs = cert.tbsCertificate;
    let subject: string, issuer: string, notBefore: Date, notAfter: Date;
    try {
      subject = nameToString(tbs.subject);
      issuer = nameToString(tbs.issuer);
      notBefore = tbs.validity.notBefore.getTime();
      notAfter = tbs.validity.notAfter.getTime();
    } catch (e) {
      throw new AppError("KB_DIAG_CERT_INVALID", { detail: `unreadable name or validity (${(e as Error).message.slice(0, 120)})` });
    }
    const serialNumber = Buffer.from(new Uint8Array(tbs.serialNumber)).toString("hex");
    const now = this.clock.now();
    const validity = now < notBefore ? "not_yet_valid" : now > notAfter ? "expired" : "valid";
    const unknown: StatusAnswer = { source: "none", state: "unknown", revokedAt: null, reason: null, reasonZh: null };
    const status = this.lookup ? await this.lookup.status(serialNumber, der) : unknown;
    return {
      subject,
      issuer,
      serialNumber,
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      validity,
      daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY),
      keyAlgorithm: keyAlgorithm(tbs.subjectPublicKeyInfo),
      signatureAlgorithm: SIG_NAMES[cert.signatureAlgorithm.algorithm] ?? cert.signatureAlgorithm.algorithm,
      sha256Fingerprint: createHash("sha256").update(der).digest("hex"),
      selfSigned: subject === issuer,
      status,
      checkedAt: now.toISOString(),
    };
  }
}

/** The part of the PKI records the lookup needs (store.read.pki satisfies it). */
export interface CertRecordSource {
  certificate(serial: string): Promise<{ certDer: Uint8Array | null; status: string; revokedAt: Date | null; revocationReason: number | null } | undefined>;
}

const reasonName = (code: number | null): RevocationReason | null =>
  code === null ? null : ((Object.entries(REVOCATION_REASONS).find(([, v]) => v === code)?.[0] as RevocationReason | undefined) ?? null);

/** Status from our own CA's records: only for a certificate whose bytes match what we issued under that serial. */
export function localCaStatus(source: CertRecordSource): CertStatusLookup {
  return {
    async status(serialHex, der) {
      const rec = await source.certificate(serialHex);
      if (!rec || !rec.certDer || Buffer.compare(Buffer.from(rec.certDer), Buffer.from(der)) !== 0) {
        return { source: "none", state: "unknown", revokedAt: null, reason: null, reasonZh: null };
      }
      const state: CertState = rec.status === "issued" ? "good" : rec.status === "revoked" ? "revoked" : rec.status === "hold" ? "hold" : "pending";
      const reason = reasonName(rec.revocationReason);
      return { source: "local-ca", state, revokedAt: rec.revokedAt?.toISOString() ?? null, reason, reasonZh: reason ? REASON_LABELS[reason] : null };
    },
  };
}
