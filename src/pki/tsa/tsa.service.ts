/**
 * The time-stamp authority (RFC 3161). SHA-256 imprints are stamped by the
 * TSA of the ECDSA P-256 hierarchy (or RSA when that is the only one), SM3
 * imprints by the SM2 hierarchy's TSA. Serials come from a database sequence
 * (unique and increasing across nodes), genTime from the injected clock, and
 * every token is stored before it is returned.
 *
 * `respond` serves the HTTP protocol (refusals are TimeStampResp rejections,
 * the protocol's error channel, with the coded AppError for the log);
 * `stamp` is the internal API for bids, audit anchors and archives.
 */
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { OID, type Signer, type SuiteId } from "../algs/suite.js";
import { certParts } from "../asn1/cert-parts.js";
import { CMS_OID, signCms, verifyCms, type CmsVerifyResult } from "../asn1/cms.js";
import { buildTstInfo, grantedResponse, parseTimeStampReq, parseTstInfo, rejectionResponse, TsaQueryError, type TimeStampQuery, type TstInfo } from "../asn1/tsp.js";
import type { CaService } from "../ca/ca.service.js";
import { TSA_POLICY_OID } from "../ca/naming.js";

export interface TsaOptions {
  policyOid: string;
  /** Claimed accuracy of genTime, in milliseconds. */
  accuracyMs: number;
}

export const DEFAULT_TSA_OPTIONS: TsaOptions = { policyOid: TSA_POLICY_OID, accuracyMs: 1000 };

export type ImprintAlg = "sha256" | "sm3";
const ALG_OID: Record<ImprintAlg, string> = { sha256: OID.sha256, sm3: OID.sm3 };

export interface Stamped {
  /** The token: a CMS ContentInfo (SignedData over TSTInfo). */
  token: Uint8Array;
  serial: number;
  genTime: Date;
  suite: SuiteId;
}

export interface TsaAnswer {
  der: Uint8Array;
  serial?: number;
  error?: AppError;
}

export interface TokenCheck {
  ok: boolean;
  cms: CmsVerifyResult;
  tst: TstInfo;
  /** The TSA certificate that signed it is one of ours (a TSA service certificate in pki_certificate). */
  ourTsa: boolean;
}

interface Unit {
  suite: SuiteId;
  signer: Signer;
  certDer: Uint8Array;
  subjectDer: Uint8Array;
}

export class TsaService {
  private readonly units = new Map<SuiteId, Promise<Unit>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ca: CaService,
    private readonly opts: TsaOptions = DEFAULT_TSA_OPTIONS,
  ) {}

  get policyOid(): string {
    return this.opts.policyOid;
  }

  /** The suite answering SHA-256 imprints, once a TSA key for it is found (like the units, kept for the process). */
  private sha256Suite: SuiteId | undefined;

  private async suiteFor(hashAlg: string): Promise<SuiteId> {
    if (hashAlg === OID.sm3) return "sm2";
    if (this.sha256Suite) return this.sha256Suite;
    if (await this.store.read.pki.serviceKey("tsa", "ecdsa-p256")) return (this.sha256Suite = "ecdsa-p256");
    if (await this.store.read.pki.serviceKey("tsa", "rsa-2048")) return (this.sha256Suite = "rsa-2048");
    return "ecdsa-p256";
  }

  private unit(suite: SuiteId): Promise<Unit> {
    let u = this.units.get(suite);
    if (!u) {
      u = this.loadUnit(suite);
      u.catch(() => this.units.delete(suite));
      this.units.set(suite, u);
    }
    return u;
  }

  private async loadUnit(suite: SuiteId): Promise<Unit> {
    const svc = await this.store.read.pki.serviceKey("tsa", suite);
    const cert = svc ? await this.store.read.pki.certificate(svc.serial) : undefined;
    if (!svc || !cert?.certDer || cert.status !== "issued") throw new AppError("PKI_TSA_UNAVAILABLE", { detail: suite });
    return { suite, signer: await this.ca.signerOf(svc.keyRef), certDer: cert.certDer, subjectDer: certParts(cert.certDer).subjectDer };
  }

  private async issue(q: TimeStampQuery, requestedBy: string): Promise<Stamped> {
    if (q.reqPolicy && q.reqPolicy !== this.opts.policyOid) throw new TsaQueryError("PKI_TSA_POLICY_UNSUPPORTED", "unacceptedPolicy", `policy ${q.reqPolicy}; this TSA issues under ${this.opts.policyOid}`);
    const suite = await this.suiteFor(q.hashAlg);
    let unit: Unit;
    try {
      unit = await this.unit(suite);
    } catch (e) {
      throw e instanceof AppError ? new TsaQueryError(e.code, "systemFailure", e.detail ?? suite) : e;
    }
    const serial = await this.store.read.pki.nextTsaSerial();
    const genTime = this.clock.now();
    const tst = buildTstInfo({ policy: this.opts.policyOid, hashAlg: q.hashAlg, imprint: q.imprint, serial, genTime, accuracyMs: this.opts.accuracyMs, nonceHex: q.nonceHex, tsaName: unit.subjectDer });
    // RFC 3161 §2.4.1: the TSA certificate is included only when asked for.
    const token = await signCms({ signer: unit.signer, signerCert: unit.certDer, includeCerts: q.certReq, content: tst, eContentType: CMS_OID.tstInfo });
    await this.store.read.pki.insertTsaToken({
      serial,
      suite,
      genTime,
      hashAlg: q.hashAlg,
      imprint: Buffer.from(q.imprint).toString("hex"),
      policy: this.opts.policyOid,
      requestedBy,
      tokenDer: token,
    });
    return { token, serial, genTime, suite };
  }

  /** Answers a DER TimeStampReq with a DER TimeStampResp. Never throws for bad input. */
  async respond(queryDer: Uint8Array, requestedBy = "public:tsa"): Promise<TsaAnswer> {
    try {
      const q = parseTimeStampReq(queryDer);
      const s = await this.issue(q, requestedBy);
      return { der: grantedResponse(s.token), serial: s.serial };
    } catch (e) {
      if (e instanceof TsaQueryError) return { der: rejectionResponse(e.failure, e.messageEn), error: e };
      const err = e instanceof AppError ? e : new AppError("INTERNAL_ERROR", { detail: (e as Error).message, cause: e });
      return { der: rejectionResponse("systemFailure", err.messageEn), error: err };
    }
  }

  /** Internal callers: timestamp a digest (32 bytes of SHA-256 or SM3). The token includes the TSA certificate. */
  async stamp(digest: Uint8Array, alg: ImprintAlg, opts: { requestedBy?: string; nonceHex?: string } = {}): Promise<Stamped> {
    const hashAlg = ALG_OID[alg];
    if (!hashAlg) throw new AppError("PKI_TSA_ALG_UNSUPPORTED", { detail: String(alg) });
    if (digest.length !== 32) throw new AppError("PKI_TSA_QUERY_INVALID", { detail: `a ${alg} digest is 32 bytes, got ${digest.length}` });
    return this.issue({ hashAlg, imprint: digest, reqPolicy: null, nonceHex: opts.nonceHex ?? null, certReq: true }, opts.requestedBy ?? "system:tsa");
  }

  /**
   * Verifies a token: CMS signature and digest, TSTInfo readable, signed by a
   * TSA certificate of ours. Path validation of that certificate is the
   * certificate validator's job; this checks it is one we issued as a TSA.
   */
  async verifyToken(token: Uint8Array, extraCerts: Uint8Array[] = []): Promise<TokenCheck> {
    const certs = [...extraCerts];
    for (const suite of ["ecdsa-p256", "sm2", "rsa-2048"] as const) {
      const u = await this.unit(suite).catch(() => undefined);
      if (u) certs.push(u.certDer);
    }
    const cms = verifyCms(token, { certificates: certs });
    if (cms.eContentType !== CMS_OID.tstInfo) throw new AppError("PKI_CMS_MALFORMED", { detail: "not a timestamp token (eContentType is not TSTInfo)" });
    const tst = parseTstInfo(cms.content);
    const rec = await this.store.read.pki.certificate(cms.signerSerial);
    const ourTsa = Boolean(rec && rec.profile === "tsa" && rec.certDer && Buffer.from(rec.certDer).equals(Buffer.from(cms.signerCert)));
    return { ok: cms.ok && ourTsa && tst.policy === this.opts.policyOid, cms, tst, ourTsa };
  }
}
