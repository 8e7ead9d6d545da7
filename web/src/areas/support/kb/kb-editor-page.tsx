/**
 * Knowledge-base editor for the support groups, mounted at /support/kb:
 * the list (all kinds, drafts and internal articles), a search over drafts,
 * creating an article, and one article's editor at /support/kb/:id.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { get, post, problemOf } from "../../../api/client.ts";
import type { Problem, Session } from "../../../api/types.ts";
import { ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { Highlighted } from "../../../public/highlight.tsx";
import { useKbText } from "../../../public/kb-text.ts";
import { ARTICLE_KINDS, KIND_LABELS, type ArticleKind, type SearchResult } from "../../../public/kb-types.ts";
import { Link, navigate } from "../../../router.tsx";
import { KbArticleEditor } from "./kb-article-editor.tsx";
import { EMPTY_CONTENT, KbArticleForm, type FormValue } from "./kb-article-form.tsx";
import { canWrite, type EditorListItem, type EditorView } from "./kb-editor-api.ts";
import "./kb-editor.css";

function stateOf(a: EditorListItem, t: ReturnType<typeof useKbText>["t"]): string {
  if (a.retired) return t("kb.state.retired");
  if (a.publishedVersion === null) return t("kb.state.draft");
  if (a.publishedVersion < a.latestVersion) return t("kb.state.pending", { latest: a.latestVersion });
  return t("kb.state.published", { n: a.publishedVersion });
}

export function KbEditorPage({ session, sub }: { session: Session; sub: string }) {
  const { t, lang, locale } = useKbText();
  const writable = canWrite(session.user.roles);
  const [kind, setKind] = useState<ArticleKind | "">("");
  const [items, setItems] = useState<EditorListItem[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [q, setQ] = useState("");
  const [found, setFound] = useState<SearchResult | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await get<{ items: EditorListItem[] }>(`/api/kb/articles?limit=500${kind ? `&kind=${kind}` : ""}`);
      setItems(r.items);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, [kind]);

  useEffect(() => {
    void load();
  }, [load]);

  async function search(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (!q.trim()) return setFound(null);
    try {
      setFound(await get<SearchResult>(`/api/kb/search?scope=latest&q=${encodeURIComponent(q.trim())}&lang=${lang}`));
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  async function create(v: FormValue) {
    setBusy(true);
    setProblem(null);
    try {
      const r = await post<EditorView>("/api/kb/articles", {
        kind: v.kind,
        ...(v.slug.trim() ? { slug: v.slug.trim() } : {}),
        category: v.category,
        subFault: v.subFault,
        content: v.content,
        note: v.note || null,
      });
      await load();
      navigate(`/support/kb/${r.article.id}`);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }

  const linkable = (items ?? []).map((a) => ({ id: a.id, title: a.title, slug: a.slug }));

  if (sub && sub !== "new") {
    return <KbArticleEditor key={sub} id={sub} writable={writable} articles={linkable} onChanged={() => void load()} />;
  }

  return (
    <section className="page kb-editor-page" data-testid="kb-editor-page">
      <header className="page-head">
        <h1 className="page-title">{t("kb.editor.title")}</h1>
        {writable && sub !== "new" && (
          <Link to="/support/kb/new" className="btn btn-primary" data-testid="kb-new">
            {t("kb.editor.new")}
          </Link>
        )}
      </header>
      {!writable && <p className="muted">{t("kb.readOnly")}</p>}
      {problem && <ProblemMessage problem={problem} testId="kb-list-error" />}

      {sub === "new" && writable && (
        <section className="card">
          <h2 className="card-title">{t("kb.editor.new")}</h2>
          <KbArticleForm
            mode="create"
            managed={false}
            busy={busy}
            articles={linkable}
            selfId={null}
            initial={{ kind: "faq", slug: "", category: null, subFault: null, content: EMPTY_CONTENT, note: "" }}
            onSubmit={(v) => void create(v)}
          />
        </section>
      )}

      <section className="card">
        <form className="filter-bar" onSubmit={(e) => void search(e)}>
          <label className="field">
            <span className="field-label">{t("kb.editor.searchDrafts")}</span>
            <input type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} data-testid="kb-editor-search" />
          </label>
          <button type="submit" className="btn">
            {t("help.search.submit")}
          </button>
          <label className="field">
            <span className="field-label">{t("kb.editor.filter")}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as ArticleKind | "")} data-testid="kb-editor-kind">
              <option value="">{t("kb.editor.allKinds")}</option>
              {ARTICLE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k][lang]}
                </option>
              ))}
            </select>
          </label>
        </form>
        {found && (
          <ol className="kb-results" data-testid="kb-editor-results">
            {found.items.map((h) => (
              <li key={h.id} className="kb-result">
                <Link to={`/support/kb/${h.id}`} className="kb-result-title">
                  <Highlighted pieces={h.titleHighlight} />
                </Link>
                <span className="kb-kind">{KIND_LABELS[h.kind][lang]}</span> <span className="kb-kind">{t(`kb.visibility.${h.visibility}`)}</span>
                <p className="kb-snippet">
                  <Highlighted pieces={h.snippet} />
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">
          {t("kb.editor.title")}
          {items && <span className="card-count">{t("kb.editor.count", { n: items.length })}</span>}
        </h2>
        {items && (
          <div className="table-wrap">
            <table className="data-table stack-on-phone" data-testid="kb-editor-table">
              <thead>
                <tr>
                  <th>{t("kb.editor.col.title")}</th>
                  <th>{t("kb.editor.col.kind")}</th>
                  <th>{t("kb.editor.col.state")}</th>
                  <th>{t("kb.editor.col.visibility")}</th>
                  <th>{t("kb.editor.col.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} data-testid={`kb-row-${a.slug}`}>
                    <td data-label={t("kb.editor.col.title")}>
                      <Link to={`/support/kb/${a.id}`}>{a.title}</Link>
                    </td>
                    <td data-label={t("kb.editor.col.kind")}>{KIND_LABELS[a.kind][lang]}</td>
                    <td data-label={t("kb.editor.col.state")}>{stateOf(a, t)}</td>
                    <td data-label={t("kb.editor.col.visibility")}>{t(`kb.visibility.${a.visibility}`)}</td>
                    <td data-label={t("kb.editor.col.updated")} className="nowrap">
                      {formatTime(a.updatedAt, locale)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
