/** /help/articles/:slug — one published public article. */
import { ProblemMessage } from "../components/problem-message.tsx";
import { formatTime } from "../format.ts";
import { Link } from "../router.tsx";
import { ArticleList } from "./article-list.tsx";
import { FileTable } from "./file-table.tsx";
import { useKbText } from "./kb-text.ts";
import { KIND_LABELS, titleOf, type ArticleFull, type Generated } from "./kb-types.ts";
import { Markdown } from "./markdown.tsx";
import { useFetch } from "./use-fetch.ts";

export function GeneratedPart({ g }: { g: Generated }) {
  const { t, lang } = useKbText();
  return (
    <section className="kb-generated" data-testid="kb-generated">
      <h2>{t("help.article.generated")}</h2>
      <dl className="facts">
        <dt>{t("help.article.code")}</dt>
        <dd>
          <code>{g.code}</code>
        </dd>
        <dt>{t("help.article.http")}</dt>
        <dd>{g.status}</dd>
        <dt>{t("help.article.message")}</dt>
        <dd>{lang === "en" ? g.en : g.zh}</dd>
        {g.cause && (
          <>
            <dt>{t("help.article.cause")}</dt>
            <dd>{g.cause[lang]}</dd>
          </>
        )}
        {g.remedy && (
          <>
            <dt>{t("help.article.remedy")}</dt>
            <dd>{g.remedy[lang]}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function ArticleView({ a }: { a: ArticleFull }) {
  const { t, lang, locale } = useKbText();
  const body = lang === "en" && a.bodyEn ? a.bodyEn : a.body;
  return (
    <article className="kb-article" data-testid="kb-article">
      <header className="kb-article-head">
        <span className="kb-kind">{KIND_LABELS[a.kind][lang]}</span>
        <h1 className="kb-article-title" data-testid="kb-article-title">
          {titleOf(a, lang)}
        </h1>
        <p className="muted small">
          {a.publishedAt && t("help.article.updated", { time: formatTime(a.publishedAt, locale) })}
          {a.tags.length > 0 && (
            <span className="kb-tags">
              {a.tags.map((tag) => (
                <span key={tag} className="kb-tag">
                  {tag}
                </span>
              ))}
            </span>
          )}
        </p>
      </header>
      {a.generated && <GeneratedPart g={a.generated} />}
      {lang === "en" && !a.bodyEn && body.trim() && <p className="alert alert-warn">{t("help.article.zhOnly")}</p>}
      {a.generated && body.trim() && <h2>{t("help.article.additions")}</h2>}
      <Markdown source={body} testId="kb-article-body" />
      {a.files.length > 0 && (
        <section>
          <h2>{t("help.article.downloads")}</h2>
          <FileTable files={a.files} />
        </section>
      )}
      {a.related.length > 0 && (
        <section>
          <h2>{t("help.article.related")}</h2>
          <ArticleList items={a.related} testId="kb-related" />
        </section>
      )}
    </article>
  );
}

export function ArticlePage({ slug }: { slug: string }) {
  const { t } = useKbText();
  const r = useFetch<ArticleFull>(`/api/public/kb/articles/${encodeURIComponent(slug || "-")}`);
  return (
    <div className="card">
      {r.state === "error" && (
        <>
          <ProblemMessage problem={r.problem} testId="kb-article-error" />
          <Link to="/help">{t("help.article.back")}</Link>
        </>
      )}
      {r.state === "ok" && <ArticleView a={r.data} />}
    </div>
  );
}
