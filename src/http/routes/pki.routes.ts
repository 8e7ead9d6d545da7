/**
 * CA management API for the web app: CAs and their status, certificate
 * search and detail (with PEM), revoke / hold / release, CRL status.
 * RA administrators manage; RA auditors read.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/roles.js";
import { toPem } from "../../pki/asn1/certificate.js";
import { keyRefText } from "../../pki/keys/key-store.js";
import type { CertRecord } from "../../pki/ca/pki.ports.js";
import { REVOCATION_REASON_NAMES } from "../../pki/ca/revocation-reasons.js";
import { reasonName, type RevocationResult } from "../../pki/ca/revocation.service.js";
import { normaliseSerial } from "../../pki/ca/serial.js";
import { AppError } from "../../shared/errors.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const certSummary = z.object({
  serial: z.string(),
  caId: z.string(),
  profile: z.string(),
  suite: z.string(),
  subject: z.string(),
  status: z.enum(["pending", "issued", "revoked", "hold"]),
  notBefore: z.string(),
  notAfter: z.string(),
  expired: z.boolean(),
  revokedAt: z.string().nullable(),
  reason: z.string().nullable(),
  holder: z.string().nullable(),
  requestedBy: z.string(),
  issuedAt: z.string().nullable(),
});

const crlStatus = z.object({
  caId: z.string(),
  caName: z.string(),
  suite: z.string(),
  kind: z.string(),
  crlNumber: z.number().nullable(),
  thisUpdate: z.string().nullable(),
  nextUpdate: z.string().nullable(),
  entries: z.number().nullable(),
  stale: z.boolean(),
  url: z.string(),
});

const revocationResult = z.object({
  serial: z.string(),
  caId: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  revokedAt: z.string().nullable(),
  crlNumber: z.number(),
});

const serialParam = z.object({ serial: z.string().min(1).max(80) });

export const pkiRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const read = { access: ROLE_GROUPS.pkiReaders };
  const write = { access: ROLE_GROUPS.pkiAdmins };
  const { ca, crl, revocation } = deps.pki;
  const now = () => deps.clock.now();

  const summary = (c: CertRecord) => ({
    serial: c.serial,
    caId: c.caId,
    profile: c.profile,
    suite: c.suite,
    subject: c.subject,
    status: c.status,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    expired: c.notAfter.getTime() <= now().getTime(),
    revokedAt: iso(c.revokedAt),
    reason: reasonName(c.revocationReason),
    holder: c.holder,
    requestedBy: c.requestedBy,
    issuedAt: iso(c.issuedAt),
  });
  const showResult = (r: RevocationResult) => ({ ...r, revokedAt: iso(r.revokedAt) });

  async function certOr404(serialInput: string): Promise<CertRecord> {
    const serial = normaliseSerial(serialInput);
    const c = serial ? await ca.certificate(serial) : undefined;
    if (!c) throw new AppError("PKI_CERT_NOT_FOUND", { detail: serialInput.slice(0, 80) });
    return c;
  }

  app.get(
    "/api/pki/cas",
    {
      config: read,
      schema: {
        tags: ["pki"],
        summary: "CAs with validity, key reference, certificate counts and current CRL; OCSP and TSA service certificates",
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                suite: z.string(),
                name: z.string(),
                parentId: z.string().nullable(),
                key: z.string().nullable(),
                notBefore: z.string(),
                notAfter: z.string(),
                status: z.enum(["active", "expired", "notYetValid"]),
                counts: z.record(z.string(), z.number()),
                crl: crlStatus.nullable(),
                certUrl: z.string(),
              }),
            ),
            services: z.array(z.object({ purpose: z.string(), suite: z.string(), serial: z.string(), subject: z.string(), status: z.string(), notAfter: z.string() })),
          }),
        },
      },
    },
    async () => {
      const t = now().getTime();
      const [cas, counts, crls] = await Promise.all([ca.cas(), deps.store.read.pki.certificateCounts(), crl.status()]);
      const services = [];
      for (const c of cas.filter((x) => x.kind === "sub")) {
        for (const purpose of ["ocsp", "tsa"] as const) {
          const k = await deps.store.read.pki.serviceKey(purpose, c.suite);
          const cert = k ? await ca.certificate(k.serial) : undefined;
          if (cert) services.push({ purpose, suite: c.suite, serial: cert.serial, subject: cert.subject, status: cert.status, notAfter: cert.notAfter.toISOString() });
        }
      }
      return {
        items: cas.map((c) => ({
          id: c.id,
          kind: c.kind,
          suite: c.suite,
          name: c.name,
          parentId: c.parentId,
          key: c.keyRef ? keyRefText(c.keyRef) : null,
          notBefore: c.notBefore.toISOString(),
          notAfter: c.notAfter.toISOString(),
          status: c.notAfter.getTime() <= t ? ("expired" as const) : c.notBefore.getTime() > t ? ("notYetValid" as const) : ("active" as const),
          counts: Object.fromEntries(counts.filter((n) => n.caId === c.id).map((n) => [n.status, n.count])),
          crl: (() => {
            const s = crls.find((x) => x.caId === c.id);
            return s ? { ...s, thisUpdate: iso(s.thisUpdate), nextUpdate: iso(s.nextUpdate) } : null;
          })(),
          certUrl: ca.urls.caIssuers(c.id),
        })),
        services,
      };
    },
  );

  app.get(
    "/api/pki/certificates",
    {
      config: read,
      schema: {
        tags: ["pki"],
        summary: "Search certificates by serial (prefix), subject (substring), status, CA",
        querystring: z.object({
          serial: z.string().max(80).optional(),
          subject: z.string().max(200).optional(),
          status: z.enum(["pending", "issued", "revoked", "hold"]).optional(),
          caId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(certSummary) }) },
      },
    },
    async (req) => {
      const q = req.query;
      const serial = q.serial ? q.serial.toLowerCase().replace(/[\s:]/g, "").replace(/^0x/, "") : undefined;
      const items = await ca.find({ ...(serial ? { serial } : {}), ...(q.subject?.trim() ? { subject: q.subject.trim() } : {}), ...(q.status ? { status: q.status } : {}), ...(q.caId ? { caId: q.caId } : {}), limit: q.limit });
      return { items: items.map(summary) };
    },
  );

  app.get(
    "/api/pki/certificates/:serial",
    {
      config: read,
      schema: {
        tags: ["pki"],
        summary: "One certificate with its PEM, issuer chain and history",
        params: serialParam,
        response: {
          200: certSummary.extend({
            pem: z.string().nullable(),
            chainPem: z.string().nullable(),
            issuerName: z.string(),
            history: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), action: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const c = await certOr404(req.params.serial);
      const issuer = await ca.ca(c.caId);
      const chain: Uint8Array[] = [issuer.certDer];
      if (issuer.parentId) chain.push((await ca.ca(issuer.parentId)).certDer);
      const history = await deps.store.read.audit.list({ subject: `cert:${c.serial}`, limit: 50 });
      return {
        ...summary(c),
        pem: c.certDer ? toPem(c.certDer, "CERTIFICATE") : null,
        chainPem: chain.map((d) => toPem(d, "CERTIFICATE")).join(""),
        issuerName: issuer.name,
        history: history.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actor: e.actor, action: e.action })),
      };
    },
  );

  app.post(
    "/api/pki/certificates/:serial/revoke",
    {
      config: write,
      schema: {
        tags: ["pki"],
        summary: "Revoke with an RFC 5280 reason (certificateHold puts it on hold); a new CRL is issued in the same transaction",
        params: serialParam,
        body: z.object({ reason: z.enum(REVOCATION_REASON_NAMES as [string, ...string[]]) }),
        response: { 200: revocationResult },
      },
    },
    async (req) => showResult(await revocation.revoke((await certOr404(req.params.serial)).serial, req.body.reason as never, actorOf(req))),
  );

  app.post(
    "/api/pki/certificates/:serial/hold",
    { config: write, schema: { tags: ["pki"], summary: "Put a certificate on hold (certificateHold)", params: serialParam, response: { 200: revocationResult } } },
    async (req) => showResult(await revocation.hold((await certOr404(req.params.serial)).serial, actorOf(req))),
  );

  app.post(
    "/api/pki/certificates/:serial/release",
    { config: write, schema: { tags: ["pki"], summary: "Release a certificate from hold", params: serialParam, response: { 200: revocationResult } } },
    async (req) => showResult(await revocation.release((await certOr404(req.params.serial)).serial, actorOf(req))),
  );

  app.get(
    "/api/pki/crls",
    { config: read, schema: { tags: ["pki"], summary: "Current CRL of every CA: number, thisUpdate, nextUpdate, entries", response: { 200: z.object({ items: z.array(crlStatus) }) } } },
    async () => ({ items: (await crl.status()).map((s) => ({ ...s, thisUpdate: iso(s.thisUpdate), nextUpdate: iso(s.nextUpdate) })) }),
  );
};
