/**
 * Full CRLs per CA (RFC 5280 §5). A CRL is issued in the same transaction as
 * every revocation, hold and release, and `refreshDue` re-issues CRLs whose
 * nextUpdate is near. The CRL number comes from `UPDATE … RETURNING` on the
 * CA row, so it is strictly increasing across nodes, and the row lock it
 * takes serialises CRL issuance per CA (a CRL always lists every revocation
 * committed before it).
 */
import type { Name } from "@peculiar/asn1-x509";
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import type { Repos, Store } from "../../storage/store.js";
import { parseCertificate } from "../asn1/certificate.js";
import { buildCrl } from "../asn1/crl.js";
import type { CaService } from "./ca.service.js";
import type { PkiEvents } from "./pki-events.js";
import type { CaRecord, CrlRecord } from "./pki.ports.js";

const HOUR = 3_600_000;

export interface CrlOptions {
  /** thisUpdate → nextUpdate. */
  validityHours: number;
}

export interface CrlStatus {
  caId: string;
  caName: string;
  suite: string;
  kind: string;
  crlNumber: number | null;
  thisUpdate: Date | null;
  nextUpdate: Date | null;
  entries: number | null;
  /** Past nextUpdate: relying parties will reject it. */
  stale: boolean;
  url: string;
}

export class CrlService {
  private readonly names = new Map<string, Name>();

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ca: CaService,
    private readonly events: PkiEvents,
    private readonly opts: CrlOptions,
  ) {}

  /** Re-issue a CRL when less than this much of its validity is left. */
  get refreshMarginMs(): number {
    return (this.opts.validityHours * HOUR) / 4;
  }

  private issuerName(ca: CaRecord): Name {
    let n = this.names.get(ca.id);
    if (!n) {
      n = parseCertificate(ca.certDer).tbsCertificate.subject;
      this.names.set(ca.id, n);
    }
    return n;
  }

  /**
   * Issues a new CRL for `ca` on the caller's transaction (the revocation's, or
   * refreshDue's) and records it in the audit log there.
   */
  async issueInTx(r: Repos, ca: CaRecord, actor: string, trigger: string): Promise<CrlRecord> {
    const signer = await this.ca.caSigner(ca);
    const crlNumber = await r.pki.nextCrlNumber(ca.id);
    const revoked = await r.pki.revokedOf(ca.id);
    const thisUpdate = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000);
    const nextUpdate = new Date(thisUpdate.getTime() + this.opts.validityHours * HOUR);
    const der = await buildCrl(
      {
        issuer: this.issuerName(ca),
        authorityKeyId: Buffer.from(ca.ski, "hex"),
        crlNumber,
        thisUpdate,
        nextUpdate,
        entries: revoked.map((e) => ({ serialHex: e.serial, revokedAt: e.revokedAt, reasonCode: e.reason })),
      },
      signer,
    );
    const rec: CrlRecord = { caId: ca.id, crlNumber, thisUpdate, nextUpdate, der, entries: revoked.length };
    await r.pki.insertCrl(rec);
    await this.audit.record(r.audit, { actor, action: "pki.crl.issue", subject: `ca:${ca.id}`, payload: { ca: ca.id, crlNumber, entries: revoked.length, trigger, nextUpdate: nextUpdate.toISOString() } });
    return rec;
  }

  private async ownCas(): Promise<CaRecord[]> {
    return (await this.ca.cas()).filter((c) => c.keyRef && (c.kind === "root" || c.kind === "sub"));
  }

  private isDue(latest: CrlRecord | undefined, now: Date): boolean {
    return !latest || latest.nextUpdate.getTime() - now.getTime() <= this.refreshMarginMs;
  }

  /**
   * Issues a CRL for every CA of ours whose latest CRL is missing or within
   * the refresh margin of its nextUpdate. Idempotent: the due check is
   * repeated under the CA row lock, so nodes running it at once issue one
   * CRL, not two. Returns the CRLs issued.
   */
  async refreshDue(now: Date = this.clock.now(), actor = "system:crl-refresh", only?: string[]): Promise<CrlRecord[]> {
    const out: CrlRecord[] = [];
    for (const ca of await this.ownCas()) {
      if (only && !only.includes(ca.id)) continue;
      if (!this.isDue(await this.store.read.pki.latestCrl(ca.id), now)) continue;
      const rec = await this.store.tx(async (r) => {
        const locked = await r.pki.caForUpdate(ca.id);
        if (!locked || !this.isDue(await r.pki.latestCrl(ca.id), now)) return undefined;
        return this.issueInTx(r, locked, actor, "refresh");
      });
      if (rec) {
        this.events.crlIssued(ca.id, rec.crlNumber);
        out.push(rec);
      }
    }
    return out;
  }

  /** Issues a new CRL now for the given CAs (`landtrade ca crl`). */
  async issueNow(caIds: string[], actor: string): Promise<CrlRecord[]> {
    const out: CrlRecord[] = [];
    for (const id of caIds) {
      const rec = await this.store.tx(async (r) => {
        const ca = await r.pki.caForUpdate(id);
        if (!ca) throw new AppError("PKI_CA_NOT_FOUND", { detail: id });
        return this.issueInTx(r, ca, actor, "manual");
      });
      this.events.crlIssued(id, rec.crlNumber);
      out.push(rec);
    }
    return out;
  }

  /** The current CRL of a CA (issuing the first one if there is none yet). */
  async current(caId: string): Promise<CrlRecord> {
    const ca = await this.store.read.pki.ca(caId);
    if (!ca) throw new AppError("PKI_CA_NOT_FOUND", { detail: caId });
    const latest = await this.store.read.pki.latestCrl(caId);
    if (latest) return latest;
    if (!ca.keyRef) throw new AppError("PKI_CRL_UNAVAILABLE", { detail: caId });
    await this.refreshDue(this.clock.now(), "system:crl-refresh", [caId]);
    const issued = await this.store.read.pki.latestCrl(caId);
    if (!issued) throw new AppError("PKI_CRL_UNAVAILABLE", { detail: caId });
    return issued;
  }

  async status(): Promise<CrlStatus[]> {
    const now = this.clock.now();
    const out: CrlStatus[] = [];
    for (const ca of await this.ca.cas()) {
      const l = await this.store.read.pki.latestCrl(ca.id);
      out.push({
        caId: ca.id,
        caName: ca.name,
        suite: ca.suite,
        kind: ca.kind,
        crlNumber: l?.crlNumber ?? null,
        thisUpdate: l?.thisUpdate ?? null,
        nextUpdate: l?.nextUpdate ?? null,
        entries: l?.entries ?? null,
        stale: l ? l.nextUpdate.getTime() <= now.getTime() : true,
        url: this.ca.urls.crl(ca.id),
      });
    }
    return out;
  }
}
