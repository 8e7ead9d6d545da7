/**
 * Searching the knowledge base: user text → sanitised tsquery (all terms
 * must match; when that finds nothing, any term may) → ranked rows → title
 * and snippet highlights. Public readers see published public articles;
 * staff also see internal ones, and editors may search the latest drafts.
 */
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { plainText, searchableBody } from "./indexing.js";
import type { Scope } from "./kb.ports.js";
import { effective } from "./runbook-sync.js";
import type { ArticleKind, ArticleView, FaultCategory, Visibility } from "./kb.types.js";
import { highlightAll, snippet, type Piece } from "./search/highlighter.js";
import { buildQuery, type QueryTerm } from "./search/query-builder.js";

export type Audience = "public" | "staff";

export const visibilitiesFor = (a: Audience): Visibility[] => (a === "public" ? ["public"] : ["public", "internal"]);

export interface SearchInput {
  q: string;
  audience: Audience;
  scope?: Scope;
  kind?: ArticleKind | undefined;
  category?: FaultCategory | undefined;
  lang?: "zh" | "en";
  limit?: number;
  offset?: number;
}

export interface SearchHit extends ArticleView {
  rank: number;
  titleHighlight: Piece[];
  titleEnHighlight: Piece[] | null;
  snippet: Piece[];
}

export interface SearchResult {
  /** "all": every term matched; "any": nothing matched all terms, these match some. */
  mode: "all" | "any";
  terms: string[];
  total: number;
  items: SearchHit[];
}

function snippetSource(v: ArticleView, lang: "zh" | "en"): string {
  if (lang === "en" && v.version.bodyEn) return [v.version.summaryEn ?? v.version.summary, plainText(v.version.bodyEn)].join("\n");
  return [v.version.summary, searchableBody(v.article, { body: v.version.body, bodyEn: null })].join("\n");
}

export function decorate(v: ArticleView & { rank: number }, terms: QueryTerm[], lang: "zh" | "en"): SearchHit {
  return {
    ...v,
    titleHighlight: highlightAll(v.version.title, terms),
    titleEnHighlight: v.version.titleEn ? highlightAll(v.version.titleEn, terms) : null,
    snippet: snippet(snippetSource(v, lang), terms),
  };
}

export class SearchService {
  constructor(private readonly store: Store) {}

  async search(input: SearchInput): Promise<SearchResult> {
    const built = buildQuery(input.q);
    if (!built) throw new AppError("KB_QUERY_INVALID", { detail: `nothing searchable in "${input.q.slice(0, 50)}"` });
    const scope = input.audience === "public" ? "published" : (input.scope ?? "published");
    const base = {
      scope,
      visibilities: visibilitiesFor(input.audience),
      kind: input.kind,
      category: input.category,
      includeUnpublished: scope === "latest",
      limit: input.limit ?? 20,
      offset: input.offset ?? 0,
    };
    let mode: "all" | "any" = "all";
    let found = await this.store.read.kb.search({ ...base, tsquery: built.all });
    if (found.total === 0 && built.terms.length > 1) {
      mode = "any";
      found = await this.store.read.kb.search({ ...base, tsquery: built.any });
    }
    const lang = input.lang ?? "zh";
    return { mode, terms: built.terms.map((t) => t.text), total: found.total, items: found.items.map((h) => decorate(effective(h), built.terms, lang)) };
  }
}
