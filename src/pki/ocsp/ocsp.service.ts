/**
 * The OCSP responder (RFC 6960). Answers good / revoked (time, reason; a
 * held certificate is revoked with reason certificateHold) / unknown for
 * certificates of our CAs, echoes the nonce, and signs with the delegated
 * OCSP signer the sub-CA issued for its suite (certificates issued by a root
 * are answered with the root's own key, RFC 6960 §4.2.2.2).
 *
 * Caching, so the hot path is a lookup:
 * - per CertID, the SingleResponse DER (status + thisUpdate/nextUpdate);
 * - per request, the whole signed response when the request has no nonce
 *   (RFC 5019 style: identical requests get the identical response).
 * Entries are rebuilt after `refreshMs`. A status change on this node drops
 * them at once; other nodes' changes are noticed through the CRL numbers
 * (every revocation issues a CRL), checked at most every `epochCheckMs`.
 * A generation counter keeps an answer computed before an invalidation from
 * being cached after it.
 *
 * Malformed requests get the protocol's own error (malformedRequest), and
 * the coded AppError rides along for the HTTP layer to log.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { digestOf, SHA1_OID } from "../algs/hash.js";
import { OID, type Signer, type SuiteId } from "../algs/suite.js";
import { certParts } from "../asn1/cert-parts.js";
import { algorithmIdentifierDer } from "../asn1/certificate.js";
import { basicResponse, errorResponse, OCSP_STATUS, parseOcspRequest, responseData, singleResponse, type OcspCertId, type OcspCertStatus } from "../asn1/ocsp.js";
import type { CaService } from "../ca/ca.service.js";
import type { PkiEvents } from "../ca/pki-events.js";
import type { CaRecord } from "../ca/pki.ports.js";

export interface OcspOptions {
  /** thisUpdate → nextUpdate of each answer. */
  validityMs: number;
  /** Cached answers are rebuilt after this long. */
  refreshMs: number;
  /** How often to look for revocations made on other nodes. */
  epochCheckMs: number;
  /** Cache size bound (entries per cache). */
  maxEntries: number;
}

export const DEFAULT_OCSP_OPTIONS: OcspOptions = { validityMs: 4 * 3_600_000, refreshMs: 3_600_000, epochCheckMs: 1000, maxEntries: 100_000 };

export interface OcspAnswer {
  der: Uint8Array;
  /** Served from the whole-response cache. */
  cached: boolean;
  /** Why the request was refused (malformedRequest / unauthorized / internalError). */
  error?: AppError;
}

interface Responder {
  signer: Signer;
  keyHash: Uint8Array;
  certs: Uint8Array[];
  algDer: Uint8Array;
}

interface Cached {
  der: Uint8Array;
  expires: number;
  serials: string[];
}

const HASHES = [SHA1_OID, OID.sha256, OID.sm3];
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const keyOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

export class OcspService {
  private issuers = new Map<string, CaRecord>();
  private issuersLoadedAt = -Infinity;
  private readonly responders = new Map<string, Promise<Responder>>();
  private readonly singles = new Map<string, Cached>();
  private readonly whole = new Map<string, Cached>();
  private knownCrl = new Map<string, number>();
  private lastEpochCheck = -Infinity;
  private epochCheck: Promise<void> | null = null;
  private gen = 0;
  readonly stats = { requests: 0, wholeHits: 0, singleHits: 0, signed: 0, refused: 0 };

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ca: CaService,
    events: PkiEvents,
    private readonly opts: OcspOptions = DEFAULT_OCSP_OPTIONS,
  ) {
    events.onStatusChange((c) => {
      this.invalidate(c.serial);
      this.noteCrl(c.caId, c.crlNumber);
    });
    events.onCrlIssued((caId, n) => this.noteCrl(caId, n));
  }

  /**
   * Drops cached answers about one certificate, every whole response (which may
   * mention it) and the responders (the certificate may be an OCSP signer's).
   */
  invalidate(serial: string): void {
    this.gen++;
    for (const [k, v] of this.singles) if (v.serials[0] === serial) this.singles.delete(k);
    this.whole.clear();
    this.responders.clear();
  }

  /** Drops everything (another node changed something we cannot pin down). */
  flush(): void {
    this.gen++;
    this.singles.clear();
    this.whole.clear();
    this.responders.clear();
  }

  private noteCrl(caId: string, n: number): void {
    const known = this.knownCrl.get(caId);
    // Only step forward by one: a bigger jump means another node issued CRLs too.
    if (known === undefined || known === n - 1) this.knownCrl.set(caId, n);
  }

  private maybeCheckEpoch(now: number): void {
    if (this.epochCheck || now - this.lastEpochCheck < this.opts.epochCheckMs) return;
    this.lastEpochCheck = now;
    this.epochCheck = this.store.read.pki
      .crlNumbers()
      .then((rows) => {
        let changed = false;
        for (const r of rows) {
          const known = this.knownCrl.get(r.caId);
          if (known !== undefined && known !== r.crlNumber) changed = true;
          this.knownCrl.set(r.caId, r.crlNumber);
        }
        if (changed) this.flush();
      })
      .catch(() => this.flush())
      .finally(() => {
        this.epochCheck = null;
      });
  }

  private async loadIssuers(): Promise<void> {
    const map = new Map<string, CaRecord>();
    for (const ca of await this.ca.cas()) {
      if (!ca.keyRef) continue; // external CAs: not ours to answer for
      const p = certParts(ca.certDer);
      for (const h of HASHES) map.set(`${h}|${hex(digestOf(h, p.subjectDer)!)}|${hex(digestOf(h, p.publicKeyBits)!)}`, ca);
    }
    this.issuers = map;
    this.issuersLoadedAt = performance.now();
  }

  private async issuerOf(id: OcspCertId): Promise<CaRecord | undefined> {
    const k = `${id.hashAlg}|${hex(id.issuerNameHash)}|${hex(id.issuerKeyHash)}`;
    let ca = this.issuers.get(k);
    // A CA created since we last looked (e.g. `ca init` from another process); reload at most once a second.
    if (!ca && performance.now() - this.issuersLoadedAt > 1000) {
      await this.loadIssuers();
      ca = this.issuers.get(k);
    }
    return ca;
  }

  private responderFor(issuer: CaRecord): Promise<Responder> {
    let r = this.responders.get(issuer.id);
    if (!r) {
      r = this.buildResponder(issuer);
      r.catch(() => this.responders.delete(issuer.id));
      this.responders.set(issuer.id, r);
    }
    return r;
  }

  private async buildResponder(issuer: CaRecord): Promise<Responder> {
    const now = this.clock.now();
    const svc = await this.store.read.pki.serviceKey("ocsp", issuer.suite);
    const cert = svc ? await this.store.read.pki.certificate(svc.serial) : undefined;
    if (svc && cert?.certDer && cert.caId === issuer.id && cert.status === "issued" && cert.notAfter > now) {
      const signer = await this.ca.signerOf(svc.keyRef);
      return { signer, keyHash: sha1(certParts(cert.certDer).publicKeyBits), certs: [cert.certDer], algDer: algorithmIdentifierDer(signer.suite) };
    }
    const signer = await this.ca.caSigner(issuer);
    return { signer, keyHash: sha1(certParts(issuer.certDer).publicKeyBits), certs: [], algDer: algorithmIdentifierDer(issuer.suite as SuiteId) };
  }

  private async statusOf(issuer: CaRecord, serial: string): Promise<{ status: OcspCertStatus; cacheable: boolean }> {
    const cert = await this.store.read.pki.certificate(serial);
    if (!cert || cert.caId !== issuer.id || cert.status === "pending") return { status: { kind: "unknown" }, cacheable: false };
    if (cert.status === "issued") return { status: { kind: "good" }, cacheable: true };
    return { status: { kind: "revoked", revokedAt: cert.revokedAt!, reason: cert.revocationReason }, cacheable: true };
  }

  /** Answers one DER OCSPRequest with a DER OCSPResponse. Never throws for bad input. */
  async respond(der: Uint8Array): Promise<OcspAnswer> {
    this.stats.requests++;
    const nowDate = this.clock.now();
    const now = nowDate.getTime();
    this.maybeCheckEpoch(now);
    const wholeKey = der.length <= 4096 ? keyOf(der) : null;
    const hit = wholeKey === null ? undefined : this.whole.get(wholeKey);
    if (hit && hit.expires > now) {
      this.stats.wholeHits++;
      return { der: hit.der, cached: true };
    }
    const gen = this.gen;
    try {
      return await this.answer(der, wholeKey, nowDate, gen);
    } catch (e) {
      this.stats.refused++;
      if (e instanceof AppError) {
        const status = e.code === "PKI_OCSP_REQUEST_INVALID" || e.code === "PKI_INPUT_TOO_LARGE" ? OCSP_STATUS.malformedRequest : e.code === "PKI_CA_NOT_FOUND" ? OCSP_STATUS.unauthorized : OCSP_STATUS.internalError;
        return { der: errorResponse(status), cached: false, error: e };
      }
      return { der: errorResponse(OCSP_STATUS.internalError), cached: false, error: new AppError("INTERNAL_ERROR", { detail: (e as Error).message, cause: e }) };
    }
  }

  private async answer(der: Uint8Array, wholeKey: string | null, nowDate: Date, gen: number): Promise<OcspAnswer> {
    const now = nowDate.getTime();
    const req = parseOcspRequest(der);
    let issuer: CaRecord | undefined;
    for (const id of req.certIds) {
      const ca = await this.issuerOf(id);
      if (!ca) throw new AppError("PKI_CA_NOT_FOUND", { detail: `issuer ${hex(id.issuerKeyHash).slice(0, 16)}… is not a CA of this responder` });
      if (issuer && ca.id !== issuer.id) throw new AppError("PKI_CA_NOT_FOUND", { detail: "one request may ask about one issuer's certificates only" });
      issuer = ca;
    }
    const thisUpdate = new Date(Math.floor(now / 1000) * 1000);
    const nextUpdate = new Date(thisUpdate.getTime() + this.opts.validityMs);
    const singles: Uint8Array[] = [];
    let cacheable = true;
    let expires = Infinity;
    const serials: string[] = [];
    for (const id of req.certIds) {
      const k = keyOf(id.der);
      const c = this.singles.get(k);
      if (c && c.expires > now) {
        this.stats.singleHits++;
        singles.push(c.der);
        expires = Math.min(expires, c.expires);
      } else {
        const st = await this.statusOf(issuer!, id.serialHex);
        const single = singleResponse(id.der, st.status, thisUpdate, nextUpdate);
        singles.push(single);
        const exp = thisUpdate.getTime() + this.opts.refreshMs;
        if (st.cacheable && gen === this.gen) {
          if (this.singles.size >= this.opts.maxEntries) this.singles.clear();
          this.singles.set(k, { der: single, expires: exp, serials: [id.serialHex] });
        }
        cacheable &&= st.cacheable;
        expires = Math.min(expires, exp);
      }
      serials.push(id.serialHex);
    }
    const responder = await this.responderFor(issuer!);
    const tbs = responseData(responder.keyHash, thisUpdate, singles, req.nonce);
    const out = basicResponse(tbs, responder.algDer, await responder.signer.sign(tbs), responder.certs);
    this.stats.signed++;
    if (wholeKey !== null && !req.nonce && cacheable && gen === this.gen) {
      if (this.whole.size >= this.opts.maxEntries) this.whole.clear();
      this.whole.set(wholeKey, { der: out, expires, serials });
    }
    return { der: out, cached: false };
  }
}

const sha1 = (b: Uint8Array) => new Uint8Array(createHash("sha1").update(b).digest());
