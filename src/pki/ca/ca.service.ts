/**
 * The certificate authority: sets up a hierarchy per suite (root → bureau
 * sub-CA → OCSP signer + TSA), issues from PKCS#10 with proof of possession,
 * lints every to-be-signed certificate, and records it before signing
 * (persist intent, then sign: a crash leaves a pending row that
 * resumePending() signs, never an unrecorded certificate).
 */
import { createHash } from "node:crypto";
import type { Name } from "@peculiar/asn1-x509";
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import type { AuditService } from "../../ops/audit.service.js";
import type { Repos, Store } from "../../storage/store.js";
import { SUITES, type Signer, type SuiteId } from "../algs/suite.js";
import { buildExtensions, buildTbs, keyIdentifierOf, signTbs, toPem } from "../asn1/certificate.js";
import { parseCsr } from "../asn1/csr.js";
import { toHex } from "../asn1/der.js";
import { buildName, nameDer, nameInfo, nameToString, type DnAttr, type NameInfo } from "../asn1/names.js";
import type { KeyRef, KeyStore } from "../keys/key-store.js";
import { IssuancePlanner } from "./issuance-planner.js";
import { lintTbs } from "./lint.js";
import { BUREAU, caIdOf, caSubject, pkiUrls, serviceSubject, type PkiUrls } from "./naming.js";
import type { CaRecord, CertQuery, CertRecord } from "./pki.ports.js";
import { profileById, PROFILES, type Profile } from "./profiles.js";
import { randomSerial } from "./serial.js";

const DAY = 86_400_000;

export interface CaOptions {
  publicUrl: string;
  sm2UserId: string;
  certValidityDays: number;
}

export interface IssueRequest {
  suite: SuiteId;
  csr: Uint8Array | string;
  profile: string;
  actor: string;
  /** "admin": server/system certificates from `ca issue`; "ra": vetted applications (subject from RA data). */
  via: "admin" | "ra";
  /** Required for RA issuance: the vetted subject. The CSR's subject is ignored then. */
  subject?: DnAttr[];
  holder?: string;
  validityDays?: number;
}

export interface IssueOptions {
  /** Runs inside the transaction that records the to-be-signed certificates, before they are inserted. */
  inTx?: (repos: Repos, records: CertRecord[]) => Promise<void>;
}

export interface Issued {
  serial: string;
  certDer: Uint8Array;
  /** Issuer chain up to and including the root, DER. */
  chain: Uint8Array[];
  record: CertRecord;
}

export interface Hierarchy {
  root: CaRecord;
  sub: CaRecord;
  ocspSerial: string;
  tsaSerial: string;
}

interface BuiltCert {
  record: CertRecord;
  certDer: Uint8Array;
}

/** A subject as issuance uses it: exact DER plus its text and attribute types. */
interface Subject {
  der: Uint8Array;
  info: NameInfo;
}

const subjectOf = (name: Name): Subject => {
  const der = nameDer(name);
  return { der, info: nameInfo(der) };
};

export const spkiHash = (spki: Uint8Array): string => createHash("sha256").update(spki).digest("hex");

export function assertSuite(s: string): SuiteId {
  if (!(SUITES as readonly string[]).includes(s)) throw new AppError("PKI_SUITE_UNKNOWN", { detail: `${s}; known: ${SUITES.join(", ")}` });
  return s as SuiteId;
}

export class CaService {
  readonly urls: PkiUrls;
  private readonly signers = new Map<string, Signer>();
  private readonly planner: IssuancePlanner;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keys: KeyStore,
    private readonly opts: CaOptions,
  ) {
    this.urls = pkiUrls(opts.publicUrl);
    this.planner = new IssuancePlanner(this.urls, opts.publicUrl, opts.certValidityDays);
  }

  // ---- queries -------------------------------------------------------------

  cas(): Promise<CaRecord[]> {
    return this.store.read.pki.cas();
  }

  async ca(id: string): Promise<CaRecord> {
    const ca = await this.store.read.pki.ca(id);
    if (!ca) throw new AppError("PKI_CA_NOT_INITIALISED", { detail: id });
    return ca;
  }

  /** The issuing (sub-)CA of a suite. */
  async issuingCa(suite: SuiteId): Promise<CaRecord> {
    const ca = await this.store.read.pki.ca(caIdOf(suite, "sub"));
    if (!ca) throw new AppError("PKI_CA_NOT_INITIALISED", { detail: suite });
    return ca;
  }

  /** [sub-CA, root] DER for a suite. */
  async chain(suite: SuiteId): Promise<Uint8Array[]> {
    const sub = await this.issuingCa(suite);
    const root = await this.ca(sub.parentId!);
    return [sub.certDer, root.certDer];
  }

  async chainPem(suite: SuiteId): Promise<string> {
    return (await this.chain(suite)).map((d) => toPem(d, "CERTIFICATE")).join("");
  }

  certificate(serial: string): Promise<CertRecord | undefined> {
    return this.store.read.pki.certificate(serial);
  }

  find(q: CertQuery): Promise<CertRecord[]> {
    return this.store.read.pki.findCertificates(q);
  }

  async signerOf(keyRef: KeyRef): Promise<Signer> {
    const k = `${keyRef.store}:${keyRef.id}`;
    let s = this.signers.get(k);
    if (!s) {
      s = await this.keys.signer(keyRef);
      this.signers.set(k, s);
    }
    return s;
  }

  async caSigner(ca: CaRecord): Promise<Signer> {
    if (!ca.keyRef) throw new AppError("PKI_CA_NOT_INITIALISED", { detail: `${ca.id} has no key here (external CA)` });
    return this.signerOf(ca.keyRef);
  }

  // ---- hierarchy -----------------------------------------------------------

  async init(suite: SuiteId, actor: string): Promise<Hierarchy> {
    const rootId = caIdOf(suite, "root");
    const subId = caIdOf(suite, "sub");
    if (await this.store.read.pki.ca(rootId)) throw new AppError("PKI_CA_EXISTS", { detail: suite });
    const now = this.clock.now();
    const start = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);

    const rootKey = await this.keys.generate(suite, `${BUREAU} root CA (${suite})`);
    const rootSigner = await this.signerOf(rootKey);
    const rootProfile = PROFILES["root-ca"];
    const rootName = buildName(caSubject(suite, "root"));
    const rootSki = keyIdentifierOf(rootKey.spki);
    const rootSerial = randomSerial();
    const rootTbs = buildTbs({
      serial: rootSerial.bytes,
      signatureSuite: suite,
      issuer: rootName,
      subject: rootName,
      notBefore: start,
      notAfter: new Date(start.getTime() + rootProfile.validityDays * DAY),
      spki: rootKey.spki,
      extensions: buildExtensions({ isCa: true, keyUsage: rootProfile.keyUsage, subjectKeyId: rootSki }),
    });
    this.lint(rootTbs, { profile: rootProfile, keySuite: suite, issuerSuite: suite, issuerNotBefore: start, issuerNotAfter: start, selfSigned: true });
    const rootDer = await signTbs(rootTbs, rootSigner);
    const root: CaRecord = {
      id: rootId,
      suite,
      kind: "root",
      name: nameToString(rootName),
      parentId: null,
      keyRef: { store: rootKey.store, id: rootKey.id, suite },
      certDer: rootDer,
      ski: toHex(rootSki),
      notBefore: start,
      notAfter: new Date(start.getTime() + rootProfile.validityDays * DAY),
      crlNumber: 0,
      createdAt: now,
    };

    const subKey = await this.keys.generate(suite, `${BUREAU} sub-CA (${suite})`);
    const subBuilt = await this.build(root, rootSigner, PROFILES["sub-ca"], buildName(caSubject(suite, "sub")), subKey.spki, suite, actor, null, start);
    const sub: CaRecord = {
      id: subId,
      suite,
      kind: "sub",
      name: subBuilt.record.subject,
      parentId: rootId,
      keyRef: { store: subKey.store, id: subKey.id, suite },
      certDer: subBuilt.certDer,
      ski: toHex(keyIdentifierOf(subKey.spki)),
      notBefore: subBuilt.record.notBefore,
      notAfter: subBuilt.record.notAfter,
      crlNumber: 0,
      createdAt: now,
    };
    const subSigner = await this.signerOf(sub.keyRef!);

    const ocspKey = await this.keys.generate(suite, `OCSP signer (${suite})`);
    const ocsp = await this.build(sub, subSigner, PROFILES["ocsp-signer"], buildName(serviceSubject(suite, "ocsp")), ocspKey.spki, suite, actor, null, start);
    const tsaKey = await this.keys.generate(suite, `TSA (${suite})`);
    const tsa = await this.build(sub, subSigner, PROFILES.tsa, buildName(serviceSubject(suite, "tsa")), tsaKey.spki, suite, actor, null, start);

    await this.store.tx(async (r) => {
      await r.pki.insertCa(root);
      await r.pki.insertCertificates([subBuilt.record]);
      await r.pki.insertCa(sub);
      await r.pki.insertCertificates([ocsp.record, tsa.record]);
      await r.pki.setServiceKey("ocsp", suite, ocsp.record.serial, { store: ocspKey.store, id: ocspKey.id, suite }, now);
      await r.pki.setServiceKey("tsa", suite, tsa.record.serial, { store: tsaKey.store, id: tsaKey.id, suite }, now);
      await this.audit.record(r.audit, {
        actor,
        action: "pki.ca.init",
        subject: `ca:${suite}`,
        payload: {
          suite,
          root: { id: rootId, serial: rootSerial.hex, key: `${rootKey.store}:${rootKey.id}` },
          sub: { id: subId, serial: subBuilt.record.serial, key: `${subKey.store}:${subKey.id}` },
          ocspSigner: ocsp.record.serial,
          tsa: tsa.record.serial,
        },
      });
    });
    return { root, sub, ocspSerial: ocsp.record.serial, tsaSerial: tsa.record.serial };
  }

  /** Builds, lints and signs one certificate under `issuer` (no storage; init records everything in one transaction). */
  private async build(
    issuer: CaRecord,
    issuerSigner: Signer,
    profile: Profile,
    subject: Name,
    spki: Uint8Array,
    keySuite: SuiteId,
    actor: string,
    holder: string | null,
    notBefore: Date,
    opts: { dnsNames?: string[]; validityDays?: number } = {},
  ): Promise<BuiltCert> {
    const { tbs, record } = this.plan(issuer, profile, subjectOf(subject), spki, keySuite, actor, holder, notBefore, { ...opts, fullLint: true });
    const certDer = await signTbs(tbs, issuerSigner);
    return { record: { ...record, certDer, status: "issued", issuedAt: this.clock.now() }, certDer };
  }

  private plan(
    issuer: CaRecord,
    profile: Profile,
    subject: Subject,
    spki: Uint8Array,
    keySuite: SuiteId,
    actor: string,
    holder: string | null,
    notBefore: Date,
    opts: { dnsNames?: string[]; validityDays?: number; fullLint?: boolean } = {},
  ): { tbs: Uint8Array; record: CertRecord } {
    const plan = this.planner.plan(
      { issuer, profile, subject: subject.info, subjectDer: subject.der, spki, keySuite, notBefore, ...(opts.dnsNames ? { dnsNames: opts.dnsNames } : {}), ...(opts.validityDays ? { validityDays: opts.validityDays } : {}) },
      { fullLint: opts.fullLint ?? false },
    );
    const record: CertRecord = {
      serial: plan.serialHex,
      caId: issuer.id,
      profile: profile.id,
      suite: keySuite,
      subject: subject.info.text,
      spkiSha256: spkiHash(spki),
      tbsDer: plan.tbs,
      certDer: null,
      status: "pending",
      notBefore,
      notAfter: plan.notAfter,
      revokedAt: null,
      revocationReason: null,
      holder,
      requestedBy: actor,
      createdAt: this.clock.now(),
      issuedAt: null,
    };
    return { tbs: plan.tbs, record };
  }

  private lint(tbs: Uint8Array, ctx: Omit<Parameters<typeof lintTbs>[1], "publicUrl">): void {
    const problems = lintTbs(tbs, { ...ctx, publicUrl: this.opts.publicUrl });
    if (problems.length) throw new AppError("PKI_LINT_FAILED", { detail: problems.join("; ") });
  }

  // ---- issuance ------------------------------------------------------------

  async issue(req: IssueRequest, opts: IssueOptions = {}): Promise<Issued> {
    const [out] = await this.issueMany([req], opts);
    return out!;
  }

  /**
   * Issues a batch: every request is validated and linted first (one bad
   * request fails the batch before anything is stored), all to-be-signed
   * certificates and one audit entry per certificate are committed in one
   * transaction, then each is signed and marked issued.
   */
  async issueMany(reqs: IssueRequest[], opts: IssueOptions = {}): Promise<Issued[]> {
    const now = this.clock.now();
    const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const plans: { tbs: Uint8Array; record: CertRecord; issuer: CaRecord; req: IssueRequest }[] = [];
    // Looked up once per batch, not per certificate.
    const issuers = new Map<SuiteId, CaRecord>();
    const parsed = reqs.map((req) => {
      assertSuite(req.suite); // callers outside TypeScript (CLI, HTTP) may pass anything
      const profile = profileById(req.profile);
      if (profile.isCa) throw new AppError("PKI_PROFILE_NOT_ALLOWED", { detail: `${profile.id} is created by ca init only` });
      if (req.via === "admin" && !profile.adminIssuable) throw new AppError("PKI_PROFILE_NOT_ALLOWED", { detail: profile.id });
      if (req.via === "ra" && !req.subject?.length) throw new AppError("PKI_PROFILE_NOT_ALLOWED", { detail: "RA issuance needs the vetted subject" });
      const csr = parseCsr(req.csr, { sm2Id: this.opts.sm2UserId });
      if (req.suite === "sm2" && csr.suite !== "sm2") throw new AppError("PKI_KEY_UNSUPPORTED", { detail: `the SM2 CA certifies SM2 keys only (got ${csr.suite})` });
      if (req.suite !== "sm2" && csr.suite === "sm2") throw new AppError("PKI_KEY_UNSUPPORTED", { detail: `SM2 keys are certified by the SM2 CA (suite sm2)` });
      return { req, profile, csr, keyHash: spkiHash(csr.spki) };
    });
    const holders = await this.store.read.pki.holdersOfKeys([...new Set(parsed.map((x) => x.keyHash))]);
    const seenKeys = new Map<string, string>();
    for (const { req, profile, csr, keyHash } of parsed) {
      let issuer = issuers.get(req.suite);
      if (!issuer) {
        issuer = await this.issuingCa(req.suite);
        issuers.set(req.suite, issuer);
      }
      // Subject: vetted RA data for RA issuance, never the CSR's; the CSR's for admin-issued system certificates.
      const subject = req.via === "ra" ? subjectOf(buildName(req.subject!)) : { der: csr.subjectDer, info: { text: csr.subjectText, types: csr.subjectTypes } };
      const subjectText = subject.info.text;
      const other = holders.find((x) => x.spkiSha256 === keyHash && x.subject !== subjectText) ?? (seenKeys.has(keyHash) && seenKeys.get(keyHash) !== subjectText ? { serial: "(this batch)" } : undefined);
      if (other) throw new AppError("PKI_KEY_ALREADY_CERTIFIED", { detail: `key ${keyHash.slice(0, 16)}… is certified in ${other.serial}` });
      seenKeys.set(keyHash, subjectText);
      const { tbs, record } = this.plan(issuer, profile, subject, csr.spki, csr.suite, req.actor, req.holder ?? null, notBefore, {
        dnsNames: profile.requiresDnsSan ? csr.dnsNames : [],
        ...(req.validityDays ? { validityDays: req.validityDays } : {}),
      });
      plans.push({ tbs, record, issuer, req });
    }

    await this.store.tx(async (r) => {
      // The caller's part of the same transaction first (e.g. consuming a one-time EST grant): if it throws, nothing is recorded.
      await opts.inTx?.(r, plans.map((p) => p.record));
      await r.pki.insertCertificates(plans.map((p) => p.record));
      await this.audit.recordMany(
        r.audit,
        plans.map((p) => ({
          actor: p.req.actor,
          action: "pki.cert.issue",
          subject: `cert:${p.record.serial}`,
          payload: { serial: p.record.serial, ca: p.issuer.id, profile: p.record.profile, subject: p.record.subject, holder: p.record.holder, spkiSha256: p.record.spkiSha256, via: p.req.via },
        })),
      );
    });

    const issuedAt = this.clock.now();
    const chains = new Map<SuiteId, Uint8Array[]>();
    const out: Issued[] = [];
    for (const p of plans) {
      const suite = p.issuer.suite as SuiteId;
      let chain = chains.get(suite);
      if (!chain) {
        chain = await this.chain(suite);
        chains.set(suite, chain);
      }
      const certDer = await signTbs(p.tbs, await this.caSigner(p.issuer));
      out.push({ serial: p.record.serial, certDer, chain, record: { ...p.record, certDer, status: "issued", issuedAt } });
    }
    await this.store.read.pki.markIssued(out.map((o) => ({ serial: o.serial, certDer: o.certDer, issuedAt })));
    return out;
  }

  /** Signs certificates recorded but not signed (a crash between record and sign). Idempotent. */
  async resumePending(actor = "system:ca"): Promise<string[]> {
    const pending = await this.store.read.pki.pendingCertificates();
    const done: string[] = [];
    for (const rec of pending) {
      const issuer = await this.ca(rec.caId);
      const certDer = await signTbs(rec.tbsDer, await this.caSigner(issuer));
      const at = this.clock.now();
      await this.store.tx(async (r) => {
        await r.pki.markIssued([{ serial: rec.serial, certDer, issuedAt: at }]);
        await this.audit.record(r.audit, { actor, action: "pki.cert.resume", subject: `cert:${rec.serial}`, payload: { serial: rec.serial, ca: rec.caId } });
      });
      done.push(rec.serial);
    }
    return done;
  }
}
