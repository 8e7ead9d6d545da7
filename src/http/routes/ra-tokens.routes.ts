/** RA desk: the USB key registry and escrowed-key recovery. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/roles.js";
import { TOKEN_STATES } from "../../ra/token-state.js";
import type { HttpDeps } from "../deps.js";
import { applicationView, deliveryView, raActor, recoveryView, showApplication, showDelivery, showRecovery, showToken, tokenView } from "./ra-views.js";

const READ = ROLE_GROUPS.ra;
const WRITE = ["ra_operator", "ra_admin"] as const;
const APPROVERS = ["ra_auditor", "ra_admin"] as const;
const idParam = z.object({ id: z.string().min(1).max(64) });

export const raTokenRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const { tokens, km, applications } = deps.ra;

  const withCerts = async (id: string) => {
    const t = await tokens.get(id);
    const certs = await Promise.all(t.certificates.map(async (c) => ({ ...c, status: (await deps.store.read.pki.certificate(c.serial))?.status ?? "unknown" })));
    return showToken(t, certs);
  };

  app.get(
    "/api/ra/tokens",
    {
      config: { access: READ },
      schema: {
        tags: ["ra"],
        summary: "USB key inventory",
        querystring: z.object({ state: z.enum(TOKEN_STATES).optional(), q: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(tokenView) }) },
      },
    },
    async (req) => ({ items: (await tokens.list(req.query)).map((t) => showToken(t)) }),
  );

  app.post(
    "/api/ra/tokens",
    {
      config: { access: WRITE },
      schema: {
        tags: ["ra"],
        summary: "Register a USB key into stock",
        body: z.object({ serial: z.string().trim().min(4).max(64).regex(/^[A-Za-z0-9._-]+$/), model: z.string().trim().min(1).max(100), note: z.string().max(500).optional() }),
        response: { 201: tokenView },
      },
    },
    async (req, reply) => reply.code(201).send(showToken(await tokens.register(req.body, raActor(req)))),
  );

  app.get(
    "/api/ra/tokens/:id",
    { config: { access: READ }, schema: { tags: ["ra"], summary: "A USB key with the certificates on it", params: idParam, response: { 200: tokenView } } },
    async (req) => withCerts(req.params.id),
  );

  app.post(
    "/api/ra/tokens/:id/report",
    {
      config: { access: WRITE },
      schema: {
        tags: ["ra"],
        summary: "Report a key lost (certificates revoked: keyCompromise) or damaged (superseded); opens a replacement application",
        params: idParam,
        body: z.object({ what: z.enum(["lost", "damaged"]), note: z.string().max(500).optional() }),
        response: { 200: z.object({ token: tokenView, revoked: z.array(z.string()), replacement: applicationView.nullable() }) },
      },
    },
    async (req) => {
      const r = await tokens.report(req.params.id, req.body.what, req.body.note, raActor(req));
      return {
        token: await withCerts(r.token.id),
        revoked: r.revoked,
        replacement: r.replacement ? showApplication(r.replacement, applications.nextEvents(r.replacement)) : null,
      };
    },
  );

  app.post(
    "/api/ra/tokens/:id/destroy",
    { config: { access: WRITE }, schema: { tags: ["ra"], summary: "Record that a key was destroyed", params: idParam, body: z.object({ confirm: z.literal(true) }), response: { 200: tokenView } } },
    async (req) => showToken(await tokens.destroy(req.params.id, raActor(req))),
  );

  // ---- key recovery -----------------------------------------------------------------

  app.get(
    "/api/ra/recoveries",
    { config: { access: READ }, schema: { tags: ["ra"], summary: "Escrowed-key recovery requests", response: { 200: z.object({ items: z.array(recoveryView) }) } } },
    async () => ({ items: (await km.listRecoveries()).map(showRecovery) }),
  );

  app.post(
    "/api/ra/recoveries",
    {
      config: { access: READ },
      schema: {
        tags: ["ra"],
        summary: "Request recovery of an escrowed encryption key (holder: one approval; judicial: two approvals by different people)",
        body: z.object({ encSerial: z.string().min(1).max(80), kind: z.enum(["holder", "judicial"]), reason: z.string().max(500), caseRef: z.string().max(100).optional() }),
        response: { 201: recoveryView },
      },
    },
    async (req, reply) => reply.code(201).send(showRecovery(await km.requestRecovery(req.body, raActor(req).id))),
  );

  app.post(
    "/api/ra/recoveries/:id/approve",
    { config: { access: APPROVERS }, schema: { tags: ["ra"], summary: "Approve a recovery", params: idParam, body: z.object({ confirm: z.literal(true) }), response: { 200: recoveryView } } },
    async (req) => showRecovery(await km.approveRecovery(req.params.id, raActor(req))),
  );

  app.post(
    "/api/ra/recoveries/:id/reject",
    { config: { access: APPROVERS }, schema: { tags: ["ra"], summary: "Reject a recovery", params: idParam, body: z.object({ confirm: z.literal(true) }), response: { 200: recoveryView } } },
    async (req) => showRecovery(await km.rejectRecovery(req.params.id, raActor(req))),
  );

  app.post(
    "/api/ra/recoveries/:id/release",
    {
      config: { access: APPROVERS },
      schema: {
        tags: ["ra"],
        summary: "Release an approved recovery: an envelope to the holder's signing certificate, or (judicial) PKCS#8 encrypted under a passphrase",
        params: idParam,
        body: z.object({ toSignSerial: z.string().max(80).optional(), passphrase: z.string().min(12).max(200).optional() }),
        response: { 200: z.object({ recovery: recoveryView, delivery: deliveryView.optional(), pkcs8Pem: z.string().optional() }) },
      },
    },
    async (req) => {
      const r = await km.releaseRecovery(req.params.id, raActor(req), req.body);
      return { recovery: showRecovery(r.record), ...(r.delivery ? { delivery: showDelivery(r.delivery) } : {}), ...(r.pkcs8Pem ? { pkcs8Pem: r.pkcs8Pem } : {}) };
    },
  );
};
