/** Certificate search by serial (prefix), subject (substring) and status. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { get, problemOf, query } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import type { CertStatus, CertSummary } from "./pki-types.ts";
import { StatusBadge } from "./status-badge.tsx";

interface Filter {
  serial: string;
  subject: string;
  status: "" | CertStatus;
}

const STATUSES: CertStatus[] = ["issued", "revoked", "hold", "pending"];

export function CertSearchPage() {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Filter>({ serial: "", subject: "", status: "" });
  const [filter, setFilter] = useState<Filter>(draft);
  const [items, setItems] = useState<CertSummary[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async (f: Filter) => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await get<{ items: CertSummary[] }>(`/api/pki/certificates${query({ serial: f.serial.trim(), subject: f.subject.trim(), status: f.status, limit: 100 })}`);
      setItems(r.items);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }, []);
  useEffect(() => {
    void load(filter);
  }, [load, filter]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setFilter({ ...draft });
  }

  const col = { serial: t("pki.cert.serial"), subject: t("pki.cert.subject"), profile: t("pki.cert.profile"), ca: t("pki.cert.ca"), validTo: t("pki.cert.notAfter"), status: t("pki.cert.status") };
  return (
    <section className="card" data-testid="pki-search">
      <form className="form filter-bar" onSubmit={submit} role="search">
        <label className="field">
          <span className="field-label">{t("pki.cert.serial")}</span>
          <input value={draft.serial} maxLength={80} spellCheck={false} autoCapitalize="none" placeholder={t("pki.search.serialHint")} onChange={(e) => setDraft({ ...draft, serial: e.target.value })} data-testid="pki-search-serial" />
        </label>
        <label className="field">
          <span className="field-label">{t("pki.cert.subject")}</span>
          <input value={draft.subject} maxLength={200} placeholder={t("pki.search.subjectHint")} onChange={(e) => setDraft({ ...draft, subject: e.target.value })} data-testid="pki-search-subject" />
        </label>
        <label className="field">
          <span className="field-label">{t("pki.cert.status")}</span>
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Filter["status"] })} data-testid="pki-search-status">
            <option value="">{t("pki.search.anyStatus")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`pki.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="pki-search-submit">
            {t("pki.search.submit")}
          </button>
        </div>
      </form>
      {problem && <ProblemMessage problem={problem} testId="pki-search-error" />}
      {items === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="pki-search-empty">
          {t("pki.search.empty")}
        </p>
      ) : (
        <table className="data-table stack-on-phone" data-testid="pki-cert-table">
          <thead>
            <tr>
              {Object.values(col).map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.serial} data-testid="pki-cert-row" data-serial={c.serial}>
                <td data-label={col.serial} className="wrap-anywhere">
                  <Link to={`/pki/certificates/${c.serial}`} data-testid="pki-cert-link">
                    <code>{c.serial}</code>
                  </Link>
                </td>
                <td data-label={col.subject} className="wrap-anywhere">
                  {c.subject}
                </td>
                <td data-label={col.profile}>{c.profile}</td>
                <td data-label={col.ca}>
                  <code>{c.caId}</code>
                </td>
                <td data-label={col.validTo} className="nowrap">
                  {formatTime(c.notAfter, locale).slice(0, 10)}
                </td>
                <td data-label={col.status} className="nowrap">
                  <StatusBadge status={c.status} expired={c.expired} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
