/**
 * Reading the knowledge base: the help centre's listings, one article with
 * its links and downloads, the category counts. What a reader sees depends
 * only on the published version and its visibility.
 */
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import type { Article, ArticleKind, ArticleView, FaultCategory, KbFile } from "./kb.types.js";
import { effective } from "./runbook-sync.js";
import { visibilitiesFor, type Audience } from "./search.service.js";

export interface ReadableArticle extends ArticleView {
  /** Linked articles the reader may see (unpublished or internal links are left out). */
  related: ArticleView[];
  files: KbFile[];
}

export interface ListInput {
  audience: Audience;
  kind?: ArticleKind | undefined;
  category?: FaultCategory | undefined;
  tag?: string | undefined;
  limit: number;
  offset: number;
}

export interface Download {
  file: KbFile;
  article: Article;
  title: string;
  titleEn: string | null;
}

export class ReaderService {
  constructor(private readonly store: Store) {}

  async article(slug: string, audience: Audience): Promise<ReadableArticle> {
    const r = this.store.read.kb;
    const a = await r.articleBySlug(slug);
    const vis = visibilitiesFor(audience);
    // Unpublished, retired and (for the public) internal articles all answer "not found": no probing.
    if (!a || a.publishedVersion === null || a.retiredAt) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: slug });
    const v = await r.version(a.id, a.publishedVersion);
    if (!v || !vis.includes(v.visibility)) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: slug });
    const [related, files] = await Promise.all([r.publishedViews(v.related, vis), r.filesOf([a.id], false)]);
    const order = new Map(v.related.map((id, i) => [id, i]));
    related.sort((x, y) => (order.get(x.article.id) ?? 0) - (order.get(y.article.id) ?? 0));
    return { ...effective({ article: a, version: v }), related: related.filter((x) => !x.article.retiredAt).map(effective), files };
  }

  async list(input: ListInput): Promise<{ items: ArticleView[]; total: number }> {
    const r = await this.store.read.kb.list({
      scope: "published",
      visibilities: visibilitiesFor(input.audience),
      kind: input.kind,
      category: input.category,
      tag: input.tag,
      limit: input.limit,
      offset: input.offset,
    });
    return { items: r.items.map(effective), total: r.total };
  }

  counts(audience: Audience) {
    return this.store.read.kb.counts(visibilitiesFor(audience));
  }

  /** Every current file of every published driver article the audience may read. */
  async downloads(audience: Audience): Promise<Download[]> {
    const { items } = await this.list({ audience, kind: "driver", limit: 200, offset: 0 });
    const files = await this.store.read.kb.filesOf(items.map((v) => v.article.id), false);
    const byId = new Map(items.map((v) => [v.article.id, v]));
    return files.map((file) => {
      const v = byId.get(file.articleId)!;
      return { file, article: v.article, title: v.version.title, titleEn: v.version.titleEn };
    });
  }
}
