/**
 * The trust anchors and CA certificates path building may use: our own
 * roots and sub-CAs and the imported external CAs (pki_ca), parsed once and
 * cached briefly; an import in this process invalidates at once, other nodes
 * see it within the TTL.
 */
import type { Clock } from "../../app/clock.js";
import type { ExternalCaInfo, TrustedCaRow } from "../trust/trust.ports.js";
import { certInfo, type CertInfo } from "./cert-info.js";

export interface TrustedCa {
  caId: string;
  kind: "root" | "sub" | "external";
  /** One of ours: revocation comes from our database. */
  own: boolean;
  info: CertInfo;
  ext: ExternalCaInfo | null;
}

export class TrustSnapshot {
  readonly byFingerprint = new Map<string, TrustedCa>();
  readonly bySubject = new Map<string, TrustedCa[]>();

  constructor(rows: TrustedCaRow[]) {
    for (const r of rows) {
      let info: CertInfo;
      try {
        info = certInfo(r.ca.certDer);
      } catch {
        continue; // a damaged row must not take validation down; it simply is not trusted
      }
      const t: TrustedCa = { caId: r.ca.id, kind: r.ca.kind, own: r.ca.kind !== "external", info, ext: r.ext };
      this.byFingerprint.set(info.fingerprint, t);
      const k = Buffer.from(info.subjectDer).toString("hex");
      this.bySubject.set(k, [...(this.bySubject.get(k) ?? []), t]);
    }
  }

  issuersNamed(issuerDer: Uint8Array): TrustedCa[] {
    return this.bySubject.get(Buffer.from(issuerDer).toString("hex")) ?? [];
  }
}

export class TrustStore {
  private cached: { at: number; snap: TrustSnapshot } | undefined;

  constructor(
    private readonly load: () => Promise<TrustedCaRow[]>,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  /** The cached trust anchors, reloaded when older than `maxAgeMs` (default: the TTL). */
  async snapshot(maxAgeMs = this.ttlMs): Promise<TrustSnapshot> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.at < maxAgeMs && now >= this.cached.at) return this.cached.snap;
    const snap = new TrustSnapshot(await this.load());
    this.cached = { at: now, snap };
    return snap;
  }

  private missReloadAt: number | undefined;

  /**
   * A chain was not found: perhaps a CA was set up or imported since the
   * snapshot (here by `ca init`, or on another node). Reloads at most once a
   * second, so a flood of untrusted certificates cannot hammer the database.
   */
  async reloadOnMiss(): Promise<TrustSnapshot | undefined> {
    const now = this.clock.now().getTime();
    if (this.missReloadAt !== undefined && now - this.missReloadAt < 1000 && now >= this.missReloadAt) return undefined;
    this.missReloadAt = now;
    this.cached = undefined;
    return this.snapshot();
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
