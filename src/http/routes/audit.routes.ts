import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/roles.js";
import type { HttpDeps } from "../deps.js";

const entry = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  payload: z.unknown(),
  payloadDigest: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const access = ROLE_GROUPS.auditReaders;

  app.get(
    "/api/audit",
    {
      config: { access },
      schema: {
        tags: ["audit"],
        summary: "Audit entries, newest first",
        querystring: z.object({
          subject: z.string().max(200).optional(),
          action: z.string().max(100).optional(),
          beforeSeq: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ items: z.array(entry) }) },
      },
    },
    async (req) => {
      const items = await deps.store.read.audit.list(req.query);
      return { items: items.map((e) => ({ ...e, at: e.at.toISOString() })) };
    },
  );

  app.get(
    "/api/audit/verify",
    {
      config: { access },
      schema: {
        tags: ["audit"],
        summary: "Walk the audit chain and report the first broken link; verify every TSA anchor of the chain head",
        response: {
          200: z.object({
            ok: z.boolean(),
            entries: z.number(),
            head: z.object({ seq: z.number(), hash: z.string() }),
            firstBreak: z.object({ seq: z.number(), reason: z.string() }).nullable(),
            anchors: z.object({
              ok: z.boolean(),
              count: z.number(),
              lastAnchoredSeq: z.number().nullable(),
              firstFailure: z.object({ id: z.number(), seq: z.number(), reason: z.string() }).nullable(),
            }),
          }),
        },
      },
    },
    async () => {
      const chain = await deps.audit.verify(deps.store.read.audit);
      const anchors = await deps.anchors.verify();
      return { ...chain, ok: chain.ok && anchors.ok, anchors };
    },
  );
};
