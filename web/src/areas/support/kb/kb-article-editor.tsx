/** One article for editors: state, publish/unpublish, a new version, preview, history, files. */
import { useCallback, useEffect, useState } from "react";
import { get, post, problemOf, put } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { Notice, ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { GeneratedPart } from "../../../public/article-page.tsx";
import { useKbText } from "../../../public/kb-text.ts";
import { KIND_LABELS } from "../../../public/kb-types.ts";
import { Markdown } from "../../../public/markdown.tsx";
import { Link } from "../../../router.tsx";
import { KbArticleForm, type FormValue } from "./kb-article-form.tsx";
import type { EditorView } from "./kb-editor-api.ts";
import { KbFilesPanel } from "./kb-files-panel.tsx";

interface Props {
  id: string;
  writable: boolean;
  articles: { id: string; title: string; slug: string }[];
  onChanged(): void;
}

export function KbArticleEditor({ id, writable, articles, onChanged }: Props) {
  const { t, lang, locale } = useKbText();
  const [view, setView] = useState<EditorView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState("");
  const [formKey, setFormKey] = useState(0);

  const load = useCallback(async () => {
    try {
      setView(await get<EditorView>(`/api/kb/articles/${id}`));
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  async function act(fn: () => Promise<EditorView>, message: (v: EditorView) => string) {
    setBusy(true);
    setProblem(null);
    try {
      const v = await fn();
      setView(v);
      setNotice(message(v));
      setFormKey((k) => k + 1);
      onChanged();
    } catch (e) {
      setProblem(problemOf(e));
      setNotice(null);
    } finally {
      setBusy(false);
    }
  }

  if (!view) return problem ? <ProblemMessage problem={problem} testId="kb-editor-error" /> : <p className="muted">…</p>;
  const a = view.article;
  const managed = a.errorCode !== null;
  const save = (v: FormValue) =>
    act(
      () => put<EditorView>(`/api/kb/articles/${id}/draft`, { baseVersion: a.latestVersion, content: v.content, ...(managed ? {} : { category: v.category, subFault: v.subFault }), note: v.note || null }),
      (nv) => t("kb.saved", { n: nv.article.latestVersion }),
    );
  const publish = (version?: number) => act(() => post<EditorView>(`/api/kb/articles/${id}/publish`, version ? { version } : {}), (nv) => t("kb.published", { n: nv.article.publishedVersion ?? 0 }));
  const unpublish = () => act(() => post<EditorView>(`/api/kb/articles/${id}/unpublish`, { reason }), () => t("kb.unpublished"));
  const state =
    a.retiredAt !== null
      ? t("kb.state.retired")
      : a.publishedVersion === null
        ? t("kb.state.draft")
        : a.publishedVersion < a.latestVersion
          ? `${t("kb.state.published", { n: a.publishedVersion })} · ${t("kb.state.pending", { latest: a.latestVersion })}`
          : t("kb.state.published", { n: a.publishedVersion });

  return (
    <div className="kb-editor" data-testid="kb-editor">
      <header className="page-head">
        <div>
          <span className="kb-kind">{KIND_LABELS[a.kind][lang]}</span>
          <h1 className="page-title" data-testid="kb-editor-title">
            {view.latest.title}
          </h1>
          <p className="muted small">
            <code>{a.slug}</code> · <span data-testid="kb-editor-state">{state}</span> · {t(`kb.visibility.${view.latest.visibility}`)}
          </p>
        </div>
        <Link to="/support/kb" className="btn btn-quiet">
          {t("kb.action.back")}
        </Link>
      </header>
      <div aria-live="polite">
        {notice && <Notice text={notice} testId="kb-editor-notice" />}
        {problem && <ProblemMessage problem={problem} testId="kb-editor-error" />}
      </div>

      {writable && (
        <section className="card kb-actions">
          <button type="button" className="btn btn-primary" disabled={busy || a.publishedVersion === a.latestVersion} onClick={() => void publish()} data-testid="kb-publish">
            {t("kb.action.publish")}
          </button>
          {a.publishedVersion !== null && (
            <span className="form-inline">
              <input placeholder={t("kb.action.unpublishReason")} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="kb-unpublish-reason" />
              <button type="button" className="btn" disabled={busy || !reason.trim()} onClick={() => void unpublish()} data-testid="kb-unpublish">
                {t("kb.action.unpublish")}
              </button>
            </span>
          )}
          {a.publishedVersion !== null && view.published?.visibility === "public" && (
            <a className="btn btn-quiet" href={`/help/articles/${a.slug}`} target="_blank" rel="noreferrer">
              {t("kb.action.openPublic")}
            </a>
          )}
        </section>
      )}

      {a.generated && (
        <section className="card">
          <p className="muted small">{t("kb.generated")}</p>
          <GeneratedPart g={a.generated} />
        </section>
      )}

      <div className="kb-edit-columns">
        <section className="card">
          <h2 className="card-title">{writable ? t("kb.action.edit") : t("kb.action.view")}</h2>
          {writable ? (
            <KbArticleForm
              key={formKey}
              mode="edit"
              managed={managed}
              busy={busy}
              articles={articles}
              selfId={a.id}
              initial={{ kind: a.kind, slug: a.slug, category: a.category, subFault: a.subFault, content: view.latest, note: "" }}
              onSubmit={(v) => void save(v)}
            />
          ) : (
            <p className="muted">{t("kb.readOnly")}</p>
          )}
        </section>
        <section className="card">
          <h2 className="card-title">{t("kb.action.preview")}</h2>
          <Markdown source={view.latest.body} testId="kb-preview" />
        </section>
      </div>

      {a.kind === "driver" && <KbFilesPanel articleId={a.id} files={view.files} writable={writable} onChanged={() => void load()} />}

      <section className="card">
        <h2 className="card-title">{t("kb.history")}</h2>
        <div className="table-wrap">
          <table className="data-table" data-testid="kb-history">
            <thead>
              <tr>
                <th>{t("kb.history.version")}</th>
                <th>{t("kb.editor.col.title")}</th>
                <th>{t("kb.history.author")}</th>
                <th>{t("kb.history.time")}</th>
                <th>{t("kb.history.note")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {view.history.map((h) => (
                <tr key={h.version} data-testid={`kb-history-${h.version}`}>
                  <td>
                    v{h.version}
                    {h.version === a.publishedVersion && <span className="status status-on"> {t("kb.state.published", { n: h.version })}</span>}
                  </td>
                  <td>{h.title}</td>
                  <td>{h.author}</td>
                  <td className="nowrap">{formatTime(h.createdAt, locale)}</td>
                  <td>{h.note}</td>
                  <td>
                    {writable && h.version !== a.publishedVersion && (
                      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void publish(h.version)}>
                        {t("kb.action.publishVersion")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
