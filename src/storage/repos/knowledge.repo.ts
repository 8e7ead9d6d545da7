import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from "kysely";
import type { ArticleFilter, KbRepo } from "../../support/kb/kb.ports.js";
import type { Article, ArticleKind, ArticleVersion, FaultCategory, GeneratedPart, KbFile, Visibility } from "../../support/kb/kb.types.js";
import type { Database } from "../schema.js";
import type { KbArticleTable, KbArticleVersionTable, KbFileTable } from "../tables/knowledge.js";

const date = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));

function toArticle(r: Selectable<KbArticleTable>): Article {
  return {
    id: r.id,
    slug: r.slug,
    kind: r.kind as ArticleKind,
    category: r.category as FaultCategory | null,
    subFault: r.sub_fault,
    errorCode: r.error_code,
    generated: (r.generated as GeneratedPart | null) ?? null,
    sourceHash: r.source_hash,
    latestVersion: r.latest_version,
    publishedVersion: r.published_version,
    publishedAt: date(r.published_at),
    publishedBy: r.published_by,
    retiredAt: date(r.retired_at),
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
    updatedAt: new Date(r.updated_at),
    updatedBy: r.updated_by,
  };
}

type VersionRow = Omit<Selectable<KbArticleVersionTable>, "search_vector">;

function toVersion(r: VersionRow): ArticleVersion {
  return {
    articleId: r.article_id,
    version: r.version,
    title: r.title,
    titleEn: r.title_en,
    summary: r.summary,
    summaryEn: r.summary_en,
    body: r.body,
    bodyEn: r.body_en,
    tags: r.tags,
    visibility: r.visibility as Visibility,
    related: r.related,
    note: r.note,
    author: r.author,
    createdAt: new Date(r.created_at),
  };
}

function toFile(r: Selectable<KbFileTable>): KbFile {
  return {
    id: r.id,
    articleId: r.article_id,
    fileName: r.file_name,
    version: r.version,
    platform: r.platform,
    size: Number(r.size),
    sha256: r.sha256,
    contentType: r.content_type,
    uploadedBy: r.uploaded_by,
    uploadedAt: new Date(r.uploaded_at),
    withdrawnAt: date(r.withdrawn_at),
    withdrawnBy: r.withdrawn_by,
  };
}

const ARTICLE_COLS = [
  "a.id",
  "a.slug",
  "a.kind",
  "a.category",
  "a.sub_fault",
  "a.error_code",
  "a.generated",
  "a.source_hash",
  "a.latest_version",
  "a.published_version",
  "a.published_at",
  "a.published_by",
  "a.retired_at",
  "a.created_at",
  "a.created_by",
  "a.updated_at",
  "a.updated_by",
] as const;

const VERSION_COLS = [
  "v.article_id",
  "v.version",
  "v.title",
  "v.title_en",
  "v.summary",
  "v.summary_en",
  "v.body",
  "v.body_en",
  "v.tags",
  "v.visibility",
  "v.related",
  "v.note",
  "v.author",
  "v.created_at",
] as const;

type Joined = { a: KbArticleTable; v: KbArticleVersionTable };

/** Article joined to the version the scope selects, with the filters every listing shares. */
function scoped(db: Kysely<Database>, f: ArticleFilter): SelectQueryBuilder<Database & Joined, "a" | "v", object> {
  let q = db
    .selectFrom("kb_article as a")
    .innerJoin("kb_article_version as v", (j) =>
      j.onRef("v.article_id", "=", "a.id").on((eb) =>
        f.scope === "published"
          ? eb("v.version", "=", eb.ref("a.published_version"))
          : eb("v.version", "=", eb.ref("a.latest_version")),
      ),
    )
    .where("v.visibility", "in", [...f.visibilities]);
  if (f.scope === "published" || !f.includeUnpublished) q = q.where("a.published_version", "is not", null);
  if (!f.includeRetired) q = q.where("a.retired_at", "is", null);
  if (f.kind) q = q.where("a.kind", "=", f.kind);
  if (f.category) q = q.where("a.category", "=", f.category);
  if (f.tag) q = q.where(sql<boolean>`${f.tag} = any(v.tags)`);
  return q as unknown as SelectQueryBuilder<Database & Joined, "a" | "v", object>;
}

function splitRow(r: Record<string, unknown>): { article: Article; version: ArticleVersion } {
  return { article: toArticle(r as unknown as Selectable<KbArticleTable>), version: toVersion(r as unknown as VersionRow) };
}

function articleRow(a: Article) {
  return {
    id: a.id,
    slug: a.slug,
    kind: a.kind,
    category: a.category,
    sub_fault: a.subFault,
    error_code: a.errorCode,
    generated: a.generated ? JSON.stringify(a.generated) : null,
    source_hash: a.sourceHash,
    latest_version: a.latestVersion,
    published_version: a.publishedVersion,
    published_at: a.publishedAt,
    published_by: a.publishedBy,
    retired_at: a.retiredAt,
    created_at: a.createdAt,
    created_by: a.createdBy,
    updated_at: a.updatedAt,
    updated_by: a.updatedBy,
  };
}

function versionRow(v: ArticleVersion, tsvector: string) {
  return {
    article_id: v.articleId,
    version: v.version,
    title: v.title,
    title_en: v.titleEn,
    summary: v.summary,
    summary_en: v.summaryEn,
    body: v.body,
    body_en: v.bodyEn,
    tags: v.tags,
    visibility: v.visibility,
    related: v.related,
    note: v.note,
    author: v.author,
    created_at: v.createdAt,
    search_vector: sql<string>`${tsvector}::tsvector`,
  };
}

export function knowledgeRepo(db: Kysely<Database>): KbRepo {
  return {
    async insertArticle(a) {
      await db.insertInto("kb_article").values(articleRow(a)).execute();
    },
    async insertMany(items) {
      if (items.length === 0) return;
      await db.insertInto("kb_article").values(items.map((i) => articleRow(i.article))).execute();
      await db.insertInto("kb_article_version").values(items.map((i) => versionRow(i.version, i.tsvector))).execute();
    },
    async updateArticle(id, p) {
      await db
        .updateTable("kb_article")
        .set({
          ...(p.slug !== undefined ? { slug: p.slug } : {}),
          ...(p.kind !== undefined ? { kind: p.kind } : {}),
          ...(p.category !== undefined ? { category: p.category } : {}),
          ...(p.subFault !== undefined ? { sub_fault: p.subFault } : {}),
          ...(p.generated !== undefined ? { generated: p.generated ? JSON.stringify(p.generated) : null } : {}),
          ...(p.sourceHash !== undefined ? { source_hash: p.sourceHash } : {}),
          ...(p.latestVersion !== undefined ? { latest_version: p.latestVersion } : {}),
          ...(p.publishedVersion !== undefined ? { published_version: p.publishedVersion } : {}),
          ...(p.publishedAt !== undefined ? { published_at: p.publishedAt } : {}),
          ...(p.publishedBy !== undefined ? { published_by: p.publishedBy } : {}),
          ...(p.retiredAt !== undefined ? { retired_at: p.retiredAt } : {}),
          ...(p.updatedAt !== undefined ? { updated_at: p.updatedAt } : {}),
          ...(p.updatedBy !== undefined ? { updated_by: p.updatedBy } : {}),
        })
        .where("id", "=", id)
        .execute();
    },
    async article(id) {
      const r = await db.selectFrom("kb_article").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toArticle(r) : undefined;
    },
    async articleForUpdate(id) {
      const r = await db.selectFrom("kb_article").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toArticle(r) : undefined;
    },
    async articleBySlug(slug) {
      const r = await db.selectFrom("kb_article").selectAll().where("slug", "=", slug).executeTakeFirst();
      return r ? toArticle(r) : undefined;
    },
    async idsBySlug(slugs) {
      if (slugs.length === 0) return new Map();
      const rows = await db.selectFrom("kb_article").select(["slug", "id"]).where("slug", "in", [...slugs]).execute();
      return new Map(rows.map((r) => [r.slug, r.id]));
    },
    async insertVersion(v, tsvector) {
      await db.insertInto("kb_article_version").values(versionRow(v, tsvector)).execute();
    },
    async version(articleId, version) {
      const r = await db
        .selectFrom("kb_article_version as v")
        .select(VERSION_COLS)
        .where("v.article_id", "=", articleId)
        .where("v.version", "=", version)
        .executeTakeFirst();
      return r ? toVersion(r) : undefined;
    },
    async versions(articleId) {
      const rows = await db
        .selectFrom("kb_article_version")
        .select(["version", "title", "author", "created_at", "note", "visibility"])
        .where("article_id", "=", articleId)
        .orderBy("version", "desc")
        .execute();
      return rows.map((r) => ({ version: r.version, title: r.title, author: r.author, createdAt: new Date(r.created_at), note: r.note, visibility: r.visibility as Visibility }));
    },
    async setVector(articleId, version, tsvector) {
      await db
        .updateTable("kb_article_version")
        .set({ search_vector: sql<string>`${tsvector}::tsvector` })
        .where("article_id", "=", articleId)
        .where("version", "=", version)
        .execute();
    },
    async list(f) {
      const rows = await scoped(db, f)
        .select([...ARTICLE_COLS, ...VERSION_COLS])
        .select(sql<number>`count(*) over ()`.as("total"))
        .orderBy(sql`coalesce(a.published_at, a.updated_at)`, "desc")
        .orderBy("a.slug")
        .limit(f.limit)
        .offset(f.offset)
        .execute();
      return { items: rows.map((r) => splitRow(r)), total: Number(rows[0]?.total ?? 0) };
    },
    async search(f) {
      // The query text is a bound parameter cast to tsquery: it was built from quoted lexemes only.
      // Weights D, C, B, A = body, summary, tags, title; normalisation 1 (÷ 1 + log length) so a long
      // article mentioning a word many times does not bury a short one that is about it.
      const q = sql`${f.tsquery}::tsquery`;
      const rows = await scoped(db, f)
        .select([...ARTICLE_COLS, ...VERSION_COLS])
        // Generated per-error-code runbooks (one per catalogue code, ~200 of them) count half: they share
        // vocabulary with every curated article, which people look for first; a code query still finds its own.
        .select(sql<number>`ts_rank('{0.1, 0.2, 0.4, 1.0}', v.search_vector, ${q}, 1) * (case when a.error_code is null then 1 else 0.5 end)`.as("rank"))
        .select(sql<number>`count(*) over ()`.as("total"))
        .where(sql<boolean>`v.search_vector @@ ${q}`)
        .orderBy("rank", "desc")
        .orderBy(sql`coalesce(a.published_at, a.updated_at)`, "desc")
        .orderBy("a.slug")
        .limit(f.limit)
        .offset(f.offset)
        .execute();
      return { items: rows.map((r) => ({ ...splitRow(r), rank: Number(r.rank) })), total: Number(rows[0]?.total ?? 0) };
    },
    async existingIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom("kb_article").select("id").where("id", "in", [...ids]).execute();
      return rows.map((r) => r.id);
    },
    async publishedViews(ids, visibilities) {
      if (ids.length === 0) return [];
      const rows = await scoped(db, { scope: "published", visibilities, limit: ids.length, offset: 0 })
        .select([...ARTICLE_COLS, ...VERSION_COLS])
        .where("a.id", "in", [...ids])
        .execute();
      return rows.map((r) => splitRow(r));
    },
    async managedArticles() {
      const rows = await db.selectFrom("kb_article").selectAll().where("error_code", "is not", null).execute();
      return rows.map(toArticle);
    },
    async lockRunbookSync() {
      await sql`select pg_advisory_xact_lock(hashtext('landtrade.kb.runbook-sync'))`.execute(db);
    },
    async counts(visibilities) {
      const rows = await scoped(db, { scope: "published", visibilities, limit: 0, offset: 0 })
        .select(["a.kind", "a.category"])
        .select(sql<number>`count(*)`.as("n"))
        .groupBy(["a.kind", "a.category"])
        .execute();
      return rows.map((r) => ({ kind: r.kind as ArticleKind, category: r.category as FaultCategory | null, count: Number(r.n) }));
    },
    async insertFile(f) {
      await db
        .insertInto("kb_file")
        .values({
          id: f.id,
          article_id: f.articleId,
          file_name: f.fileName,
          version: f.version,
          platform: f.platform,
          size: f.size,
          sha256: f.sha256,
          content_type: f.contentType,
          uploaded_by: f.uploadedBy,
          uploaded_at: f.uploadedAt,
          withdrawn_at: f.withdrawnAt,
          withdrawn_by: f.withdrawnBy,
        })
        .execute();
    },
    async file(id) {
      const r = await db.selectFrom("kb_file").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toFile(r) : undefined;
    },
    async filesOf(articleIds, includeWithdrawn) {
      if (articleIds.length === 0) return [];
      let q = db.selectFrom("kb_file").selectAll().where("article_id", "in", [...articleIds]);
      if (!includeWithdrawn) q = q.where("withdrawn_at", "is", null);
      const rows = await q.orderBy("uploaded_at", "desc").orderBy("file_name").execute();
      return rows.map(toFile);
    },
    async shaInUse(sha256) {
      return (await db.selectFrom("kb_file").select("id").where("sha256", "=", sha256).limit(1).executeTakeFirst()) !== undefined;
    },
    async withdrawFile(id, at, by) {
      await db.updateTable("kb_file").set({ withdrawn_at: at, withdrawn_by: by }).where("id", "=", id).execute();
    },
  };
}
