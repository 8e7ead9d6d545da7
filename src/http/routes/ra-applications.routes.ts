/** RA desk: certificate applications — enter, vet, approve (dual control), reject, issue enrollment codes. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/roles.js";
import { SUITES } from "../../pki/algs/suite.js";
import { APPLICATION_STATES, APPLICATION_TYPES } from "../../ra/application-state.js";
import { USER_REVOCATION_REASONS } from "../../ra/application.service.js";
import type { ApplicationRecord } from "../../ra/ra.ports.js";
import type { HttpDeps } from "../deps.js";
import { applicationView, raActor, showApplication } from "./ra-views.js";

const READ = ROLE_GROUPS.ra;
const WRITE = ["ra_operator", "ra_admin"] as const;
const idParam = z.object({ id: z.string().min(1).max(64) });

export const raApplicationRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const { applications } = deps.ra;
  const view = async (a: ApplicationRecord) => showApplication(a, applications.nextEvents(a), (await deps.store.read.ra.applicant(a.applicantId))?.name);

  app.get(
    "/api/ra/applications",
    {
      config: { access: READ },
      schema: {
        tags: ["ra"],
        summary: "Applications, newest first (the auditor's queue is state=vetted)",
        querystring: z.object({
          state: z
            .string()
            .max(200)
            .optional()
            .transform((s) => (s ? s.split(",").filter(Boolean) : undefined))
            .pipe(z.array(z.enum(APPLICATION_STATES)).optional()),
          applicantId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(applicationView) }) },
      },
    },
    async (req) => {
      const items = await applications.list({ states: req.query.state, applicantId: req.query.applicantId, limit: req.query.limit });
      return { items: await Promise.all(items.map(view)) };
    },
  );

  app.post(
    "/api/ra/applications",
    {
      config: { access: WRITE },
      schema: {
        tags: ["ra"],
        summary: "Enter an application at the counter",
        body: z.object({
          applicantId: z.string().min(1).max(64),
          type: z.enum(APPLICATION_TYPES),
          suite: z.enum(SUITES).optional(),
          dual: z.boolean().optional().describe("signing + escrowed encryption certificate; always on for SM2"),
          tokenKind: z.enum(["usb", "soft"]).optional(),
          targetSerial: z.string().max(80).optional(),
          revocationReason: z.enum(USER_REVOCATION_REASONS).optional(),
          note: z.string().max(500).optional(),
        }),
        response: { 201: applicationView },
      },
    },
    async (req, reply) => reply.code(201).send(await view(await applications.submit(req.body, raActor(req).id, "counter"))),
  );

  app.get(
    "/api/ra/applications/:id",
    { config: { access: READ }, schema: { tags: ["ra"], summary: "One application", params: idParam, response: { 200: applicationView } } },
    async (req) => view(await applications.get(req.params.id)),
  );

  app.post(
    "/api/ra/applications/:id/vet",
    {
      config: { access: WRITE },
      schema: {
        tags: ["ra"],
        summary: "Record that the originals were checked in person (or, for revoke/suspend requests after a certificate login, that the login identified the holder)",
        params: idParam,
        body: z.object({ originalsChecked: z.boolean(), identityCheck: z.enum(["in_person", "certificate_login"]).optional(), note: z.string().max(500).optional() }),
        response: { 200: applicationView },
      },
    },
    async (req) => view(await applications.vet(req.params.id, req.body, raActor(req))),
  );

  app.post(
    "/api/ra/applications/:id/approve",
    {
      config: { access: ["ra_auditor"] },
      schema: {
        tags: ["ra"],
        summary: "Second approval by an RA auditor who neither entered nor vetted the application (dual control)",
        params: idParam,
        body: z.object({ confirm: z.literal(true) }),
        response: { 200: applicationView },
      },
    },
    async (req) => view(await applications.approve(req.params.id, raActor(req))),
  );

  app.post(
    "/api/ra/applications/:id/execute",
    {
      config: { access: ["ra_auditor", "ra_admin"] },
      schema: { tags: ["ra"], summary: "Retry an approved revocation/suspension/release that did not complete", params: idParam, body: z.object({ confirm: z.literal(true) }), response: { 200: applicationView } },
    },
    async (req) => view(await applications.execute(req.params.id, raActor(req))),
  );

  app.post(
    "/api/ra/applications/:id/reject",
    {
      config: { access: READ },
      schema: { tags: ["ra"], summary: "Reject with a reason", params: idParam, body: z.object({ reason: z.string().max(500) }), response: { 200: applicationView } },
    },
    async (req) => view(await applications.reject(req.params.id, req.body.reason, raActor(req))),
  );

  app.post(
    "/api/ra/applications/:id/code",
    {
      config: { access: WRITE },
      schema: {
        tags: ["ra"],
        summary: "Issue (or re-issue) the one-time enrollment code; for USB keys, hands the key out from stock. The code is shown only in this answer.",
        params: idParam,
        body: z.object({ tokenSerial: z.string().min(1).max(64).optional(), ttlHours: z.number().int().min(1).max(720).optional() }),
        response: { 200: z.object({ application: applicationView, code: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req) => {
      const r = await applications.issueCode(req.params.id, req.body, raActor(req));
      return { application: await view(r.application), code: r.code, expiresAt: r.application.codeExpiresAt!.toISOString() };
    },
  );
};
