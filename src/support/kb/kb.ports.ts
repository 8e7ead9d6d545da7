/** What the knowledge base needs from storage. Search vectors arrive as tsvector text built by search/tsvector.ts. */
import type { Article, ArticleKind, ArticleVersion, ArticleView, FaultCategory, KbFile, Visibility } from "./kb.types.js";

/** Which version of each article a query looks at: the published one, or the latest draft (editors). */
export type Scope = "published" | "latest";

export interface ArticleFilter {
  scope: Scope;
  visibilities: readonly Visibility[];
  kind?: ArticleKind | undefined;
  category?: FaultCategory | undefined;
  tag?: string | undefined;
  /** Also list unpublished articles (editors; scope "latest"). */
  includeUnpublished?: boolean;
  includeRetired?: boolean;
  limit: number;
  offset: number;
}

export interface SearchFilter extends ArticleFilter {
  /** tsquery text built by search/query-builder.ts. */
  tsquery: string;
}

export interface SearchRow extends ArticleView {
  rank: number;
}

export interface VersionSummary {
  version: number;
  title: string;
  author: string;
  createdAt: Date;
  note: string | null;
  visibility: Visibility;
}

export interface KbRepo {
  insertArticle(a: Article): Promise<void>;
  /** Many articles, each with its first version, in two statements (the catalogue sync at start-up). */
  insertMany(items: { article: Article; version: ArticleVersion; tsvector: string }[]): Promise<void>;
  updateArticle(id: string, patch: Partial<Omit<Article, "id" | "createdAt" | "createdBy">>): Promise<void>;
  article(id: string): Promise<Article | undefined>;
  /** Locks the row: saves and publications of one article are serialised. */
  articleForUpdate(id: string): Promise<Article | undefined>;
  articleBySlug(slug: string): Promise<Article | undefined>;
  /** Ids of the articles with these slugs (slug → id). */
  idsBySlug(slugs: readonly string[]): Promise<Map<string, string>>;
  insertVersion(v: ArticleVersion, tsvector: string): Promise<void>;
  version(articleId: string, version: number): Promise<ArticleVersion | undefined>;
  versions(articleId: string): Promise<VersionSummary[]>;
  setVector(articleId: string, version: number, tsvector: string): Promise<void>;
  /** Articles with the version the scope selects; newest first. */
  list(f: ArticleFilter): Promise<{ items: ArticleView[]; total: number }>;
  /** Matching articles ranked by ts_rank (title A > tags B > summary C > body D). */
  search(f: SearchFilter): Promise<{ items: SearchRow[]; total: number }>;
  /** Which of these ids exist. */
  existingIds(ids: readonly string[]): Promise<string[]>;
  /** Published views of these ids (for links), in any order. */
  publishedViews(ids: readonly string[], visibilities: readonly Visibility[]): Promise<ArticleView[]>;
  /** Articles generated from the error catalogue (error_code set). */
  managedArticles(): Promise<Article[]>;
  /** Serialises catalogue syncs across nodes (transaction-scoped advisory lock). */
  lockRunbookSync(): Promise<void>;
  /** Per kind and category: published, non-retired articles visible at these visibilities. */
  counts(visibilities: readonly Visibility[]): Promise<{ kind: ArticleKind; category: FaultCategory | null; count: number }[]>;

  insertFile(f: KbFile): Promise<void>;
  file(id: string): Promise<KbFile | undefined>;
  filesOf(articleIds: readonly string[], includeWithdrawn: boolean): Promise<KbFile[]>;
  withdrawFile(id: string, at: Date, by: string): Promise<void>;
  /** Whether any file row (withdrawn or not) refers to these bytes. */
  shaInUse(sha256: string): Promise<boolean>;
}
