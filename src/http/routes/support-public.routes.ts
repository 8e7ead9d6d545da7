/**
 * Public support endpoints, no login: report a problem (the self-diagnosis
 * page attaches its report here), follow it with the tracking token, and the
 * status page.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { HttpDeps } from "../deps.js";
import { incidentNoParam } from "./support-incidents.routes.js";
import { jsonable } from "./support-views.js";

const opt = (max: number) => z.string().trim().max(max).nullish();

export const supportPublicRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const desk = deps.support;

  app.post(
    "/api/public/incidents",
    {
      config: { access: "public" },
      schema: {
        tags: ["public"],
        summary: "Report a problem (bidders, the self-diagnosis page). Rate-limited per client address (SUPPORT_RATE_LIMITED).",
        body: z.object({
          reporter: z.object({ name: z.string().trim().min(1).max(100), phone: opt(40), email: z.email().max(200).nullish(), certificateSerial: opt(100) }),
          category: z.string().min(1).max(40).describe("hardware | software | client (else SUPPORT_CATEGORY_UNKNOWN)"),
          subFault: z.string().max(60).nullish().describe("a symptom of that category from GET /api/support/meta"),
          description: z.string().trim().min(1).max(10_000),
          diagnosis: z.record(z.string(), z.unknown()).nullish().describe("self-diagnosis report, at most 32 KiB of JSON (else SUPPORT_DIAGNOSIS_TOO_LARGE)"),
        }),
        response: { 201: z.object({ incidentNo: z.string(), trackingToken: z.string() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await desk.publicDesk.report(req.body, { ip: req.ip })),
  );

  app.get(
    "/api/public/incidents/:incidentNo",
    {
      config: { access: "public" },
      schema: {
        tags: ["public"],
        summary: "Follow a reported incident with its tracking token",
        params: incidentNoParam,
        querystring: z.object({ token: z.string().min(10).max(200) }),
        response: {
          200: z.object({
            incidentNo: z.string(),
            title: z.string(),
            status: z.string(),
            statusZh: z.string(),
            statusEn: z.string(),
            severity: z.string(),
            category: z.string().nullable(),
            subFault: z.string().nullable(),
            createdAt: z.string(),
            updatedAt: z.string(),
            firstContactAt: z.string().nullable(),
            resolvedAt: z.string().nullable(),
            closedAt: z.string().nullable(),
            updates: z.array(z.object({ at: z.string(), type: z.string(), message: z.string().nullable() })),
          }),
        },
      },
    },
    async (req) => jsonable(await desk.publicDesk.track(req.params.incidentNo, req.query.token)) as never,
  );

  app.get(
    "/api/public/status",
    {
      config: { access: "public" },
      schema: {
        tags: ["public"],
        summary: "Status page: components and current major / system incidents",
        response: {
          200: z.object({
            generatedAt: z.string(),
            overall: z.enum(["operational", "degraded", "outage"]),
            components: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string(), state: z.enum(["operational", "degraded", "outage"]), since: z.string().nullable(), checkedAt: z.string().nullable() })),
            incidents: z.array(
              z.object({
                incidentNo: z.string(),
                title: z.string(),
                severity: z.string(),
                major: z.boolean(),
                component: z.string().nullable(),
                status: z.string(),
                startedAt: z.string(),
                resolvedAt: z.string().nullable(),
                updates: z.array(z.object({ at: z.string(), message: z.string() })),
              }),
            ),
          }),
        },
      },
    },
    async () => jsonable(await desk.status.publicStatus()) as never,
  );
};
