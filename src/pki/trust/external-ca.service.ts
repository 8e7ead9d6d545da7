/**
 * External trust (seed §2: users keep their existing certificates through
 * go-live). An RA administrator imports the CA chain of an existing CA; each
 * CA certificate becomes a pki_ca row of kind 'external' (no key), with the
 * CRL distribution points and OCSP URLs read from it, and certificates under
 * it validate like our own — revocation from that CA's OCSP responder or CRL.
 */
import { KeyUsageFlags } from "@peculiar/asn1-x509";
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { keyIdentifierOf } from "../asn1/certificate.js";
import { parseCertsOnly } from "../asn1/pkcs7-certs.js";
import { toHex } from "../asn1/der.js";
import type { CaRecord } from "../ca/pki.ports.js";
import { certInfo, sameName, type CertInfo } from "../validate/cert-info.js";
import type { TrustStore } from "../validate/trust-store.js";
import { keyKind, verifyWith } from "../validate/verify-any.js";
import type { ExternalCaInfo } from "./trust.ports.js";

const MAX_INPUT = 1024 * 1024;

export interface ExternalCaView {
  id: string;
  label: string;
  subject: string;
  parentId: string | null;
  selfSigned: boolean;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  crlUrls: string[];
  ocspUrls: string[];
  importedBy: string;
  importedAt: string;
}

export interface ImportResult {
  imported: ExternalCaView[];
  skipped: { subject: string; fingerprint: string; reason: string }[];
}

/** Certificates from PEM (one or many blocks, any order), a PKCS#7 bag (PEM or DER), or one DER certificate. */
export function certificatesIn(input: Uint8Array | string): Uint8Array[] {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.length;
  if (size > MAX_INPUT) throw new AppError("PKI_INPUT_TOO_LARGE", { detail: `${size} bytes; at most ${MAX_INPUT}` });
  const text = typeof input === "string" ? input : Buffer.from(input).toString("latin1");
  const blocks = [...text.matchAll(/-----BEGIN (CERTIFICATE|PKCS7|X509 CERTIFICATE)-----([\s\S]*?)-----END \1-----/g)];
  const out: Uint8Array[] = [];
  try {
    if (blocks.length) {
      for (const b of blocks) {
        const der = new Uint8Array(Buffer.from(b[2]!.replace(/\s+/g, ""), "base64"));
        if (b[1] === "PKCS7") out.push(...parseCertsOnly(der));
        else out.push(der);
      }
    } else if (typeof input !== "string") {
      try {
        out.push(...parseCertsOnly(input));
      } catch {
        out.push(input);
      }
    }
  } catch (e) {
    throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: `cannot read the certificates: ${(e as Error).message}` });
  }
  if (!out.length) throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: "no certificate found (PEM CERTIFICATE blocks or PKCS#7 expected)" });
  return out;
}

const suiteLabel = (spki: Uint8Array): string => {
  const k = keyKind(spki);
  return k.kind === "ec" ? `ecdsa-${k.curve.toLowerCase().replace("-", "")}` : k.kind === "rsa" ? `rsa-${k.bits}` : k.kind === "sm2" ? "sm2" : "unsupported";
};

export class ExternalCaService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly trust: TrustStore,
    private readonly opts: { sm2UserId: string },
  ) {}

  async list(): Promise<ExternalCaView[]> {
    return (await this.store.read.trust.trusted()).filter((r) => r.ca.kind === "external" && r.ext).map((r) => this.view(r.ca, r.ext!));
  }

  private view(ca: CaRecord, ext: ExternalCaInfo): ExternalCaView {
    return {
      id: ca.id,
      label: ext.label,
      subject: ca.name,
      parentId: ca.parentId,
      selfSigned: certInfo(ca.certDer).selfIssued,
      fingerprint: ext.fingerprint,
      notBefore: ca.notBefore,
      notAfter: ca.notAfter,
      crlUrls: ext.crlUrls,
      ocspUrls: ext.ocspUrls,
      importedBy: ext.importedBy,
      importedAt: ext.importedAt,
    };
  }

  /** Imports every CA certificate in `input`; certificates already trusted are skipped. Audit-logged. */
  async import(input: Uint8Array | string, opts: { name?: string; actor: string }): Promise<ImportResult> {
    const now = this.clock.now();
    const infos: CertInfo[] = [];
    for (const der of certificatesIn(input)) {
      let c: CertInfo;
      try {
        c = certInfo(der);
      } catch (e) {
        throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: `a certificate does not parse: ${(e as Error).message}` });
      }
      if (!infos.some((x) => x.fingerprint === c.fingerprint)) infos.push(c);
    }
    const existing = await this.store.read.trust.trusted();
    const known = new Map(existing.map((r) => [certInfo(r.ca.certDer).fingerprint, r.ca]));

    for (const c of infos) {
      const v1Root = c.version < 3 && c.selfIssued;
      if (c.isCa !== true && !v1Root) throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: `"${c.subject}" is not a CA certificate (basicConstraints cA is not set)` });
      if (c.keyUsage !== undefined && !(c.keyUsage & KeyUsageFlags.keyCertSign)) throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: `"${c.subject}" may not sign certificates (keyUsage lacks keyCertSign)` });
      if (now > c.notAfter) throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: `"${c.subject}" expired ${c.notAfter.toISOString()}` });
      const k = keyKind(c.spki);
      if (k.kind === "unsupported") throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: `"${c.subject}": ${k.reason}` });
    }

    // Each certificate's issuer: itself (self-signed), another in the file, or a CA already trusted; the signature must verify.
    const parentOf = new Map<string, { fingerprint: string; id?: string } | null>();
    for (const c of infos) {
      if (c.selfIssued) {
        const v = verifyWith(c.spki, c.sigAlgOid, c.tbs, c.signature, this.opts.sm2UserId);
        if (!v.ok) throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: `"${c.subject}": self-signature: ${v.reason}` });
        parentOf.set(c.fingerprint, null);
        continue;
      }
      const candidates = [...infos.filter((p) => p !== c && sameName(p.subjectDer, c.issuerDer)), ...existing.map((r) => certInfo(r.ca.certDer)).filter((p) => sameName(p.subjectDer, c.issuerDer))];
      const parent = candidates.find((p) => verifyWith(p.spki, c.sigAlgOid, c.tbs, c.signature, this.opts.sm2UserId).ok);
      if (candidates.length && !parent) throw new AppError("PKI_EXTERNAL_CA_INVALID", { detail: `"${c.subject}": signature does not verify under its issuer "${c.issuer}"` });
      // No issuer at hand: an intermediate imported on its own becomes a trust anchor itself.
      parentOf.set(c.fingerprint, parent ? { fingerprint: parent.fingerprint, ...(known.get(parent.fingerprint) ? { id: known.get(parent.fingerprint)!.id } : {}) } : null);
    }

    const result: ImportResult = { imported: [], skipped: [] };
    const fresh = infos.filter((c) => {
      if (!known.has(c.fingerprint)) return true;
      const ca = known.get(c.fingerprint)!;
      result.skipped.push({ subject: c.subject, fingerprint: c.fingerprint, reason: ca.kind === "external" ? `already imported as ${ca.id}` : `our own ${ca.kind} CA ${ca.id}` });
      return false;
    });
    if (!fresh.length) throw new AppError("PKI_EXTERNAL_CA_EXISTS", { detail: result.skipped.map((s) => `${s.subject}: ${s.reason}`).join("; ") });

    // Parents first (pki_ca.parent_id references pki_ca.id).
    const depth = (c: CertInfo): number => {
      const p = parentOf.get(c.fingerprint);
      const pc = p && infos.find((x) => x.fingerprint === p.fingerprint);
      return pc ? 1 + depth(pc) : 0;
    };
    fresh.sort((a, b) => depth(a) - depth(b));
    const idOf = (c: CertInfo) => `ext-${c.fingerprint.slice(0, 16)}`;

    await this.store.tx(async (r) => {
      for (const c of fresh) {
        const p = parentOf.get(c.fingerprint);
        const parentId = p ? (p.id ?? idOf(infos.find((x) => x.fingerprint === p.fingerprint)!)) : null;
        const ext: ExternalCaInfo = {
          label: opts.name ?? c.subject,
          fingerprint: c.fingerprint,
          crlUrls: c.crlUrls,
          ocspUrls: c.ocspUrls,
          importedBy: opts.actor,
          importedAt: now.toISOString(),
        };
        const ca: CaRecord = {
          id: idOf(c),
          suite: suiteLabel(c.spki),
          kind: "external",
          name: c.subject,
          parentId,
          keyRef: null,
          certDer: c.der,
          ski: c.ski ?? toHex(keyIdentifierOf(c.spki)),
          notBefore: c.notBefore,
          notAfter: c.notAfter,
          crlNumber: 0,
          createdAt: now,
        };
        await r.trust.insertExternal(ca, ext);
        result.imported.push(this.view(ca, ext));
      }
      await this.audit.record(r.audit, {
        actor: opts.actor,
        action: "pki.ca.import",
        subject: `ca:${result.imported[0]!.id}`,
        payload: { label: opts.name ?? null, imported: result.imported.map((i) => ({ id: i.id, subject: i.subject, fingerprint: i.fingerprint, parentId: i.parentId })), skipped: result.skipped },
      });
    });
    this.trust.invalidate();
    return result;
  }
}
