import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { HttpDeps } from "../deps.js";

export const healthRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/healthz",
    { config: { access: "public" }, schema: { tags: ["health"], summary: "Liveness: the process answers", response: { 200: z.object({ status: z.literal("ok") }) } } },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      config: { access: "public" },
      schema: {
        tags: ["health"],
        summary: "Readiness: database reachable and migrations current; role: leader (signs, runs singleton duties) or standby",
        response: { 200: z.object({ status: z.literal("ready"), database: z.string(), latencyMs: z.number(), migrations: z.number(), role: z.enum(["leader", "standby"]) }) },
      },
    },
    async () => {
      const r = await deps.readiness();
      return { status: "ready" as const, ...r, role: deps.cluster.isLeader() ? ("leader" as const) : ("standby" as const) };
    },
  );
};
