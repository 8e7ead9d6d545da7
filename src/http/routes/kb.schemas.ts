/** Request and response shapes of the knowledge-base API, and the mapping from domain objects to them. */
import { z } from "zod";
import { ARTICLE_KINDS, FAULT_CATEGORIES, VISIBILITIES, type Article, type ArticleView, type KbFile } from "../../support/kb/kb.types.js";
import type { Piece } from "../../support/kb/search/highlighter.js";
import type { SearchHit, SearchResult } from "../../support/kb/search.service.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const kindSchema = z.enum(ARTICLE_KINDS);
export const categorySchema = z.enum(FAULT_CATEGORIES);
export const idParam = z.object({ id: z.uuid() });
export const slugParam = z.object({ slug: z.string().min(1).max(80) });

export const contentSchema = z.object({
  title: z.string().trim().min(1).max(200),
  titleEn: z.string().max(200).nullish().transform((v) => v ?? null),
  summary: z.string().max(1000).default(""),
  summaryEn: z.string().max(1000).nullish().transform((v) => v ?? null),
  body: z.string().max(200_000).default(""),
  bodyEn: z.string().max(200_000).nullish().transform((v) => v ?? null),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  visibility: z.enum(VISIBILITIES),
  related: z.array(z.uuid()).max(20).default([]),
});

export const searchQuery = z.object({
  q: z.string().min(1).max(100),
  kind: kindSchema.optional(),
  category: categorySchema.optional(),
  lang: z.enum(["zh", "en"]).default("zh"),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});

export const pieceView = z.object({ text: z.string(), hit: z.boolean() });

export const generatedView = z.object({
  code: z.string(),
  status: z.number(),
  zh: z.string(),
  en: z.string(),
  cause: z.object({ zh: z.string(), en: z.string() }).nullable(),
  remedy: z.object({ zh: z.string(), en: z.string() }).nullable(),
});

export const summaryView = z.object({
  id: z.string(),
  slug: z.string(),
  kind: kindSchema,
  category: categorySchema.nullable(),
  subFault: z.string().nullable(),
  errorCode: z.string().nullable(),
  title: z.string(),
  titleEn: z.string().nullable(),
  summary: z.string(),
  summaryEn: z.string().nullable(),
  tags: z.array(z.string()),
  visibility: z.enum(VISIBILITIES),
  version: z.number(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export function showSummary(v: ArticleView): z.infer<typeof summaryView> {
  const { article: a, version: ver } = v;
  return {
    id: a.id,
    slug: a.slug,
    kind: a.kind,
    category: a.category,
    subFault: a.subFault,
    errorCode: a.errorCode,
    title: ver.title,
    titleEn: ver.titleEn,
    summary: ver.summary,
    summaryEn: ver.summaryEn,
    tags: ver.tags,
    visibility: ver.visibility,
    version: ver.version,
    publishedAt: iso(a.publishedAt),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export const fileView = z.object({
  id: z.string(),
  articleId: z.string(),
  fileName: z.string(),
  version: z.string(),
  platform: z.string(),
  size: z.number(),
  sha256: z.string(),
  contentType: z.string(),
  uploadedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  downloadUrl: z.string(),
});

export function showFile(f: KbFile, audience: "public" | "staff"): z.infer<typeof fileView> {
  return {
    id: f.id,
    articleId: f.articleId,
    fileName: f.fileName,
    version: f.version,
    platform: f.platform,
    size: f.size,
    sha256: f.sha256,
    contentType: f.contentType,
    uploadedAt: f.uploadedAt.toISOString(),
    withdrawnAt: iso(f.withdrawnAt),
    downloadUrl: audience === "public" ? `/api/public/kb/files/${f.id}` : `/api/kb/files/${f.id}`,
  };
}

export const articleView = summaryView.extend({
  body: z.string(),
  bodyEn: z.string().nullable(),
  generated: generatedView.nullable(),
  related: z.array(summaryView),
  files: z.array(fileView),
});

export const hitView = summaryView.extend({
  rank: z.number(),
  titleHighlight: z.array(pieceView),
  titleEnHighlight: z.array(pieceView).nullable(),
  snippet: z.array(pieceView),
});

export const searchView = z.object({
  mode: z.enum(["all", "any"]),
  terms: z.array(z.string()),
  total: z.number(),
  items: z.array(hitView),
});

const showHit = (h: SearchHit) => ({
  ...showSummary(h),
  rank: h.rank,
  titleHighlight: h.titleHighlight as Piece[],
  titleEnHighlight: h.titleEnHighlight,
  snippet: h.snippet,
});

export const showSearch = (r: SearchResult): z.infer<typeof searchView> => ({ mode: r.mode, terms: r.terms, total: r.total, items: r.items.map(showHit) });

export const listView = z.object({ total: z.number(), items: z.array(summaryView) });

/** Staff-only fields: state of publication and who did what. */
export const editorArticleView = z.object({
  id: z.string(),
  slug: z.string(),
  kind: kindSchema,
  category: categorySchema.nullable(),
  subFault: z.string().nullable(),
  errorCode: z.string().nullable(),
  generated: generatedView.nullable(),
  latestVersion: z.number(),
  publishedVersion: z.number().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  retiredAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export function showEditorArticle(a: Article): z.infer<typeof editorArticleView> {
  return {
    id: a.id,
    slug: a.slug,
    kind: a.kind,
    category: a.category,
    subFault: a.subFault,
    errorCode: a.errorCode,
    generated: a.generated,
    latestVersion: a.latestVersion,
    publishedVersion: a.publishedVersion,
    publishedAt: iso(a.publishedAt),
    publishedBy: a.publishedBy,
    retiredAt: iso(a.retiredAt),
    createdAt: a.createdAt.toISOString(),
    createdBy: a.createdBy,
    updatedAt: a.updatedAt.toISOString(),
    updatedBy: a.updatedBy,
  };
}

export const versionView = z.object({
  version: z.number(),
  title: z.string(),
  titleEn: z.string().nullable(),
  summary: z.string(),
  summaryEn: z.string().nullable(),
  body: z.string(),
  bodyEn: z.string().nullable(),
  tags: z.array(z.string()),
  visibility: z.enum(VISIBILITIES),
  related: z.array(z.string()),
  note: z.string().nullable(),
  author: z.string(),
  createdAt: z.string(),
});

export function showVersion(v: ArticleView["version"]): z.infer<typeof versionView> {
  return {
    version: v.version,
    title: v.title,
    titleEn: v.titleEn,
    summary: v.summary,
    summaryEn: v.summaryEn,
    body: v.body,
    bodyEn: v.bodyEn,
    tags: v.tags,
    visibility: v.visibility,
    related: v.related,
    note: v.note,
    author: v.author,
    createdAt: v.createdAt.toISOString(),
  };
}
