/**
 * Revocation status of one certificate under its issuer.
 *
 * - Issued by one of our CAs: the database is authoritative (no cache: a
 *   revocation is seen by the next validation).
 * - Issued by an external CA: OCSP first (the certificate's AIA, else the
 *   URLs recorded at import), then the CRL from its distribution points.
 *
 * Freshness policy (config): an answer is reused for at most
 * `cacheSeconds` and never past its nextUpdate; answers whose thisUpdate is
 * older than `maxAgeSeconds` (or whose nextUpdate has passed) are refused.
 * So a revocation published by the CA is seen within `cacheSeconds`.
 * Failures are remembered briefly (≤ 30 s) so a dead responder does not cost
 * every validation a full timeout; that never turns into a "good".
 */
import type { Clock } from "../../app/clock.js";
import type { OwnCertStatus } from "../trust/trust.ports.js";
import type { CertInfo } from "./cert-info.js";
import { CrlError, readCrl, type CrlData } from "./crl-client.js";
import { fetchBytes, type Fetcher } from "./http-fetch.js";
import { buildOcspRequest, OcspError, readOcspResponse } from "./ocsp-client.js";

export interface RevocationPolicy {
  failMode: "hard" | "soft";
  cacheSeconds: number;
  maxAgeSeconds: number;
  timeoutMs: number;
}

export type RevocationStatus = "good" | "revoked" | "hold" | "unknown" | "unavailable";

export interface RevocationResult {
  status: RevocationStatus;
  source: "database" | "ocsp" | "crl" | "none";
  revokedAt?: Date;
  reason?: number;
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** Served from the cache (within the freshness policy). */
  cached: boolean;
  url?: string;
  detail: string;
  /** What was tried, in order, with the outcome — for support staff. */
  attempts: string[];
}

const SKEW_MS = 5 * 60_000;
const NEGATIVE_TTL_MS = 30_000;
const HOLD = 6;

interface Cached<T> {
  value: T;
  until: number;
}

type OcspOutcome = { ok: true; r: RevocationResult } | { ok: false; error: string };
type CrlOutcome = { ok: true; crl: CrlData; url: string; cached?: boolean } | { ok: false; error: string };

export class RevocationChecker {
  private readonly ocspCache = new Map<string, Cached<OcspOutcome>>();
  private readonly crlCache = new Map<string, Cached<CrlOutcome>>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  readonly stats = { ocspFetches: 0, crlFetches: 0, cacheHits: 0 };

  constructor(
    private readonly ownStatus: (serial: string) => Promise<OwnCertStatus | undefined>,
    private readonly clock: Clock,
    readonly policy: RevocationPolicy,
    private readonly sm2Id: string,
    private readonly fetcher: Fetcher = fetchBytes,
  ) {}

  clearCaches(): void {
    this.ocspCache.clear();
    this.crlCache.clear();
  }

  /** A certificate of one of our CAs: the database status. */
  async own(cert: CertInfo, caId: string): Promise<RevocationResult> {
    const rec = await this.ownStatus(cert.serialHex);
    const base = { source: "database" as const, cached: false, attempts: [`database: certificate ${cert.serialHex}`] };
    // Our records hold every certificate we signed; the presented one must be that very certificate.
    if (!rec || rec.caId !== caId || rec.derSha256 !== cert.fingerprint) {
      return { ...base, status: "unknown", detail: `no issuance record of serial ${cert.serialHex} under ${caId}` };
    }
    if (rec.status === "revoked") return { ...base, status: "revoked", ...(rec.revokedAt ? { revokedAt: rec.revokedAt } : {}), reason: rec.reason ?? 0, detail: "revoked (CA database)" };
    if (rec.status === "hold") return { ...base, status: "hold", ...(rec.revokedAt ? { revokedAt: rec.revokedAt } : {}), reason: HOLD, detail: "on hold (CA database)" };
    if (rec.status !== "issued") return { ...base, status: "unknown", detail: `certificate is ${rec.status}` };
    return { ...base, status: "good", detail: "good (CA database)" };
  }

  /** A certificate of an external CA: OCSP, then CRL. */
  async external(cert: CertInfo, issuer: CertInfo, fallback: { ocspUrls: string[]; crlUrls: string[] } = { ocspUrls: [], crlUrls: [] }): Promise<RevocationResult> {
    const attempts: string[] = [];
    const ocspUrls = [...new Set([...cert.ocspUrls, ...fallback.ocspUrls])];
    const crlUrls = [...new Set([...cert.crlUrls, ...fallback.crlUrls])];
    for (const url of ocspUrls) {
      const o = await this.ocsp(url, cert, issuer);
      if (o.ok && o.r.status !== "unknown") return { ...o.r, attempts: [...attempts, `OCSP ${url}: ${o.r.status}${o.r.cached ? " (cached)" : ""}`] };
      attempts.push(`OCSP ${url}: ${o.ok ? "unknown to the responder" : o.error}`);
    }
    for (const url of crlUrls) {
      const c = await this.crl(url, issuer);
      if (!c.ok) {
        attempts.push(`CRL ${url}: ${c.error}`);
        continue;
      }
      const entry = c.crl.revoked.get(cert.serialHex);
      const base = { source: "crl" as const, url, thisUpdate: c.crl.thisUpdate, ...(c.crl.nextUpdate ? { nextUpdate: c.crl.nextUpdate } : {}), cached: Boolean(c.cached) };
      if (!entry) {
        attempts.push(`CRL ${url}: not listed`);
        return { ...base, status: "good", detail: `not on the CRL of ${c.crl.thisUpdate.toISOString()}`, attempts };
      }
      const status = entry.reason === HOLD ? "hold" : "revoked";
      attempts.push(`CRL ${url}: ${status}`);
      return { ...base, status, revokedAt: entry.at, reason: entry.reason, detail: `${status} on the CRL of ${c.crl.thisUpdate.toISOString()}`, attempts };
    }
    if (!ocspUrls.length && !crlUrls.length) attempts.push("no OCSP URL or CRL distribution point");
    return { status: "unavailable", source: "none", cached: false, detail: attempts.join("; "), attempts };
  }

  private freshness(thisUpdate: Date, nextUpdate: Date | undefined, now: number): string | null {
    if (thisUpdate.getTime() > now + SKEW_MS) return `thisUpdate ${thisUpdate.toISOString()} is in the future`;
    if (nextUpdate && nextUpdate.getTime() < now - SKEW_MS) return `stale: nextUpdate ${nextUpdate.toISOString()} has passed`;
    if (now - thisUpdate.getTime() > this.policy.maxAgeSeconds * 1000) return `stale: thisUpdate ${thisUpdate.toISOString()} is older than ${this.policy.maxAgeSeconds} s`;
    return null;
  }

  private until(now: number, thisUpdate: Date, nextUpdate?: Date): number {
    return Math.min(now + this.policy.cacheSeconds * 1000, nextUpdate?.getTime() ?? Infinity, thisUpdate.getTime() + this.policy.maxAgeSeconds * 1000);
  }

  /** One fetch per key at a time: concurrent validations share it. */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const have = this.inflight.get(key) as Promise<T> | undefined;
    if (have) return have;
    const p = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private fromCache<T>(cache: Map<string, Cached<T>>, key: string, now: number): T | undefined {
    const hit = cache.get(key);
    if (!hit) return undefined;
    if (now < hit.until) {
      this.stats.cacheHits++;
      return hit.value;
    }
    cache.delete(key);
    return undefined;
  }

  private remember<T>(cache: Map<string, Cached<T>>, key: string, value: T, until: number): void {
    if (cache.size >= 10_000) cache.delete(cache.keys().next().value!);
    cache.set(key, { value, until });
  }

  private async ocsp(url: string, cert: CertInfo, issuer: CertInfo): Promise<OcspOutcome> {
    const key = `${url}\n${issuer.fingerprint}\n${cert.serialHex}`;
    const now = this.clock.now().getTime();
    const hit = this.fromCache(this.ocspCache, key, now);
    if (hit) return hit.ok ? { ok: true, r: { ...hit.r, cached: true } } : hit;
    return this.once(key, async () => {
      const q = buildOcspRequest(cert, issuer);
      let out: OcspOutcome;
      let until: number;
      try {
        this.stats.ocspFetches++;
        const der = await this.fetcher(url, { method: "POST", body: q.der, contentType: "application/ocsp-request", accept: "application/ocsp-response", timeoutMs: this.policy.timeoutMs, maxBytes: 64 * 1024 });
        const at = this.clock.now().getTime();
        const a = readOcspResponse(der, { cert, issuer, nonce: q.nonce, now: new Date(at), sm2Id: this.sm2Id });
        const stale = this.freshness(a.thisUpdate, a.nextUpdate, at);
        if (stale) throw new OcspError(stale);
        const status: RevocationStatus = a.status === "revoked" ? (a.reason === HOLD ? "hold" : "revoked") : a.status;
        out = {
          ok: true,
          r: {
            status,
            source: "ocsp",
            url,
            thisUpdate: a.thisUpdate,
            ...(a.nextUpdate ? { nextUpdate: a.nextUpdate } : {}),
            ...(a.revokedAt ? { revokedAt: a.revokedAt } : {}),
            ...(a.reason !== undefined ? { reason: a.reason } : {}),
            cached: false,
            detail: `${status} (OCSP, signed by ${a.signer}${a.nonceEchoed ? ", nonce echoed" : ", no nonce"})`,
            attempts: [],
          },
        };
        until = this.until(at, a.thisUpdate, a.nextUpdate);
      } catch (e) {
        out = { ok: false, error: e instanceof OcspError ? e.message : `unreachable: ${(e as Error).message}` };
        until = this.clock.now().getTime() + Math.min(NEGATIVE_TTL_MS, this.policy.cacheSeconds * 1000);
      }
      this.remember(this.ocspCache, key, out, until);
      return out;
    });
  }

  private async crl(url: string, issuer: CertInfo): Promise<CrlOutcome> {
    const key = `${url}\n${issuer.fingerprint}`;
    const now = this.clock.now().getTime();
    const hit = this.fromCache(this.crlCache, key, now);
    if (hit) return hit.ok ? { ...hit, cached: true } : hit;
    return this.once(key, async () => {
      let out: CrlOutcome;
      let until: number;
      try {
        this.stats.crlFetches++;
        const der = await this.fetcher(url, { accept: "application/pkix-crl", timeoutMs: this.policy.timeoutMs, maxBytes: 20 * 1024 * 1024 });
        const crl = readCrl(der, issuer, this.sm2Id);
        const at = this.clock.now().getTime();
        const stale = this.freshness(crl.thisUpdate, crl.nextUpdate, at);
        if (stale) throw new CrlError(stale);
        out = { ok: true, crl, url };
        until = this.until(at, crl.thisUpdate, crl.nextUpdate);
      } catch (e) {
        out = { ok: false, error: e instanceof CrlError ? e.message : `unreachable: ${(e as Error).message}` };
        until = this.clock.now().getTime() + Math.min(NEGATIVE_TTL_MS, this.policy.cacheSeconds * 1000);
      }
      this.remember(this.crlCache, key, out, until);
      return out;
    });
  }
}
