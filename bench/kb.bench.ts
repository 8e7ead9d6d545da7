/**
 * Knowledge base: indexing throughput (segmenter + dictionary + bigrams into
 * tsvector text) against Intl.Segmenter alone on the same text; and search
 * queries/s through the service (query building, ranked SQL, highlighted
 * snippets) against the bare tsquery match in SQL, over the demo articles,
 * the catalogue runbooks and synthetic articles built from their sentences.
 * Because the synthetic articles reuse the demo sentences, a common query
 * such as 证书吊销 matches about half of the corpus: a worst case for ranking.
 */
import { sql } from "kysely";
import { FakeClock } from "../src/app/clock.js";
import { ERROR_CATALOGUE } from "../src/shared/error-catalogue.js";
import { newId } from "../src/shared/ids.js";
import { openDatabase, type DbHandle } from "../src/storage/db.js";
import { migrateToLatest } from "../src/storage/migrate.js";
import { createStore } from "../src/storage/store.js";
import { DEMO_ARTICLES } from "../src/support/kb/demo/seed-kb.js";
import { vectorFor } from "../src/support/kb/indexing.js";
import type { Article, ArticleVersion } from "../src/support/kb/kb.types.js";
import { RunbookSync } from "../src/support/kb/runbook-sync.js";
import { buildQuery } from "../src/support/kb/search/query-builder.js";
import { buildTsvector } from "../src/support/kb/search/tsvector.js";
import { SearchService } from "../src/support/kb/search.service.js";
import { createScratchPostgres } from "../test/helpers/db.js";
import { rate, report } from "./report.js";

const QUERIES = ["证书吊销", "USBKey 驱动安装", "保证金退还", "限时竞价", "口令锁定", "证书到期更新", "页面空白", "时间戳服务", "AUTH_REQUIRED", "certificate expire"];
const SYNTHETIC = 2000;

const sentences = DEMO_ARTICLES.flatMap((a) => a.body.split(/(?<=[。；！？\n])/).map((s) => s.trim()).filter((s) => s.length > 6));

function synthetic(i: number, now: Date): { article: Article; version: ArticleVersion; tsvector: string } {
  const id = newId();
  const pick = (k: number) => sentences[(i * 7919 + k * 104729) % sentences.length]!;
  const body = Array.from({ length: 12 }, (_, k) => pick(k)).join("\n");
  const article: Article = {
    id, slug: `bench-${i}`, kind: "faq", category: null, subFault: null, errorCode: null, generated: null, sourceHash: null,
    latestVersion: 1, publishedVersion: 1, publishedAt: now, publishedBy: "bench", retiredAt: null, createdAt: now, createdBy: "bench", updatedAt: now, updatedBy: "bench",
  };
  const version: ArticleVersion = {
    articleId: id, version: 1, title: pick(99).slice(0, 40), titleEn: null, summary: pick(98), summaryEn: null, body, bodyEn: null,
    tags: [], visibility: "public", related: [], note: null, author: "bench", createdAt: now,
  };
  return { article, version, tsvector: vectorFor(article, version) };
}

function tokenizeBench(seconds: number): void {
  const texts = DEMO_ARTICLES.map((a) => `${a.title}\n${a.summary}\n${a.body}`);
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const seg = new Intl.Segmenter("zh", { granularity: "word" });
  const time = (fn: () => void) => {
    for (let i = 0; i < 3; i++) fn();
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 500) {
      fn();
      n++;
    }
    return (n * chars) / ((performance.now() - t0) / 1000);
  };
  const raw = time(() => {
    for (const t of texts) for (const _s of seg.segment(t));
  });
  const ours = time(() => {
    for (const t of texts) buildTsvector([{ text: t, weight: "D" }]);
  });
  report({ name: "kb.index.chars_per_s", value: ours, unit: "chars/s", baseline: raw, note: "tsvector text (segmenter + dictionary + bigrams + Latin) vs Intl.Segmenter alone" });
}

async function searchBench(label: string, dbh: DbHandle, seconds: number): Promise<void> {
  await migrateToLatest(dbh.db);
  const store = createStore(dbh.db);
  const clock = new FakeClock();
  await new RunbookSync(store, clock).sync(ERROR_CATALOGUE);
  const now = clock.now();
  for (let i = 0; i < SYNTHETIC; i += 200) {
    const batch = Array.from({ length: Math.min(200, SYNTHETIC - i) }, (_, k) => synthetic(i + k, now));
    await store.tx((r) => r.kb.insertMany(batch));
  }
  await sql`analyze`.execute(dbh.db);
  const n = Number((await sql<{ n: number }>`select count(*) as n from kb_article`.execute(dbh.db)).rows[0]!.n);
  const search = new SearchService(store);
  const built = QUERIES.map((q) => buildQuery(q)!.all);
  const raw = await rate((i) => sql`select count(*) from kb_article_version where search_vector @@ ${built[Math.abs(i) % built.length]!}::tsquery`.execute(dbh.db), seconds * 1000);
  const full = await rate((i) => search.search({ q: QUERIES[Math.abs(i) % QUERIES.length]!, audience: "public" }), seconds * 1000);
  report({ name: `kb.${label}.search`, value: full, unit: "queries/s", baseline: raw, note: `${n} articles; service (ranked, top 20, highlighted) vs bare tsquery match count` });
}

export async function kbBench(opts: { seconds: number }): Promise<void> {
  tokenizeBench(opts.seconds);
  const pgl = await openDatabase({ pgliteDir: "memory" });
  try {
    await searchBench("pglite", pgl, opts.seconds);
  } finally {
    await pgl.close();
  }
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchPostgres(process.env.DATABASE_URL);
    const pg = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    try {
      await searchBench("postgres", pg, opts.seconds);
    } finally {
      await pg.close();
      await scratch.drop();
    }
  } else {
    process.stderr.write("kb.postgres: skipped (set DATABASE_URL to a PostgreSQL server to measure it)\n");
  }
}
