/**
 * The bidder portal's API: online pre-application (public), the enrollment
 * steps authenticated by application id + one-time code (HTTP Basic, as on
 * EST), and — after a certificate login — my certificates, my applications,
 * revocation / suspension requests and my encryption-key envelopes.
 */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { SUITES } from "../../pki/algs/suite.js";
import { applicantInput } from "../../ra/applicant.schema.js";
import { USER_REVOCATION_REASONS } from "../../ra/application.service.js";
import { AppError } from "../../shared/errors.js";
import { currentBidder } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import { applicationView, certView, deliveryView, showApplication, showCert, showDelivery } from "./ra-views.js";

/** HTTP Basic "applicationId:code" (the same credentials EST simpleenroll takes). */
export function basicCredentials(req: FastifyRequest, id: string): string {
  const h = req.headers.authorization ?? "";
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(h);
  if (!m) throw new AppError("RA_CODE_INVALID", { detail: "send Authorization: Basic base64(applicationId:code)" });
  const text = Buffer.from(m[1]!, "base64").toString("utf8");
  const i = text.indexOf(":");
  if (i < 0 || text.slice(0, i) !== id) throw new AppError("RA_CODE_INVALID");
  return text.slice(i + 1);
}

const idParam = z.object({ id: z.string().min(1).max(64) });

declare module "fastify" {
  interface FastifyRequest {
    enrollmentCode?: string;
  }
}

/** Reads the Basic credentials before the body is validated: without them the answer is RA_CODE_INVALID, whatever the body. */
const requireCode = async (req: FastifyRequest) => {
  req.enrollmentCode = basicCredentials(req, (req.params as { id?: string }).id ?? "");
};

const enrollmentInfo = z.object({
  applicationId: z.string(),
  state: z.string(),
  suite: z.enum(SUITES),
  dual: z.boolean(),
  tokenKind: z.string().nullable(),
  tokenSerial: z.string().nullable(),
  subject: z.string(),
  codeExpiresAt: z.string().nullable(),
  signSerial: z.string().nullable(),
});

export const portalRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const { portal, enrollment, applications, km } = deps.ra;

  app.post(
    "/api/portal/pre-applications",
    {
      config: { access: "public" },
      schema: {
        tags: ["portal"],
        summary: "Online pre-application for a certificate; completed in person at the RA counter with the originals",
        body: z.object({
          applicant: applicantInput,
          suite: z.enum(["ecdsa-p256", "sm2"]).optional(),
          tokenKind: z.enum(["usb", "soft"]).optional(),
          dual: z.boolean().optional(),
          note: z.string().max(500).optional(),
        }),
        response: { 201: z.object({ applicationId: z.string(), state: z.string(), submittedAt: z.string() }) },
      },
    },
    async (req, reply) => {
      const a = await portal.preApply(req.body, req.ip);
      return reply.code(201).send({ applicationId: a.id, state: a.state, submittedAt: a.submittedAt.toISOString() });
    },
  );

  app.get(
    "/api/portal/enrollment/:id",
    {
      config: { access: "public" },
      onRequest: requireCode,
      schema: { tags: ["portal"], summary: "What to enroll for this application (HTTP Basic applicationId:code)", params: idParam, response: { 200: enrollmentInfo } },
    },
    async (req) => enrollment.info(req.params.id, req.enrollmentCode!),
  );

  app.post(
    "/api/portal/enrollment/:id/activate",
    {
      config: { access: "public" },
      onRequest: requireCode,
      schema: {
        tags: ["portal"],
        summary: "Activate an enrolled certificate: the token signs the activation text with the new key (HTTP Basic applicationId:code)",
        params: idParam,
        body: z.object({ signature: z.string().min(1).max(2000).describe("base64 signature over 'landtrade certificate activation\\napplication: <id>\\nserial: <serial>'") }),
        response: { 200: z.object({ application: applicationView, serial: z.string(), delivery: deliveryView.nullable() }) },
      },
    },
    async (req) => {
      const r = await enrollment.activate(req.params.id, req.enrollmentCode!, new Uint8Array(Buffer.from(req.body.signature, "base64")));
      return { application: showApplication(r.application, applications.nextEvents(r.application)), serial: r.serial, delivery: r.delivery ? showDelivery(r.delivery) : null };
    },
  );

  app.get(
    "/api/portal/certificates",
    { config: { access: "bidder" }, schema: { tags: ["portal"], summary: "My certificates with their status", response: { 200: z.object({ items: z.array(certView) }) } } },
    async (req) => ({ items: (await deps.store.read.pki.findCertificates({ holder: currentBidder(req).applicantId, limit: 200 })).map(showCert) }),
  );

  app.get(
    "/api/portal/applications",
    { config: { access: "bidder" }, schema: { tags: ["portal"], summary: "My applications", response: { 200: z.object({ items: z.array(applicationView) }) } } },
    async (req) => ({ items: (await applications.list({ applicantId: currentBidder(req).applicantId, limit: 200 })).map((a) => showApplication(a, [])) }),
  );

  app.post(
    "/api/portal/requests",
    {
      config: { access: "bidder" },
      schema: {
        tags: ["portal"],
        summary: "Ask the RA to revoke or suspend one of my certificates (vetted and approved by the RA)",
        body: z.object({ serial: z.string().min(1).max(80), type: z.enum(["revoke", "suspend"]), reason: z.enum(USER_REVOCATION_REASONS).optional(), note: z.string().max(500).optional() }),
        response: { 201: applicationView },
      },
    },
    async (req, reply) => {
      const a = await portal.requestRevocation(currentBidder(req).applicantId, req.body);
      return reply.code(201).send(showApplication(a, []));
    },
  );

  app.get(
    "/api/portal/keys/:serial",
    {
      config: { access: "bidder" },
      schema: {
        tags: ["portal"],
        summary: "My escrowed encryption key as a digital envelope to my signing certificate",
        params: z.object({ serial: z.string().min(1).max(80) }),
        response: { 200: deliveryView },
      },
    },
    async (req) => {
      const b = currentBidder(req);
      const e = await km.escrowOf(req.params.serial);
      if (e.applicantId !== b.applicantId) throw new AppError("RA_ESCROW_NOT_FOUND", { detail: req.params.serial });
      return showDelivery(await km.deliver(e.serial, `bidder:${b.applicantId}`));
    },
  );
};
