import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_LABELS, ROLES } from "../../auth/roles.js";
import { ERROR_CATALOGUE } from "../../shared/errors.js";
import type { HttpDeps } from "../deps.js";

export const API_VERSION = "1.0";

export const metaRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/meta",
    {
      config: { access: "public" },
      schema: {
        tags: ["meta"],
        summary: "Server and API version, role names",
        response: {
          200: z.object({
            name: z.literal("landtrade"),
            version: z.string(),
            apiVersion: z.string(),
            roles: z.array(z.object({ id: z.enum(ROLES), zh: z.string(), en: z.string() })),
          }),
        },
      },
    },
    async () => ({ name: "landtrade" as const, version: deps.version, apiVersion: API_VERSION, roles: ROLES.map((id) => ({ id, ...ROLE_LABELS[id] })) }),
  );

  app.get(
    "/api/errors",
    {
      config: { access: "public" },
      schema: {
        tags: ["meta"],
        summary: "The error-code catalogue",
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), status: z.number(), zh: z.string(), en: z.string() })) }) },
      },
    },
    async () => ({ items: Object.entries(ERROR_CATALOGUE).map(([code, s]) => ({ code, status: s.status, zh: s.zh, en: s.en })) }),
  );
};
