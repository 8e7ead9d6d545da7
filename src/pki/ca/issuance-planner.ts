/**
 * Plans one certificate: picks serial and validity, assembles the
 * to-be-signed certificate from the issuer/profile template and lints it.
 *
 * Lint: the first certificate made from each template (issuer × profile ×
 * key type) in this process gets the full pre-issuance lint (lint.ts parses
 * the TBS back and checks every extension against the profile, issuer and
 * this server's URLs). Every certificate then consists of those linted
 * template bytes plus its own serial, validity, subject, key, SKI and DNS
 * names, which are checked one by one for every certificate here.
 */
import { AppError } from "../../shared/errors.js";
import type { SuiteId } from "../algs/suite.js";
import { certParts } from "../asn1/cert-parts.js";
import { keyIdentifierOf } from "../asn1/certificate.js";
import { DN_OID, type NameInfo } from "../asn1/names.js";
import { lintTbs } from "./lint.js";
import type { PkiUrls } from "./naming.js";
import type { CaRecord } from "./pki.ports.js";
import type { Profile } from "./profiles.js";
import { randomSerial } from "./serial.js";
import { assembleTbs, makeTemplate, type TbsTemplate } from "./tbs-template.js";

const DAY = 86_400_000;
// Single-label names (localhost, intranet hosts) are fine for our own CA; a wildcard needs a parent domain.
const DNS_NAME = /^(\*\.([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*)[a-z][a-z0-9-]{0,62}$/i;

export interface PlanInput {
  issuer: CaRecord;
  profile: Profile;
  subjectDer: Uint8Array;
  subject: NameInfo;
  spki: Uint8Array;
  keySuite: SuiteId;
  notBefore: Date;
  dnsNames?: string[];
  validityDays?: number;
}

export interface Plan {
  tbs: Uint8Array;
  serialHex: string;
  notAfter: Date;
}

export class IssuancePlanner {
  private readonly templates = new Map<string, { t: TbsTemplate; linted: boolean }>();

  constructor(
    private readonly urls: PkiUrls,
    private readonly publicUrl: string,
    private readonly certValidityDays: number,
  ) {}

  private template(issuer: CaRecord, profile: Profile, keySuite: SuiteId): { t: TbsTemplate; linted: boolean } {
    const key = `${issuer.id}|${issuer.ski}|${profile.id}|${keySuite}`;
    let entry = this.templates.get(key);
    if (!entry) {
      const ku = keySuite === "rsa-2048" && profile.keyUsageRsa !== undefined ? profile.keyUsageRsa : profile.keyUsage;
      const t = makeTemplate(issuer.suite as SuiteId, certParts(issuer.certDer).subjectDer, {
        isCa: profile.isCa,
        ...(profile.pathLen !== undefined ? { pathLen: profile.pathLen } : {}),
        keyUsage: ku,
        ...(profile.eku ? { eku: profile.eku } : {}),
        ekuCritical: profile.ekuCritical ?? false,
        authorityKeyId: Buffer.from(issuer.ski, "hex"),
        ...(profile.revocationPointers ? { crlUrl: this.urls.crl(issuer.id), ocspUrl: this.urls.ocsp, caIssuersUrl: this.urls.caIssuers(issuer.id) } : {}),
        ocspNoCheck: profile.ocspNoCheck ?? false,
      });
      entry = { t, linted: false };
      this.templates.set(key, entry);
    }
    return entry;
  }

  plan(p: PlanInput, opts: { fullLint?: boolean } = {}): Plan {
    const { issuer, profile } = p;
    const days = p.validityDays ?? (profile.isCa || profile.id === "ocsp-signer" || profile.id === "tsa" ? profile.validityDays : this.certValidityDays);
    const notAfter = new Date(Math.min(p.notBefore.getTime() + days * DAY, issuer.notAfter.getTime()));
    const dnsNames = profile.requiresDnsSan ? (p.dnsNames ?? []).map((d) => d.toLowerCase()) : [];
    const problems = this.lintVariables(p, notAfter, dnsNames);
    if (problems.length) throw new AppError("PKI_LINT_FAILED", { detail: problems.join("; ") });
    const serial = randomSerial();
    const entry = this.template(issuer, profile, p.keySuite);
    const tbs = assembleTbs(entry.t, { serial: serial.bytes, notBefore: p.notBefore, notAfter, subjectDer: p.subjectDer, spkiDer: p.spki, subjectKeyId: keyIdentifierOf(p.spki), dnsNames });
    if (!entry.linted || opts.fullLint) {
      const full = lintTbs(tbs, {
        profile,
        keySuite: p.keySuite,
        issuerSuite: issuer.suite as SuiteId,
        issuerNotBefore: issuer.notBefore,
        issuerNotAfter: issuer.notAfter,
        issuerSki: issuer.ski,
        publicUrl: this.publicUrl,
        selfSigned: false,
      });
      if (full.length) throw new AppError("PKI_LINT_FAILED", { detail: full.join("; ") });
      entry.linted = true;
    }
    return { tbs, serialHex: serial.hex, notAfter };
  }

  /** The per-certificate part of the lint: what differs between certificates of one template. */
  private lintVariables(p: PlanInput, notAfter: Date, dnsNames: string[]): string[] {
    const problems: string[] = [];
    if (notAfter.getTime() <= p.notBefore.getTime()) problems.push("notAfter is not after notBefore (the issuer expires too soon)");
    if (p.notBefore.getTime() < p.issuer.notBefore.getTime()) problems.push("validity starts before the issuer's");
    for (const k of p.profile.requiredSubject) if (!p.subject.types.has(DN_OID[k as keyof typeof DN_OID])) problems.push(`subject lacks ${k}`);
    if (p.profile.requiresDnsSan && !dnsNames.length) problems.push("server certificates need DNS names in subjectAltName");
    for (const d of dnsNames) if (d.length > 253 || !DNS_NAME.test(d)) problems.push(`not a DNS name: ${d.slice(0, 80)}`);
    if (p.subjectDer.length > 4096) problems.push("subject too long");
    return problems;
  }
}
