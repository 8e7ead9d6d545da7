import { sql, type Kysely } from "kysely";

// Knowledge base: articles, their versions (each with its own search vector), driver files.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("kb_article")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('faq', 'bulletin', 'white_paper', 'tech_reference', 'driver', 'runbook')`))
    .addColumn("category", "text", (c) => c.check(sql`category in ('hardware', 'software', 'client', 'error_code')`))
    .addColumn("sub_fault", "text")
    .addColumn("error_code", "text", (c) => c.unique())
    .addColumn("generated", "jsonb")
    .addColumn("source_hash", "text")
    .addColumn("latest_version", "integer", (c) => c.notNull())
    .addColumn("published_version", "integer")
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by", "text")
    .addColumn("retired_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addCheckConstraint("kb_article_published_le_latest", sql`published_version is null or published_version <= latest_version`)
    .execute();
  await db.schema.createIndex("kb_article_kind_idx").on("kb_article").columns(["kind", "category"]).execute();

  await db.schema
    .createTable("kb_article_version")
    .addColumn("article_id", "text", (c) => c.notNull().references("kb_article.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("title_en", "text")
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("summary_en", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("body_en", "text")
    .addColumn("tags", sql`text[]`, (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility in ('public', 'internal')`))
    .addColumn("related", sql`text[]`, (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("author", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("search_vector", sql`tsvector`, (c) => c.notNull())
    .addPrimaryKeyConstraint("kb_article_version_pk", ["article_id", "version"])
    .execute();
  await sql`create index kb_article_version_search_idx on kb_article_version using gin (search_vector)`.execute(db);

  await db.schema
    .createTable("kb_file")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("article_id", "text", (c) => c.notNull().references("kb_article.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "timestamptz", (c) => c.notNull())
    .addColumn("withdrawn_at", "timestamptz")
    .addColumn("withdrawn_by", "text")
    .execute();
  await db.schema.createIndex("kb_file_article_idx").on("kb_file").column("article_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["kb_file", "kb_article_version", "kb_article"]) await db.schema.dropTable(t).ifExists().execute();
}
