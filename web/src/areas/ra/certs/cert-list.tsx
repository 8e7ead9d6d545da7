/** Certificates issued to applicants, with status; search by serial or subject. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { raApi, type Cert } from "../ra-api.ts";
import { StateBadge } from "../ra-bits.tsx";
import { useRaText } from "../ra-text.ts";

export function CertList() {
  const { t, locale } = useRaText();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const [items, setItems] = useState<Cert[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async (query: string, st: string) => {
    try {
      setProblem(null);
      setItems((await raApi.certificates(query, st)).items);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, []);
  useEffect(() => {
    void load("", "");
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(q.trim(), status);
  };

  return (
    <section className="card" data-testid="ra-certs">
      <h2 className="card-title">{t("ra.certs.title")}</h2>
      <form className="form form-inline filter-bar" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t("ra.certs.search")}</span>
          <input value={q} onChange={(e) => setQ(e.target.value)} data-testid="ra-certs-q" />
        </label>
        <label className="field">
          <span className="field-label">{t("ra.certs.status")}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="ra-certs-status">
            <option value="">{t("ra.certs.all")}</option>
            {(["issued", "hold", "revoked"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`ra.certStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          {t("ra.search.submit")}
        </button>
      </form>
      {problem && <ProblemMessage problem={problem} />}
      {items?.length === 0 && <p className="muted">{t("ra.certs.none")}</p>}
      {items && items.length > 0 && (
        <table className="data-table stack-on-phone">
          <thead>
            <tr>
              <th>{t("ra.certs.serial")}</th>
              <th>{t("ra.certs.holder")}</th>
              <th>{t("ra.certs.profile")}</th>
              <th>{t("ra.certs.validTo")}</th>
              <th>{t("ra.certs.status")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.serial} data-testid="ra-cert-row" data-serial={c.serial}>
                <td data-label={t("ra.certs.serial")} className="wrap-anywhere">
                  <code>{c.serial}</code>
                </td>
                <td data-label={t("ra.certs.holder")}>
                  {c.holderName}
                  <span className="ra-sub wrap-anywhere">{c.subject}</span>
                </td>
                <td data-label={t("ra.certs.profile")}>
                  {c.profile} · {c.suite}
                </td>
                <td data-label={t("ra.certs.validTo")}>{formatTime(c.notAfter, locale)}</td>
                <td data-label={t("ra.certs.status")}>
                  <StateBadge state={c.status} kind="cert" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
