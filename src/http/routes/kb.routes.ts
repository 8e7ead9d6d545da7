/**
 * Knowledge base for staff: the editor's API (drafts, versions, publish,
 * driver uploads) and reading internal articles. Every support role reads;
 * the service desk, tech support, experts and the tech-support manager
 * write. The public help centre's routes are in kb-public.routes.ts.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { KB_READERS, KB_WRITERS } from "../../support/kb/kb-roles.js";
import { AppError } from "../../shared/errors.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import { sendProblem, toAppError } from "../problem.js";
import { kbPublicRoutes, sendFile, showArticle } from "./kb-public.routes.js";
import {
  articleView,
  categorySchema,
  contentSchema,
  editorArticleView,
  fileView,
  idParam,
  kindSchema,
  listView,
  searchQuery,
  searchView,
  showEditorArticle,
  showFile,
  showSearch,
  showSummary,
  showVersion,
  slugParam,
  versionView,
} from "./kb.schemas.js";

const tags = ["knowledge base"];
const read = KB_READERS;
const write = KB_WRITERS;

const editorView = z.object({
  article: editorArticleView,
  latest: versionView,
  published: versionView.nullable(),
  history: z.array(z.object({ version: z.number(), title: z.string(), author: z.string(), createdAt: z.string(), note: z.string().nullable(), visibility: z.string() })),
  files: z.array(fileView),
});

const uploadQuery = z.object({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((s) => !/[\\/]/.test(s) && ![...s].some((ch) => ch.charCodeAt(0) < 0x20), "no path separators or control characters"),
  version: z.string().trim().min(1).max(50),
  platform: z.string().trim().min(1).max(50),
  contentType: z.string().max(100).regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/).optional(),
});

const staffRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const maxFile = deps.kb.downloads.maxFileBytes;
  // Uploads are raw bytes (no multipart, no base64); scoped to this plugin only.
  app.addContentTypeParser("application/octet-stream", { parseAs: "buffer", bodyLimit: maxFile }, (_req, body, done) => done(null, body));

  async function editor(id: string) {
    const v = await deps.kb.articles.editorView(id);
    return {
      article: showEditorArticle(v.article),
      latest: showVersion(v.latest),
      published: v.published ? showVersion(v.published) : null,
      history: v.history.map((h) => ({ ...h, createdAt: h.createdAt.toISOString() })),
      files: v.files.map((f) => showFile(f, "staff")),
    };
  }

  app.get(
    "/api/kb/articles",
    {
      config: { access: read },
      schema: {
        tags,
        summary: "All articles as editors see them (latest version, drafts, internal, retired)",
        querystring: z.object({
          kind: kindSchema.optional(),
          category: categorySchema.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(200),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: listView.extend({ items: z.array(listView.shape.items.element.extend({ publishedVersion: z.number().nullable(), latestVersion: z.number(), retired: z.boolean() })) }) },
      },
    },
    async (req) => {
      const r = await deps.kb.articles.listForEditor(req.query);
      return {
        total: r.total,
        items: r.items.map((v) => ({ ...showSummary(v), publishedVersion: v.article.publishedVersion, latestVersion: v.article.latestVersion, retired: v.article.retiredAt !== null })),
      };
    },
  );

  app.get(
    "/api/kb/search",
    {
      config: { access: read },
      schema: {
        tags,
        summary: "Search including internal articles; scope=latest searches drafts too",
        querystring: searchQuery.extend({ scope: z.enum(["published", "latest"]).default("published") }),
        response: { 200: searchView },
      },
    },
    async (req) => showSearch(await deps.kb.search.search({ ...req.query, audience: "staff" })),
  );

  app.get(
    "/api/kb/read/:slug",
    { config: { access: read }, schema: { tags, summary: "A published article, public or internal", params: slugParam, response: { 200: articleView } } },
    async (req) => showArticle(await deps.kb.reader.article(req.params.slug, "staff"), "staff"),
  );

  app.post(
    "/api/kb/articles",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Create an article (version 1, a draft unless publish is true)",
        body: z.object({
          kind: kindSchema,
          slug: z.string().min(1).max(80).optional(),
          category: categorySchema.nullish(),
          subFault: z.string().max(60).nullish(),
          content: contentSchema,
          note: z.string().max(500).nullish(),
          publish: z.boolean().default(false),
        }),
        response: { 201: editorView },
      },
    },
    async (req, reply) => {
      const v = await deps.kb.articles.create(req.body, actorOf(req));
      return reply.code(201).send(await editor(v.article.id));
    },
  );

  app.get(
    "/api/kb/articles/:id",
    { config: { access: read }, schema: { tags, summary: "An article for the editor: latest and published versions, history, files", params: idParam, response: { 200: editorView } } },
    async (req) => editor(req.params.id),
  );

  app.get(
    "/api/kb/articles/:id/versions/:version",
    {
      config: { access: read },
      schema: { tags, summary: "One saved version", params: idParam.extend({ version: z.coerce.number().int().min(1) }), response: { 200: versionView } },
    },
    async (req) => showVersion((await deps.kb.articles.version(req.params.id, req.params.version)).version),
  );

  app.put(
    "/api/kb/articles/:id/draft",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Save a new version (fails with KB_VERSION_CONFLICT if baseVersion is not the latest)",
        params: idParam,
        body: z.object({
          baseVersion: z.number().int().min(1),
          content: contentSchema,
          category: categorySchema.nullish(),
          subFault: z.string().max(60).nullish(),
          note: z.string().max(500).nullish(),
        }),
        response: { 200: editorView },
      },
    },
    async (req) => {
      await deps.kb.articles.saveDraft(req.params.id, req.body, actorOf(req));
      return editor(req.params.id);
    },
  );

  app.post(
    "/api/kb/articles/:id/publish",
    {
      config: { access: write },
      schema: { tags, summary: "Publish a version (default: the latest); audited", params: idParam, body: z.object({ version: z.number().int().min(1).optional() }), response: { 200: editorView } },
    },
    async (req) => {
      await deps.kb.articles.publish(req.params.id, req.body.version, actorOf(req));
      return editor(req.params.id);
    },
  );

  app.post(
    "/api/kb/articles/:id/unpublish",
    {
      config: { access: write },
      schema: { tags, summary: "Take an article off the help centre; audited with the reason", params: idParam, body: z.object({ reason: z.string().trim().min(1).max(500) }), response: { 200: editorView } },
    },
    async (req) => {
      await deps.kb.articles.unpublish(req.params.id, req.body.reason, actorOf(req));
      return editor(req.params.id);
    },
  );

  app.post(
    "/api/kb/articles/:id/files",
    {
      config: { access: write },
      bodyLimit: maxFile,
      schema: {
        tags,
        summary: "Upload a driver file: the raw bytes as application/octet-stream; name, version and platform in the query",
        description: `At most ${maxFile} bytes (LANDTRADE_KB_MAX_FILE_BYTES). The SHA-256 is computed here and shown with the download.`,
        params: idParam,
        querystring: uploadQuery,
        response: { 201: fileView },
      },
      // An oversize body is refused while it streams in: answer with the knowledge base's own code.
      errorHandler: (err, req, reply) => {
        const e = (err as { code?: string }).code === "FST_ERR_CTP_BODY_TOO_LARGE" ? new AppError("KB_FILE_TOO_LARGE", { detail: `limit ${maxFile} bytes` }) : toAppError(err);
        if (e.code === "INTERNAL_ERROR") req.log.error({ err }, "unhandled error");
        return sendProblem(reply, req, e);
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", { detail: "send the file as application/octet-stream" });
      const f = await deps.kb.downloads.upload(req.params.id, { ...req.query, bytes: new Uint8Array(req.body) }, actorOf(req));
      return reply.code(201).send(showFile(f, "staff"));
    },
  );

  app.post(
    "/api/kb/files/:id/withdraw",
    { config: { access: write }, schema: { tags, summary: "Withdraw a download (kept on record, no longer offered); audited", params: idParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await deps.kb.downloads.withdraw(req.params.id, actorOf(req));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/kb/files/:id",
    { config: { access: read }, schema: { tags, summary: "Download any file, also of unpublished articles", params: idParam } },
    async (req, reply) => {
      const { file, bytes } = await deps.kb.downloads.open(req.params.id, "staff");
      return sendFile(reply, file, bytes);
    },
  );
};

/** Registers the staff and the public knowledge-base routes. */
export const kbRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  await app.register(staffRoutes(deps));
  await app.register(kbPublicRoutes(deps));
};
