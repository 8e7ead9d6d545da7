/**
 * One runbook (处置手册) per error code, generated from the one error
 * catalogue and kept in step with it at every start-up. The generated part
 * (code, HTTP status, messages, cause, remedy) lives on the article and is
 * replaced when the catalogue changes; what the staff wrote (body, tags,
 * links, visibility — every saved version) is never touched. A code that
 * leaves the catalogue is retired (hidden), not deleted.
 *
 * Idempotent and safe with several nodes: a transaction-scoped advisory lock
 * serialises syncs, and an unchanged catalogue writes nothing. The sync is
 * the system applying shipped code, so it is recorded in the articles'
 * history (author system:catalogue-sync), not in the audit chain.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../../app/clock.js";
import { canonicalJson } from "../../shared/canonical-json.js";
import type { ErrorSpec } from "../../shared/error-spec.js";
import { newId } from "../../shared/ids.js";
import type { Store } from "../../storage/store.js";
import { vectorFor } from "./indexing.js";
import type { Article, ArticleVersion, ArticleView, GeneratedPart } from "./kb.types.js";

export const SYNC_ACTOR = "system:catalogue-sync";
/** Bump when the generated layout changes, so every runbook is regenerated once. */
const GENERATOR_VERSION = 1;

export const runbookSlug = (code: string): string => `error-${code.toLowerCase().replace(/_/g, "-")}`;

export function generatedOf(code: string, spec: ErrorSpec): GeneratedPart {
  return { code, status: spec.status, zh: spec.zh, en: spec.en, cause: spec.cause ?? null, remedy: spec.remedy ?? null };
}

const hashOf = (g: GeneratedPart): string => createHash("sha256").update(canonicalJson({ g, v: GENERATOR_VERSION })).digest("hex");

/** Title and summary of a generated runbook: always from the catalogue, whatever a version stored. */
export function generatedHeadings(g: GeneratedPart) {
  return {
    title: `${g.code} — ${g.zh}`,
    titleEn: `${g.code} — ${g.en}`,
    summary: g.remedy?.zh ?? g.zh,
    summaryEn: g.remedy?.en ?? g.en,
  };
}

/** The view a reader gets: generated headings override the stored ones on error-code runbooks. */
export function effective<T extends ArticleView>(v: T): T {
  if (!v.article.generated) return v;
  return { ...v, version: { ...v.version, ...generatedHeadings(v.article.generated) } };
}

export interface SyncResult {
  created: string[];
  updated: string[];
  retired: string[];
  unchanged: number;
}

export class RunbookSync {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async sync(catalogue: Record<string, ErrorSpec>): Promise<SyncResult> {
    // Cheap check outside the lock: start-up with an unchanged catalogue reads once and writes nothing.
    const wanted = new Map(Object.entries(catalogue).map(([code, spec]) => [code, generatedOf(code, spec)]));
    if (this.upToDate(await this.store.read.kb.managedArticles(), wanted)) return { created: [], updated: [], retired: [], unchanged: wanted.size };

    return this.store.tx(async (r) => {
      await r.kb.lockRunbookSync();
      const existing = new Map((await r.kb.managedArticles()).map((a) => [a.errorCode!, a]));
      const now = this.clock.now();
      const result: SyncResult = { created: [], updated: [], retired: [], unchanged: 0 };
      const fresh: { article: Article; version: ArticleVersion; tsvector: string }[] = [];
      for (const [code, g] of wanted) {
        const hash = hashOf(g);
        const a = existing.get(code);
        if (!a) {
          fresh.push(newRunbook(code, g, hash, now));
          result.created.push(code);
        } else if (a.sourceHash !== hash || a.retiredAt) {
          const updated: Article = { ...a, generated: g, sourceHash: hash, retiredAt: null, updatedAt: now, updatedBy: SYNC_ACTOR };
          await r.kb.updateArticle(a.id, { generated: g, sourceHash: hash, retiredAt: null, updatedAt: now, updatedBy: SYNC_ACTOR });
          // The index holds the generated text: rebuild it for the versions readers and editors search.
          for (const n of new Set([a.latestVersion, a.publishedVersion ?? a.latestVersion])) {
            const v = await r.kb.version(a.id, n);
            if (v) await r.kb.setVector(a.id, n, vectorFor(updated, { ...v, ...generatedHeadings(g) }));
          }
          result.updated.push(code);
        } else {
          result.unchanged++;
        }
      }
      await r.kb.insertMany(fresh);
      for (const [code, a] of existing) {
        if (wanted.has(code) || a.retiredAt) continue;
        await r.kb.updateArticle(a.id, { retiredAt: now, updatedAt: now, updatedBy: SYNC_ACTOR });
        result.retired.push(code);
      }
      return result;
    });
  }

  private upToDate(articles: Article[], wanted: Map<string, GeneratedPart>): boolean {
    const live = articles.filter((a) => !a.retiredAt);
    if (live.length !== wanted.size || articles.some((a) => a.retiredAt === null && !wanted.has(a.errorCode!))) return false;
    return live.every((a) => {
      const g = wanted.get(a.errorCode!);
      return g !== undefined && a.sourceHash === hashOf(g);
    });
  }
}

function newRunbook(code: string, g: GeneratedPart, hash: string, now: Date): { article: Article; version: ArticleVersion; tsvector: string } {
  const id = newId();
  const article: Article = {
    id,
    slug: runbookSlug(code),
    kind: "runbook",
    category: "error_code",
    subFault: null,
    errorCode: code,
    generated: g,
    sourceHash: hash,
    latestVersion: 1,
    publishedVersion: 1,
    publishedAt: now,
    publishedBy: SYNC_ACTOR,
    retiredAt: null,
    createdAt: now,
    createdBy: SYNC_ACTOR,
    updatedAt: now,
    updatedBy: SYNC_ACTOR,
  };
  const version: ArticleVersion = {
    ...generatedHeadings(g),
    articleId: id,
    version: 1,
    body: "",
    bodyEn: null,
    tags: [code, code.split("_")[0]!, "错误代码"],
    visibility: "public",
    related: [],
    note: "generated from the error catalogue",
    author: SYNC_ACTOR,
    createdAt: now,
  };
  return { article, version, tsvector: vectorFor(article, version) };
}
