/** /help: search, the self-diagnosis, browse by kind or by fault, latest bulletins and FAQ. */
import { ProblemMessage } from "../components/problem-message.tsx";
import { Link, useSearch } from "../router.tsx";
import { ArticleList } from "./article-list.tsx";
import { useKbText } from "./kb-text.ts";
import type { ArticleKind, ArticleSummary, FaultCategory, Overview } from "./kb-types.ts";
import { SearchBox } from "./search-box.tsx";
import { useFetch } from "./use-fetch.ts";

export function HelpHome() {
  const { t, lang } = useKbText();
  const params = new URLSearchParams(useSearch());
  const kind = params.get("kind") as ArticleKind | null;
  const category = params.get("category") as FaultCategory | null;
  const overview = useFetch<Overview>("/api/public/kb/overview");
  const filtered = useFetch<{ items: ArticleSummary[] }>(
    kind || category ? `/api/public/kb/articles?${new URLSearchParams({ ...(kind ? { kind } : {}), ...(category ? { category } : {}) }).toString()}` : null,
  );
  const bulletins = useFetch<{ items: ArticleSummary[] }>("/api/public/kb/articles?kind=bulletin&limit=5");
  const faq = useFetch<{ items: ArticleSummary[] }>("/api/public/kb/articles?kind=faq&limit=20");

  const filterName =
    overview.state === "ok" ? (kind ? overview.data.kinds.find((k) => k.kind === kind)?.[lang] : overview.data.categories.find((c) => c.category === category)?.[lang]) : undefined;

  return (
    <div className="help-home" data-testid="help-home">
      <section className="help-hero">
        <h1 className="help-hero-title">{t("help.title")}</h1>
        <p className="help-hero-sub">{t("help.tagline")}</p>
        <SearchBox />
      </section>

      <section className="help-cta card">
        <p>{t("help.diagnoseCta")}</p>
        <Link to="/help/diagnose" className="btn btn-primary" data-testid="help-diagnose-cta">
          {t("help.diagnoseCtaButton")}
        </Link>
      </section>

      {overview.state === "error" && <ProblemMessage problem={overview.problem} />}
      {overview.state === "ok" && (
        <div className="help-browse">
          <section className="card">
            <h2 className="card-title">{t("help.kinds")}</h2>
            <ul className="chip-list">
              {overview.data.kinds
                .filter((k) => k.count > 0)
                .map((k) => (
                  <li key={k.kind}>
                    <Link to={`/help?kind=${k.kind}`} className={`chip${kind === k.kind ? " is-current" : ""}`} data-testid={`help-kind-${k.kind}`}>
                      {k[lang]} <span className="chip-count">{t("help.count", { n: k.count })}</span>
                    </Link>
                  </li>
                ))}
            </ul>
          </section>
          <section className="card">
            <h2 className="card-title">{t("help.categories")}</h2>
            <ul className="chip-list">
              {overview.data.categories
                .filter((c) => c.count > 0)
                .map((c) => (
                  <li key={c.category}>
                    <Link to={`/help?category=${c.category}`} className={`chip${category === c.category ? " is-current" : ""}`} data-testid={`help-category-${c.category}`}>
                      {c[lang]} <span className="chip-count">{t("help.count", { n: c.count })}</span>
                    </Link>
                  </li>
                ))}
            </ul>
          </section>
        </div>
      )}

      {(kind || category) && (
        <section className="card" data-testid="help-filtered">
          <h2 className="card-title">{filterName ?? kind ?? category}</h2>
          {filtered.state === "ok" ? <ArticleList items={filtered.data.items} /> : filtered.state === "error" ? <ProblemMessage problem={filtered.problem} /> : <p className="muted">…</p>}
        </section>
      )}

      <div className="help-columns">
        <section className="card">
          <h2 className="card-title">{t("help.latestBulletins")}</h2>
          {bulletins.state === "ok" && <ArticleList items={bulletins.data.items} testId="help-bulletins" />}
        </section>
        <section className="card">
          <h2 className="card-title">{t("help.faq")}</h2>
          {faq.state === "ok" && <ArticleList items={faq.data.items} testId="help-faq" />}
        </section>
      </div>
    </div>
  );
}
