/** A list of article summaries linking to their pages. */
import { Link } from "../router.tsx";
import { useKbText } from "./kb-text.ts";
import { KIND_LABELS, summaryOf, titleOf, type ArticleSummary } from "./kb-types.ts";

export function ArticleList({ items, testId }: { items: ArticleSummary[]; testId?: string }) {
  const { t, lang } = useKbText();
  if (items.length === 0) return <p className="muted">{t("help.empty")}</p>;
  return (
    <ul className="kb-list" data-testid={testId}>
      {items.map((a) => (
        <li key={a.id} className="kb-list-item" data-testid={`kb-item-${a.slug}`}>
          <Link to={`/help/articles/${a.slug}`} className="kb-list-title">
            {titleOf(a, lang)}
          </Link>
          <span className="kb-kind">{KIND_LABELS[a.kind][lang]}</span>
          {summaryOf(a, lang) && <p className="kb-list-summary">{summaryOf(a, lang)}</p>}
        </li>
      ))}
    </ul>
  );
}
