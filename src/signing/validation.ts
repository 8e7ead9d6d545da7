/**
 * Certificate validation as the security service uses it: a validator port
 * (pki-enroll's path validator when it lands — chain to our roots and imported
 * external CAs, validity at a time, revocation DB/OCSP/CRL) and, around it,
 * the service's cache with the freshness policy:
 *  - results are cached per (certificate, time bucket) for at most
 *    `freshnessSeconds`: a revocation is seen within that window, never later;
 *  - concurrent misses for one certificate share one validation (no stampede
 *    when 500 clients present the same certificate);
 *  - bounded size (LRU), so a flood of distinct certificates cannot grow memory.
 * Hard fail: revocation unknown → invalid (SEC_REVOCATION_UNAVAILABLE);
 * soft fail: → valid with that code noted and softFail = true.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../app/clock.js";
import { ERROR_CATALOGUE } from "../shared/errors.js";

export interface CertSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  suite: string | null;
}

export interface RevocationInfo {
  status: "good" | "revoked" | "hold" | "unknown" | "unavailable" | "not-checked";
  source: string | null;
  checkedAt: string | null;
  revokedAt: string | null;
  reason: string | null;
}

export interface ValidationResult {
  valid: boolean;
  code: string | null;
  message: { zh: string; en: string } | null;
  at: string;
  chain: CertSummary[];
  revocation: RevocationInfo;
  softFail: boolean;
}

export interface ValidateOptions {
  /** The time the certificate must have been valid at (a trusted signing time), default now. */
  at?: Date;
  /** Intermediate certificates that came with the certificate (SignedData certificates). */
  extraCerts?: Uint8Array[];
  mode?: "hard" | "soft";
}

/** The port: pki-enroll's validator implements it (see trust-store-validator.ts until then). */
export interface CertificateValidator {
  validate(cert: Uint8Array, opts: ValidateOptions & { at: Date; mode: "hard" | "soft" }): Promise<ValidationResult>;
}

export function messageOf(code: string | null): { zh: string; en: string } | null {
  const spec = code ? (ERROR_CATALOGUE as Record<string, { zh: string; en: string }>)[code] : undefined;
  return spec ? { zh: spec.zh, en: spec.en } : null;
}

export interface CachePolicy {
  freshnessSeconds: number;
  maxEntries: number;
  defaultMode: "hard" | "soft";
}

export class ValidationCache {
  private readonly entries = new Map<string, { result: ValidationResult; expires: number }>();
  private readonly inflight = new Map<string, Promise<ValidationResult>>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: CertificateValidator,
    private readonly clock: Clock,
    readonly policy: CachePolicy,
  ) {}

  async validate(cert: Uint8Array, opts: ValidateOptions = {}): Promise<ValidationResult> {
    const now = this.clock.now();
    const at = opts.at ?? now;
    const mode = opts.mode ?? this.policy.defaultMode;
    // "Now" validations share a bucket per freshness window; a past time is its own key.
    const live = Math.abs(at.getTime() - now.getTime()) < 1000;
    const digest = createHash("sha256").update(cert).digest("hex");
    const key = `${digest}|${mode}|${live ? "now" : at.toISOString()}|${(opts.extraCerts ?? []).length}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > now.getTime()) {
      this.hits++;
      // LRU: re-insert to move to the end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return live ? { ...hit.result, at: now.toISOString() } : hit.result;
    }
    const running = this.inflight.get(key);
    if (running) {
      this.hits++;
      return running;
    }
    this.misses++;
    const p = this.inner
      .validate(cert, { ...opts, at, mode })
      .then((result) => {
        this.entries.delete(key);
        this.entries.set(key, { result, expires: this.clock.now().getTime() + this.policy.freshnessSeconds * 1000 });
        while (this.entries.size > this.policy.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        return result;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** Drops cached results (e.g. right after our own CA revokes something). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
