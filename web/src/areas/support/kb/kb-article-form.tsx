/** The article form: content fields, and kind/slug/category when creating. Used for create and for each new version. */
import { useState, type FormEvent } from "react";
import { useKbText, type KbKey } from "../../../public/kb-text.ts";
import { ARTICLE_KINDS, KIND_LABELS, type ArticleKind, type FaultCategory, type Visibility } from "../../../public/kb-types.ts";
import { CATEGORY_LABELS, SUB_FAULTS, type Content } from "./kb-editor-api.ts";

export interface FormValue {
  kind: ArticleKind;
  slug: string;
  category: FaultCategory | null;
  subFault: string | null;
  content: Content;
  note: string;
}

export const EMPTY_CONTENT: Content = { title: "", titleEn: null, summary: "", summaryEn: null, body: "", bodyEn: null, tags: [], visibility: "public", related: [] };

interface Props {
  initial: FormValue;
  mode: "create" | "edit";
  /** Error-code runbook: headings and category come from the catalogue. */
  managed: boolean;
  articles: { id: string; title: string; slug: string }[];
  selfId: string | null;
  busy: boolean;
  onSubmit(v: FormValue): void;
}

export function KbArticleForm({ initial, mode, managed, articles, selfId, busy, onSubmit }: Props) {
  const { t, lang } = useKbText();
  const [v, setV] = useState<FormValue>(initial);
  const [tags, setTags] = useState(initial.content.tags.join(", "));
  const set = (patch: Partial<Content>) => setV({ ...v, content: { ...v.content, ...patch } });
  const opt = (s: string) => (s.trim() ? s : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ ...v, content: { ...v.content, tags: tags.split(/[,，、]/).map((x) => x.trim()).filter(Boolean) } });
  };
  const hasCategory = v.kind === "runbook" || v.kind === "faq";
  const subFaults = v.category && v.category !== "error_code" ? SUB_FAULTS[v.category] : [];
  const linkable = articles.filter((a) => a.id !== selfId && !v.content.related.includes(a.id));

  return (
    <form className="form kb-form" onSubmit={submit} data-testid="kb-form">
      <div className="form-grid">
        {mode === "create" && (
          <>
            <label className="field">
              <span className="field-label">{t("kb.field.kind")}</span>
              <select value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as ArticleKind, category: null, subFault: null })} data-testid="kb-form-kind">
                {ARTICLE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k][lang]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field-label">{t("kb.field.slug")}</span>
              <input value={v.slug} maxLength={80} pattern="[a-z0-9]+(-[a-z0-9]+)*" onChange={(e) => setV({ ...v, slug: e.target.value })} data-testid="kb-form-slug" />
              <span className="field-hint">{t("kb.field.slugHint")}</span>
            </label>
          </>
        )}
        {hasCategory && !managed && (
          <>
            <label className="field">
              <span className="field-label">{t("kb.field.category")}</span>
              <select value={v.category ?? ""} onChange={(e) => setV({ ...v, category: (e.target.value || null) as FaultCategory | null, subFault: null })}>
                <option value="">{t("kb.field.none")}</option>
                {(["hardware", "software", "client"] as const).map((c) => (
                  <option key={c} value={c}>
                    {CATEGORY_LABELS[c][lang]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field-label">{t("kb.field.subFault")}</span>
              <select value={v.subFault ?? ""} disabled={subFaults.length === 0} onChange={(e) => setV({ ...v, subFault: e.target.value || null })}>
                <option value="">{t("kb.field.none")}</option>
                {subFaults.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s[lang]}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label className="field field-wide">
          <span className="field-label">{t("kb.field.title")}</span>
          <input required maxLength={200} value={v.content.title} disabled={managed} onChange={(e) => set({ title: e.target.value })} data-testid="kb-form-title" />
        </label>
        <label className="field field-wide">
          <span className="field-label">{t("kb.field.titleEn")}</span>
          <input maxLength={200} value={v.content.titleEn ?? ""} disabled={managed} onChange={(e) => set({ titleEn: opt(e.target.value) })} />
        </label>
        <label className="field field-wide">
          <span className="field-label">{t("kb.field.summary")}</span>
          <textarea rows={2} maxLength={1000} value={v.content.summary} disabled={managed} onChange={(e) => set({ summary: e.target.value })} data-testid="kb-form-summary" />
        </label>
        <label className="field field-wide">
          <span className="field-label">{t("kb.field.body")}</span>
          <textarea rows={12} className="mono" value={v.content.body} onChange={(e) => set({ body: e.target.value })} data-testid="kb-form-body" />
        </label>
        <details className="field-wide">
          <summary>{t("kb.field.bodyEn")}</summary>
          <label className="field">
            <span className="field-label">{t("kb.field.summaryEn")}</span>
            <textarea rows={2} maxLength={1000} value={v.content.summaryEn ?? ""} disabled={managed} onChange={(e) => set({ summaryEn: opt(e.target.value) })} />
          </label>
          <label className="field">
            <span className="field-label">{t("kb.field.bodyEn")}</span>
            <textarea rows={8} className="mono" value={v.content.bodyEn ?? ""} onChange={(e) => set({ bodyEn: opt(e.target.value) })} />
          </label>
        </details>
        <label className="field">
          <span className="field-label">{t("kb.field.tags")}</span>
          <input value={tags} onChange={(e) => setTags(e.target.value)} data-testid="kb-form-tags" />
        </label>
        <fieldset className="field">
          <legend className="field-label">{t("kb.field.visibility")}</legend>
          {(["public", "internal"] as Visibility[]).map((vis) => (
            <label key={vis} className="checkbox">
              <input type="radio" name="visibility" checked={v.content.visibility === vis} onChange={() => set({ visibility: vis })} data-testid={`kb-form-visibility-${vis}`} />
              {t(`kb.visibility.${vis}` as KbKey)}
            </label>
          ))}
        </fieldset>
        <div className="field field-wide">
          <span className="field-label">{t("kb.field.related")}</span>
          <ul className="chip-list">
            {v.content.related.map((id) => (
              <li key={id} className="chip">
                {articles.find((a) => a.id === id)?.title ?? id}{" "}
                <button type="button" className="btn btn-small btn-quiet" onClick={() => set({ related: v.content.related.filter((x) => x !== id) })} aria-label={t("kb.action.remove")}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <select value="" onChange={(e) => e.target.value && set({ related: [...v.content.related, e.target.value] })} aria-label={t("kb.field.addRelated")}>
            <option value="">{t("kb.field.addRelated")}</option>
            {linkable.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title} ({a.slug})
              </option>
            ))}
          </select>
        </div>
        <label className="field field-wide">
          <span className="field-label">{t("kb.field.note")}</span>
          <input maxLength={500} value={v.note} onChange={(e) => setV({ ...v, note: e.target.value })} data-testid="kb-form-note" />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="kb-form-submit">
          {mode === "create" ? t("kb.action.create") : t("kb.action.save")}
        </button>
      </div>
    </form>
  );
}
