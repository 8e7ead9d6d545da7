/** /help/search?q=…: ranked results with highlighted titles and snippets. */
import { ProblemMessage } from "../components/problem-message.tsx";
import { Link, useSearch } from "../router.tsx";
import { Highlighted } from "./highlight.tsx";
import { useKbText } from "./kb-text.ts";
import { KIND_LABELS, type SearchResult } from "./kb-types.ts";
import { SearchBox } from "./search-box.tsx";
import { useFetch } from "./use-fetch.ts";

export function SearchPage() {
  const { t, lang } = useKbText();
  const q = new URLSearchParams(useSearch()).get("q") ?? "";
  const r = useFetch<SearchResult>(q ? `/api/public/kb/search?q=${encodeURIComponent(q)}&lang=${lang}` : null);
  return (
    <div className="help-search-page" data-testid="help-search-page">
      <SearchBox key={q} initial={q} />
      {r.state === "error" && <ProblemMessage problem={r.problem} testId="help-search-error" />}
      {r.state === "ok" && (
        <section aria-live="polite">
          <p className="help-result-count" data-testid="help-result-count">
            {t("help.search.results", { q, n: r.data.total })}
          </p>
          {r.data.mode === "any" && r.data.total > 0 && <p className="alert alert-warn">{t("help.search.anyMode")}</p>}
          {r.data.total === 0 && (
            <p className="muted">
              {t("help.search.none")} <Link to="/help/diagnose">{t("help.nav.diagnose")}</Link>
            </p>
          )}
          <ol className="kb-results" data-testid="help-results">
            {r.data.items.map((h) => (
              <li key={h.id} className="kb-result" data-testid={`help-result-${h.slug}`}>
                <Link to={`/help/articles/${h.slug}`} className="kb-result-title">
                  <Highlighted pieces={lang === "en" && h.titleEnHighlight ? h.titleEnHighlight : h.titleHighlight} />
                </Link>
                <span className="kb-kind">{KIND_LABELS[h.kind][lang]}</span>
                <p className="kb-snippet" data-testid="help-result-snippet">
                  <Highlighted pieces={h.snippet} />
                </p>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
