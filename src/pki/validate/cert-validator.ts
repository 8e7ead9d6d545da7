/**
 * Certificate path validation for certificate login (RA) and the security
 * service: builds the chain from the leaf (plus any intermediates offered)
 * to a trusted CA — our roots and sub-CAs or an imported external CA —
 * verifying each signature as it goes (all three suites; SM2 with the user
 * ID), then checks algorithms, validity at the given time, basic
 * constraints / key usage / path length / unknown critical extensions, the
 * wanted purpose, and revocation (our database; OCSP then CRL for external
 * CAs) under the freshness policy and hard- or soft-fail.
 *
 * The result lists every check with its outcome; when not ok it carries one
 * stable SEC_* code (the first failure in a fixed order of severity).
 */
import { id_kp_clientAuth, id_kp_codeSigning, id_kp_emailProtection, id_kp_OCSPSigning, id_kp_serverAuth, id_kp_timeStamping, KeyUsageFlags } from "@peculiar/asn1-x509";
import type { Clock } from "../../app/clock.js";
import { SECURITY_ERRORS, type SecurityErrorCode } from "../../shared/catalogue/security.js";
import { AppError } from "../../shared/errors.js";
import { certInfoCached, sameName, type CertInfo } from "./cert-info.js";
import type { RevocationChecker, RevocationResult } from "./revocation.js";
import type { TrustedCa, TrustSnapshot, TrustStore } from "./trust-store.js";
import { keyKind, verifyWith } from "./verify-any.js";

export const PURPOSES = { any: "", clientAuth: id_kp_clientAuth, serverAuth: id_kp_serverAuth, emailProtection: id_kp_emailProtection, codeSigning: id_kp_codeSigning, timeStamping: id_kp_timeStamping, ocspSigning: id_kp_OCSPSigning } as const;
export type Purpose = keyof typeof PURPOSES;
const ANY_EKU = "2.5.29.37.0";

export const KEY_USAGES = {
  digitalSignature: KeyUsageFlags.digitalSignature,
  nonRepudiation: KeyUsageFlags.nonRepudiation,
  keyEncipherment: KeyUsageFlags.keyEncipherment,
  dataEncipherment: KeyUsageFlags.dataEncipherment,
  keyAgreement: KeyUsageFlags.keyAgreement,
} as const;
export type KeyUsageName = keyof typeof KEY_USAGES;

export interface ValidateInput {
  /** The end-entity certificate, PEM or DER. */
  cert: Uint8Array | string;
  /** Intermediate CA certificates offered with it (e.g. from a CMS SignedData or TLS). */
  intermediates?: (Uint8Array | string)[];
  /** Validity is checked at this time (e.g. a trusted signing time); default now. Revocation data must be fresh now. */
  at?: Date;
  /** Extended key usage the leaf must allow (when it has the extension); default any. */
  purpose?: Purpose;
  /** Key usage bits the leaf must have (when it has the extension). */
  keyUsage?: KeyUsageName[];
  revocation?: "check" | "skip";
  /** Overrides the configured fail mode for this call. */
  failMode?: "hard" | "soft";
}

export type CheckName = "parse" | "path" | "signature" | "algorithm" | "validity" | "constraints" | "usage" | "revocation";
export type Outcome = "pass" | "fail" | "warn" | "skip";

export interface Check {
  check: CheckName;
  /** Subject of the certificate the check is about. */
  subject: string;
  outcome: Outcome;
  code?: SecurityErrorCode;
  detail: string;
}

export interface ChainElement {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  fingerprint: string;
  /** presented = the leaf or an intermediate the caller gave; own-ca / external-ca = from the trust store. */
  source: "presented" | "own-ca" | "external-ca";
  caId?: string;
  der: Uint8Array;
}

export interface ValidationResult {
  ok: boolean;
  code?: SecurityErrorCode;
  message?: { zh: string; en: string };
  detail?: string;
  at: Date;
  validatedAt: Date;
  /** Leaf first, trust anchor last. Empty when no path was found. */
  chain: ChainElement[];
  trustAnchor?: { caId: string; kind: TrustedCa["kind"] };
  checks: Check[];
  revocation: (RevocationResult & { subject: string; serial: string })[];
  warnings: string[];
}

export interface ValidatorOptions {
  sm2UserId: string;
  failMode: "hard" | "soft";
  maxIntermediates?: number;
}

/** First failing code wins in this order. */
const SEVERITY: SecurityErrorCode[] = [
  "SEC_CERT_MALFORMED",
  "SEC_CHAIN_UNTRUSTED",
  "SEC_ALG_UNSUPPORTED",
  "SEC_SIG_INVALID",
  "SEC_CERT_NOT_YET_VALID",
  "SEC_CERT_EXPIRED",
  "SEC_CERT_USAGE_INVALID",
  "SEC_CERT_REVOKED",
  "SEC_CERT_ON_HOLD",
  "SEC_CERT_UNKNOWN",
  "SEC_REVOCATION_UNAVAILABLE",
];

const MAX_DEPTH = 8;

type PathOutcome = { ok: true; certs: CertInfo[]; anchor: TrustedCa } | { ok: false; code: SecurityErrorCode; detail: string };

export class CertValidator {
  constructor(
    private readonly trust: TrustStore,
    private readonly revocation: RevocationChecker,
    private readonly clock: Clock,
    private readonly opts: ValidatorOptions,
  ) {}

  /** Validates and throws AppError(SEC_*) unless ok; the full result rides along in `extra.validation`. */
  async assertValid(input: ValidateInput): Promise<ValidationResult> {
    const r = await this.validate(input);
    if (!r.ok) throw new AppError(r.code!, { detail: r.detail, extra: { validation: summary(r) } });
    return r;
  }

  async validate(input: ValidateInput): Promise<ValidationResult> {
    const validatedAt = this.clock.now();
    const at = input.at ?? validatedAt;
    const checks: Check[] = [];
    const warnings: string[] = [];
    const revocations: ValidationResult["revocation"] = [];
    const done = (chain: ChainElement[], anchor?: TrustedCa): ValidationResult => {
      const failed = checks.filter((c) => c.outcome === "fail");
      const first = SEVERITY.map((code) => failed.find((c) => c.code === code)).find(Boolean);
      return {
        ok: failed.length === 0,
        ...(first ? { code: first.code!, message: { zh: SECURITY_ERRORS[first.code!].zh, en: SECURITY_ERRORS[first.code!].en }, detail: `${first.subject}: ${first.detail}` } : {}),
        at,
        validatedAt,
        chain,
        ...(anchor ? { trustAnchor: { caId: anchor.caId, kind: anchor.kind } } : {}),
        checks,
        revocation: revocations,
        warnings,
      };
    };

    let leaf: CertInfo;
    try {
      leaf = certInfoCached(input.cert);
    } catch (e) {
      checks.push({ check: "parse", subject: "(input)", outcome: "fail", code: "SEC_CERT_MALFORMED", detail: (e as Error).message });
      return done([]);
    }
    checks.push({ check: "parse", subject: leaf.subject, outcome: "pass", detail: `serial ${leaf.serialHex}` });
    const pool: CertInfo[] = [];
    for (const [i, c] of (input.intermediates ?? []).slice(0, this.opts.maxIntermediates ?? 10).entries()) {
      try {
        pool.push(certInfoCached(c));
      } catch (e) {
        warnings.push(`intermediate #${i + 1} ignored: ${(e as Error).message}`);
      }
    }

    let snap = await this.trust.snapshot();
    let path = this.buildPath(leaf, pool, snap);
    if (!path.ok && path.code === "SEC_CHAIN_UNTRUSTED") {
      // A CA set up or imported on another node (or by `ca init`) since the snapshot: look again (rate-limited).
      const fresh = await this.trust.reloadOnMiss();
      if (fresh) {
        snap = fresh;
        path = this.buildPath(leaf, pool, snap);
      }
    }
    if (!path.ok) {
      checks.push({ check: "path", subject: leaf.subject, outcome: "fail", code: path.code, detail: path.detail });
      return done([]);
    }
    const certs = path.certs;
    const chain: ChainElement[] = certs.map((c) => {
      const t = snap.byFingerprint.get(c.fingerprint);
      return {
        subject: c.subject,
        issuer: c.issuer,
        serial: c.serialHex,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        fingerprint: c.fingerprint,
        source: t ? (t.own ? "own-ca" : "external-ca") : "presented",
        ...(t ? { caId: t.caId } : {}),
        der: c.der,
      };
    });
    checks.push({ check: "path", subject: leaf.subject, outcome: "pass", detail: `${certs.length} certificate(s) to trusted ${path.anchor.kind} CA ${path.anchor.caId}` });
    for (let i = 0; i < certs.length - 1; i++) checks.push({ check: "signature", subject: certs[i]!.subject, outcome: "pass", detail: `${certs[i]!.sigAlgOid} by ${certs[i + 1]!.subject}` });

    const lk = keyKind(leaf.spki);
    if (lk.kind === "unsupported") checks.push({ check: "algorithm", subject: leaf.subject, outcome: "fail", code: "SEC_ALG_UNSUPPORTED", detail: lk.reason });
    else checks.push({ check: "algorithm", subject: leaf.subject, outcome: "pass", detail: lk.kind === "ec" ? `ECDSA ${lk.curve}` : lk.kind === "rsa" ? `RSA ${lk.bits}` : "SM2" });

    for (const c of certs) {
      if (at < c.notBefore) checks.push({ check: "validity", subject: c.subject, outcome: "fail", code: "SEC_CERT_NOT_YET_VALID", detail: `valid from ${c.notBefore.toISOString()}, checked at ${at.toISOString()}` });
      else if (at > c.notAfter) checks.push({ check: "validity", subject: c.subject, outcome: "fail", code: "SEC_CERT_EXPIRED", detail: `expired ${c.notAfter.toISOString()}, checked at ${at.toISOString()}` });
      else checks.push({ check: "validity", subject: c.subject, outcome: "pass", detail: `${c.notBefore.toISOString()} – ${c.notAfter.toISOString()}` });
    }

    this.checkConstraints(certs, path.anchor, checks);
    this.checkUsage(leaf, input, checks);

    const earlierFailure = checks.some((c) => c.outcome === "fail");
    if (input.revocation === "skip" || earlierFailure) {
      checks.push({ check: "revocation", subject: leaf.subject, outcome: "skip", detail: earlierFailure ? "not checked: the certificate already failed" : "not requested" });
      return done(chain, path.anchor);
    }
    const failMode = input.failMode ?? this.opts.failMode;
    const results = await Promise.all(
      certs.slice(0, -1).map((c, i) => {
        const issuerTrust = snap.byFingerprint.get(certs[i + 1]!.fingerprint);
        return issuerTrust?.own ? this.revocation.own(c, issuerTrust.caId) : this.revocation.external(c, certs[i + 1]!);
      }),
    );
    results.forEach((r, i) => {
      const c = certs[i]!;
      revocations.push({ ...r, subject: c.subject, serial: c.serialHex });
      const push = (outcome: Outcome, detail: string, code?: SecurityErrorCode) => checks.push({ check: "revocation", subject: c.subject, outcome, detail, ...(code ? { code } : {}) });
      if (r.status === "good") return push("pass", r.detail);
      if (r.status === "revoked" || r.status === "hold") {
        const code = r.status === "hold" ? "SEC_CERT_ON_HOLD" : "SEC_CERT_REVOKED";
        const when = r.revokedAt ? ` at ${r.revokedAt.toISOString()}` : "";
        if (r.revokedAt && r.revokedAt > at) {
          warnings.push(`${c.subject}: ${r.status === "hold" ? "put on hold" : "revoked"}${when}, after the validation time ${at.toISOString()}`);
          return push("pass", `${r.detail}${when}, after the validation time`);
        }
        return push("fail", `${r.detail}${when}${r.reason !== undefined ? `, reason ${r.reason}` : ""}`, code);
      }
      if (r.status === "unknown") return push("fail", r.detail, "SEC_CERT_UNKNOWN");
      if (failMode === "soft") {
        warnings.push(`${c.subject}: revocation status unavailable (soft-fail): ${r.detail}`);
        return push("warn", r.detail, "SEC_REVOCATION_UNAVAILABLE");
      }
      return push("fail", r.detail, "SEC_REVOCATION_UNAVAILABLE");
    });
    return done(chain, path.anchor);
  }

  /** Depth-first from the leaf: trusted issuers before offered ones, each link's signature verified. */
  private buildPath(leaf: CertInfo, pool: CertInfo[], snap: TrustSnapshot): PathOutcome {
    const misses: { unsupported?: string; badSig?: string } = {};
    const sm2 = this.opts.sm2UserId;
    const walk = (path: CertInfo[]): { certs: CertInfo[]; anchor: TrustedCa } | undefined => {
      const cur = path[path.length - 1]!;
      const trusted = snap.byFingerprint.get(cur.fingerprint);
      if (trusted && cur.selfIssued) return { certs: path, anchor: trusted };
      if (path.length <= MAX_DEPTH) {
        const seen = new Set(path.map((p) => p.fingerprint));
        const candidates = [
          ...snap.issuersNamed(cur.issuerDer).map((t) => t.info),
          ...pool.filter((p) => sameName(p.subjectDer, cur.issuerDer)),
        ]
          .filter((c, i, all) => !seen.has(c.fingerprint) && all.findIndex((x) => x.fingerprint === c.fingerprint) === i)
          .sort((a, b) => Number(b.ski !== null && b.ski === cur.aki) - Number(a.ski !== null && a.ski === cur.aki));
        for (const cand of candidates) {
          const v = verifyWith(cand.spki, cur.sigAlgOid, cur.tbs, cur.signature, sm2);
          if (!v.ok) {
            if (v.unsupported) misses.unsupported ??= `${cur.subject}: ${v.reason}`;
            else misses.badSig ??= `${cur.subject}: ${v.reason} under ${cand.subject}`;
            continue;
          }
          const found = walk([...path, cand]);
          if (found) return found;
        }
      }
      // A trusted CA whose own issuer we do not hold is an anchor itself (an imported intermediate).
      return trusted ? { certs: path, anchor: trusted } : undefined;
    };
    const found = walk([leaf]);
    if (found) return { ok: true, ...found };
    if (misses.unsupported) return { ok: false, code: "SEC_ALG_UNSUPPORTED", detail: misses.unsupported };
    if (misses.badSig) return { ok: false, code: "SEC_SIG_INVALID", detail: misses.badSig };
    return { ok: false, code: "SEC_CHAIN_UNTRUSTED", detail: `no trusted CA issued "${leaf.issuer}"` };
  }

  private checkConstraints(certs: CertInfo[], anchor: TrustedCa, checks: Check[]): void {
    certs.forEach((c, i) => {
      const problems: string[] = [];
      if (c.unknownCritical.length) problems.push(`unrecognised critical extension(s) ${c.unknownCritical.join(", ")}`);
      if (i > 0) {
        const isAnchorV1 = c.fingerprint === anchor.info.fingerprint && c.version < 3;
        if (!isAnchorV1 && c.isCa !== true) problems.push("used as a CA but basicConstraints does not say cA");
        if (c.keyUsage !== undefined && !(c.keyUsage & KeyUsageFlags.keyCertSign)) problems.push("used as a CA but keyUsage lacks keyCertSign");
        // Intermediates below this CA that are not self-issued.
        const below = certs.slice(1, i).filter((x) => !x.selfIssued).length;
        if (c.pathLen !== undefined && below > c.pathLen) problems.push(`path length ${below} exceeds pathLenConstraint ${c.pathLen}`);
      }
      if (problems.length) checks.push({ check: "constraints", subject: c.subject, outcome: "fail", code: "SEC_CERT_USAGE_INVALID", detail: problems.join("; ") });
      else checks.push({ check: "constraints", subject: c.subject, outcome: "pass", detail: i === 0 ? "no unrecognised critical extensions" : `CA${c.pathLen !== undefined ? `, pathLen ${c.pathLen}` : ""}` });
    });
  }

  private checkUsage(leaf: CertInfo, input: ValidateInput, checks: Check[]): void {
    const problems: string[] = [];
    const purpose = input.purpose ?? "any";
    const oid = PURPOSES[purpose];
    if (oid && leaf.eku && !leaf.eku.includes(oid) && !leaf.eku.includes(ANY_EKU)) problems.push(`extendedKeyUsage does not allow ${purpose}`);
    for (const k of input.keyUsage ?? []) if (leaf.keyUsage !== undefined && !(leaf.keyUsage & KEY_USAGES[k])) problems.push(`keyUsage lacks ${k}`);
    if (problems.length) checks.push({ check: "usage", subject: leaf.subject, outcome: "fail", code: "SEC_CERT_USAGE_INVALID", detail: problems.join("; ") });
    else checks.push({ check: "usage", subject: leaf.subject, outcome: "pass", detail: purpose === "any" ? "no purpose required" : `allows ${purpose}` });
  }
}

/** A JSON-friendly summary (no DER) for error extras and logs. */
export function summary(r: ValidationResult): Record<string, unknown> {
  return {
    ok: r.ok,
    code: r.code,
    at: r.at.toISOString(),
    chain: r.chain.map((c) => ({ subject: c.subject, serial: c.serial, source: c.source, caId: c.caId })),
    checks: r.checks,
    warnings: r.warnings,
  };
}
