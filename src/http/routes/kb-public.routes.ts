/**
 * The public help centre's API (no login): search, articles, categories,
 * driver downloads, plus what the bidders' self-diagnosis page calls — the
 * server time and a certificate check. Only published public articles are
 * reachable here; an internal or unpublished one answers "not found".
 */
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { CATEGORY_LABELS, FAULT_CATEGORIES, KIND_LABELS, ARTICLE_KINDS, SUB_FAULTS, type KbFile } from "../../support/kb/kb.types.js";
import type { ReadableArticle } from "../../support/kb/reader.service.js";
import type { HttpDeps } from "../deps.js";
import {
  articleView,
  categorySchema,
  fileView,
  idParam,
  kindSchema,
  listView,
  searchQuery,
  searchView,
  showFile,
  showSearch,
  showSummary,
  slugParam,
  summaryView,
} from "./kb.schemas.js";

const access = "public" as const;
const tags = ["help centre"];

export function showArticle(r: ReadableArticle, audience: "public" | "staff"): z.infer<typeof articleView> {
  return {
    ...showSummary(r),
    body: r.version.body,
    bodyEn: r.version.bodyEn,
    generated: r.article.generated,
    related: r.related.map(showSummary),
    files: r.files.map((f) => showFile(f, audience)),
  };
}

/** Types a browser may be told; anything else downloads as octet-stream. */
const SAFE_TYPES = new Set(["application/zip", "application/gzip", "application/x-gzip", "application/x-tar", "application/pdf", "application/octet-stream", "application/x-msdownload", "application/vnd.microsoft.portable-executable", "application/x-msi"]);

/** RFC 5987 value: percent-encode everything but attr-char (encodeURIComponent leaves ' ( ) * ! alone). */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Sends a download with its name (RFC 6266, UTF-8 names too) and its SHA-256 in headers (RFC 9530 Repr-Digest and a plain hex one). */
export function sendFile(reply: FastifyReply, file: KbFile, bytes: Uint8Array): FastifyReply {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return reply
    .header("content-type", SAFE_TYPES.has(file.contentType) ? file.contentType : "application/octet-stream")
    .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(file.fileName)}`)
    .header("content-length", String(bytes.byteLength))
    .header("x-checksum-sha256", file.sha256)
    .header("repr-digest", `sha-256=:${Buffer.from(file.sha256, "hex").toString("base64")}:`)
    .header("etag", `"${file.sha256}"`)
    .header("cache-control", "no-cache")
    .send(Buffer.from(bytes));
}

export const kbPublicRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/public/kb/search",
    {
      config: { access },
      schema: {
        tags,
        summary: "Search published public articles (Chinese word segmentation + bigrams; ranked; highlighted snippets)",
        querystring: searchQuery,
        response: { 200: searchView },
      },
    },
    async (req) => showSearch(await deps.kb.search.search({ ...req.query, audience: "public" })),
  );

  app.get(
    "/api/public/kb/articles",
    {
      config: { access },
      schema: {
        tags,
        summary: "List published public articles, newest first",
        querystring: z.object({
          kind: kindSchema.optional(),
          category: categorySchema.optional(),
          tag: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: listView },
      },
    },
    async (req) => {
      const r = await deps.kb.reader.list({ ...req.query, audience: "public" });
      return { total: r.total, items: r.items.map(showSummary) };
    },
  );

  app.get(
    "/api/public/kb/articles/:slug",
    { config: { access }, schema: { tags, summary: "One published public article with its links and downloads", params: slugParam, response: { 200: articleView } } },
    async (req) => showArticle(await deps.kb.reader.article(req.params.slug, "public"), "public"),
  );

  app.get(
    "/api/public/kb/overview",
    {
      config: { access },
      schema: {
        tags,
        summary: "Article kinds and fault categories with counts of published public articles",
        response: {
          200: z.object({
            kinds: z.array(z.object({ kind: kindSchema, zh: z.string(), en: z.string(), count: z.number() })),
            categories: z.array(
              z.object({ category: categorySchema, zh: z.string(), en: z.string(), count: z.number(), subFaults: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string() })) }),
            ),
          }),
        },
      },
    },
    async () => {
      const counts = await deps.kb.reader.counts("public");
      const sum = (pred: (c: (typeof counts)[number]) => boolean) => counts.filter(pred).reduce((n, c) => n + c.count, 0);
      return {
        kinds: ARTICLE_KINDS.map((kind) => ({ kind, ...KIND_LABELS[kind], count: sum((c) => c.kind === kind) })),
        categories: FAULT_CATEGORIES.map((category) => ({
          category,
          ...CATEGORY_LABELS[category],
          count: sum((c) => c.category === category),
          subFaults: category === "error_code" ? [] : [...SUB_FAULTS[category]],
        })),
      };
    },
  );

  app.get(
    "/api/public/kb/downloads",
    {
      config: { access },
      schema: {
        tags,
        summary: "Every current driver download with version, platform, size and SHA-256",
        response: { 200: z.object({ items: z.array(fileView.extend({ article: summaryView.pick({ id: true, slug: true, title: true, titleEn: true }) })) }) },
      },
    },
    async () => ({
      items: (await deps.kb.reader.downloads("public")).map((d) => ({
        ...showFile(d.file, "public"),
        article: { id: d.article.id, slug: d.article.slug, title: d.title, titleEn: d.titleEn },
      })),
    }),
  );

  app.get(
    "/api/public/kb/files/:id",
    {
      config: { access },
      schema: {
        tags,
        summary: "Download a file (Content-Disposition attachment; SHA-256 in X-Checksum-SHA256 and Repr-Digest)",
        params: idParam,
      },
    },
    async (req, reply) => {
      const { file, bytes } = await deps.kb.downloads.open(req.params.id, "public");
      return sendFile(reply, file, bytes);
    },
  );

  app.get(
    "/api/public/time",
    {
      config: { access },
      schema: {
        tags: ["self-diagnosis"],
        summary: "The server's time, for measuring the client's clock offset",
        response: { 200: z.object({ now: z.string(), epochMs: z.number() }) },
      },
    },
    async (_req, reply) => {
      const now = deps.clock.now();
      reply.header("cache-control", "no-store");
      return { now: now.toISOString(), epochMs: now.getTime() };
    },
  );

  app.post(
    "/api/public/diagnose/certificate",
    {
      config: { access },
      schema: {
        tags: ["self-diagnosis"],
        summary: "Read a certificate (PEM or Base64): subject, issuer, validity now, status at our CA. Nothing is stored.",
        body: z.object({ certificate: z.string().min(1).max(65_536) }),
        response: {
          200: z.object({
            subject: z.string(),
            issuer: z.string(),
            serialNumber: z.string(),
            notBefore: z.string(),
            notAfter: z.string(),
            validity: z.enum(["valid", "not_yet_valid", "expired"]),
            daysLeft: z.number(),
            keyAlgorithm: z.string(),
            signatureAlgorithm: z.string(),
            sha256Fingerprint: z.string(),
            selfSigned: z.boolean(),
            status: z.object({
              source: z.enum(["local-ca", "none"]),
              state: z.enum(["good", "revoked", "hold", "pending", "unknown"]),
              revokedAt: z.string().nullable(),
              reason: z.string().nullable(),
              reasonZh: z.string().nullable(),
            }),
            checkedAt: z.string(),
          }),
        },
      },
    },
    async (req) => deps.kb.certificates.check(req.body.certificate),
  );
};
