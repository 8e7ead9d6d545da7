/** RA desk: applicants, their document scans and their certificates. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/roles.js";
import { applicantInput } from "../../ra/applicant.schema.js";
import { MAX_SCAN_BYTES } from "../../ra/documents.js";
import { DOCUMENT_KINDS } from "../../ra/ra.ports.js";
import { AppError } from "../../shared/errors.js";
import type { HttpDeps } from "../deps.js";
import { applicantView, applicationView, certView, documentView, raActor, showApplicant, showApplication, showCert, showDocument, showToken, tokenView } from "./ra-views.js";

const READ = ROLE_GROUPS.ra;
const WRITE = ["ra_operator", "ra_admin"] as const;
const idParam = z.object({ id: z.string().min(1).max(64) });

export const raApplicantRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const { applicants, applications } = deps.ra;

  app.get(
    "/api/ra/applicants",
    {
      config: { access: READ },
      schema: {
        tags: ["ra"],
        summary: "Search applicants by name, ID number, credit code, phone or e-mail",
        querystring: z.object({ q: z.string().max(100).optional(), kind: z.enum(["individual", "enterprise"]).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(applicantView) }) },
      },
    },
    async (req) => ({ items: (await applicants.search(req.query)).map(showApplicant) }),
  );

  app.post(
    "/api/ra/applicants",
    {
      config: { access: WRITE },
      schema: { tags: ["ra"], summary: "Register an applicant (individual or enterprise)", body: applicantInput, response: { 201: applicantView } },
    },
    async (req, reply) => reply.code(201).send(showApplicant(await applicants.register(req.body, raActor(req).id))),
  );

  app.get(
    "/api/ra/applicants/:id",
    {
      config: { access: READ },
      schema: {
        tags: ["ra"],
        summary: "An applicant with scans, applications, certificates and USB keys",
        params: idParam,
        response: {
          200: z.object({ applicant: applicantView, documents: z.array(documentView), applications: z.array(applicationView), certificates: z.array(certView), tokens: z.array(tokenView) }),
        },
      },
    },
    async (req) => {
      const a = await applicants.get(req.params.id);
      const [docs, apps, certs, tokens] = await Promise.all([
        applicants.documents(a.id),
        applications.list({ applicantId: a.id, limit: 200 }),
        deps.store.read.pki.findCertificates({ holder: a.id, limit: 200 }),
        deps.store.read.ra.listTokens({ applicantId: a.id, limit: 100 }),
      ]);
      return {
        applicant: showApplicant(a),
        documents: docs.map(showDocument),
        applications: apps.map((x) => showApplication(x, applications.nextEvents(x), a.name)),
        certificates: certs.map(showCert),
        tokens: tokens.map((t) => showToken(t)),
      };
    },
  );

  app.get(
    "/api/ra/documents/:id",
    { config: { access: READ }, schema: { tags: ["ra"], summary: "A document scan's content (checked against its SHA-256)", params: idParam } },
    async (req, reply) => {
      const d = await applicants.documentContent(req.params.id);
      return reply
        .type(d.mediaType)
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(d.fileName)}`)
        .header("x-content-sha256", d.sha256)
        .send(Buffer.from(d.content));
    },
  );

  // The upload lives in its own plugin: raw JPEG / PNG / PDF bodies are parsed only here.
  await app.register(async (upload) => {
    upload.addContentTypeParser(["image/jpeg", "image/png", "application/pdf"], { parseAs: "buffer", bodyLimit: MAX_SCAN_BYTES + 1024 * 1024 }, (_req, body, done) => done(null, body));
    // Anything else is read too, so the answer is RA_DOCUMENT_TYPE rather than a generic 415.
    upload.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_SCAN_BYTES + 1024 * 1024 }, (_req, body, done) => done(null, body));
    upload.withTypeProvider<import("fastify-type-provider-zod").ZodTypeProvider>().post(
      "/api/ra/applicants/:id/documents",
      {
        config: { access: WRITE },
        schema: {
          tags: ["ra"],
          summary: "Upload a document scan: the body is the file (image/jpeg, image/png or application/pdf, at most 5 MiB)",
          params: idParam,
          querystring: z.object({ kind: z.enum(DOCUMENT_KINDS), fileName: z.string().min(1).max(200), applicationId: z.string().max(64).optional() }),
          response: { 201: documentView },
        },
      },
      async (req, reply) => {
        const body = req.body as unknown;
        if (!Buffer.isBuffer(body)) throw new AppError("RA_DOCUMENT_TYPE", { detail: "send the file itself as the request body" });
        const doc = await applicants.uploadDocument(
          req.params.id,
          { kind: req.query.kind, fileName: req.query.fileName, mediaType: req.headers["content-type"] ?? "", content: new Uint8Array(body), applicationId: req.query.applicationId ?? null },
          raActor(req).id,
        );
        return reply.code(201).send(showDocument(doc));
      },
    );
  });

  app.get(
    "/api/ra/certificates",
    {
      config: { access: READ },
      schema: {
        tags: ["ra"],
        summary: "Certificates issued to applicants, with status",
        querystring: z.object({
          q: z.string().max(100).optional().describe("serial prefix or subject text"),
          status: z.enum(["pending", "issued", "revoked", "hold"]).optional(),
          holder: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(certView.extend({ holderName: z.string().nullable() })) }) },
      },
    },
    async (req) => {
      const { q, status, holder, limit } = req.query;
      const bySerial = q && /^[0-9a-fA-F:]+$/.test(q) ? await deps.store.read.pki.findCertificates({ serial: q.replace(/:/g, ""), status, holder, limit }) : [];
      const bySubject = q && !bySerial.length ? await deps.store.read.pki.findCertificates({ subject: q, status, holder, limit }) : [];
      const all = q ? [...bySerial, ...bySubject] : await deps.store.read.pki.findCertificates({ status, holder, limit: limit * 2 });
      const rows = all.filter((c) => c.holder !== null).slice(0, limit);
      const names = new Map<string, string>();
      for (const c of rows) if (c.holder && !names.has(c.holder)) names.set(c.holder, (await deps.store.read.ra.applicant(c.holder))?.name ?? "");
      return { items: rows.map((c) => ({ ...showCert(c), holderName: c.holder ? (names.get(c.holder) ?? null) : null })) };
    },
  );
};
