/** Subject (exact) and action (prefix) filter for the audit log. */
import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n/i18n.tsx";

export interface AuditFilterValue {
  subject: string;
  action: string;
}

export function AuditFilter({ value, onApply, busy }: { value: AuditFilterValue; onApply(v: AuditFilterValue): void; busy: boolean }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);

  function submit(e: FormEvent) {
    e.preventDefault();
    onApply({ ...draft });
  }

  function clear() {
    const empty = { subject: "", action: "" };
    setDraft(empty);
    onApply(empty);
  }

  return (
    <form className="form filter-bar" onSubmit={submit} data-testid="audit-filter" role="search">
      <label className="field">
        <span className="field-label">{t("audit.filter.subject")}</span>
        <input
          value={draft.subject}
          maxLength={200}
          placeholder={t("audit.filter.subjectHint")}
          spellCheck={false}
          autoCapitalize="none"
          onChange={(e) => setDraft({ ...draft, subject: e.target.value })}
          data-testid="audit-filter-subject"
        />
      </label>
      <label className="field">
        <span className="field-label">{t("audit.filter.action")}</span>
        <input
          value={draft.action}
          maxLength={100}
          placeholder={t("audit.filter.actionHint")}
          spellCheck={false}
          autoCapitalize="none"
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          data-testid="audit-filter-action"
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="audit-filter-apply">
          {t("audit.filter.apply")}
        </button>
        <button type="button" className="btn" onClick={clear} disabled={busy}>
          {t("audit.filter.clear")}
        </button>
      </div>
    </form>
  );
}
