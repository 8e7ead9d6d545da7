/**
 * External trust: RA administrators import the CA chains of existing CAs so
 * their users' certificates keep working (seed §2); the RA sees the list.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/roles.js";
import type { ExternalCaView } from "../../pki/trust/external-ca.service.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";

const externalCa = z.object({
  id: z.string(),
  label: z.string(),
  subject: z.string(),
  parentId: z.string().nullable(),
  selfSigned: z.boolean(),
  fingerprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  crlUrls: z.array(z.string()),
  ocspUrls: z.array(z.string()),
  importedBy: z.string(),
  importedAt: z.string(),
});

const show = (v: ExternalCaView) => ({ ...v, notBefore: v.notBefore.toISOString(), notAfter: v.notAfter.toISOString() });

export const trustRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/pki/external-cas",
    { config: { access: ROLE_GROUPS.ra }, schema: { tags: ["pki"], summary: "Imported external CAs (trusted for their users' certificates)", response: { 200: z.object({ items: z.array(externalCa) }) } } },
    async () => ({ items: (await deps.externalCas.list()).map(show) }),
  );

  app.post(
    "/api/pki/external-cas",
    {
      config: { access: ["ra_admin"] },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ["pki"],
        summary: "Import an existing CA's chain (PEM certificates or PKCS#7); certificates under it then validate like ours, with its OCSP/CRL",
        body: z.object({ pem: z.string().min(1).max(1024 * 1024), name: z.string().min(1).max(100).optional() }),
        response: {
          200: z.object({
            imported: z.array(externalCa),
            skipped: z.array(z.object({ subject: z.string(), fingerprint: z.string(), reason: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const r = await deps.externalCas.import(req.body.pem, { ...(req.body.name ? { name: req.body.name } : {}), actor: actorOf(req) });
      return { imported: r.imported.map(show), skipped: r.skipped };
    },
  );
};
