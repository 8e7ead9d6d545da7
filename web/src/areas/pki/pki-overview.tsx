/** CAs with validity, key and certificate counts; OCSP and TSA certificates; the current CRL of every CA. */
import { useCallback, useEffect, useState } from "react";
import { get, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import type { CaInfo, CrlStatus, ServiceCert } from "./pki-types.ts";
import { StatusBadge } from "./status-badge.tsx";

export function PkiOverview() {
  const { t, locale } = useI18n();
  const [data, setData] = useState<{ items: CaInfo[]; services: ServiceCert[] } | null>(null);
  const [crls, setCrls] = useState<CrlStatus[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    setProblem(null);
    try {
      const [cas, c] = await Promise.all([get<{ items: CaInfo[]; services: ServiceCert[] }>("/api/pki/cas"), get<{ items: CrlStatus[] }>("/api/pki/crls")]);
      setData(cas);
      setCrls(c.items);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const day = (iso: string) => formatTime(iso, locale).slice(0, 10);
  const ca = {
    name: t("pki.ca.name"),
    kind: t("pki.ca.kind"),
    key: t("pki.ca.key"),
    validity: t("pki.ca.validity"),
    status: t("pki.ca.status"),
    counts: t("pki.ca.counts"),
  };
  const crl = { ca: t("pki.crl.ca"), number: t("pki.crl.number"), thisUpdate: t("pki.crl.thisUpdate"), nextUpdate: t("pki.crl.nextUpdate"), entries: t("pki.crl.entries") };

  return (
    <div data-testid="pki-overview">
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => void load()} data-testid="pki-refresh">
          {t("common.refresh")}
        </button>
      </div>
      {problem && <ProblemMessage problem={problem} testId="pki-error" />}
      <section className="card">
        <h2 className="card-title">{t("pki.cas")}</h2>
        {data === null ? (
          <p className="muted">{t("common.loading")}</p>
        ) : data.items.length === 0 ? (
          <p className="muted" data-testid="pki-no-ca">
            {t("pki.noCa")}
          </p>
        ) : (
          <table className="data-table stack-on-phone" data-testid="pki-ca-table">
            <thead>
              <tr>
                {Object.values(ca).map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id} data-testid="pki-ca-row" data-ca={c.id}>
                  <td data-label={ca.name}>
                    <div>{c.name}</div>
                    <a href={c.certUrl.replace(/^https?:\/\/[^/]+/, "")} className="small">
                      <code>{c.id}</code> · {t("pki.ca.download")}
                    </a>
                  </td>
                  <td data-label={ca.kind}>
                    {t(c.kind === "root" ? "pki.kind.root" : c.kind === "sub" ? "pki.kind.sub" : "pki.kind.external")} · {c.suite}
                  </td>
                  <td data-label={ca.key} className="wrap-anywhere">
                    <code>{c.key ?? t("common.none")}</code>
                  </td>
                  <td data-label={ca.validity} className="nowrap">
                    {day(c.notBefore)} → {day(c.notAfter)}
                  </td>
                  <td data-label={ca.status} className="nowrap">
                    <StatusBadge status={c.status} />
                  </td>
                  <td data-label={ca.counts} className="nowrap">
                    {t("pki.ca.countsValue", { issued: c.counts.issued ?? 0, revoked: c.counts.revoked ?? 0, hold: c.counts.hold ?? 0 })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data && data.services.length > 0 && (
          <>
            <h3 className="card-subtitle">{t("pki.services")}</h3>
            <ul className="plain-list" data-testid="pki-services">
              {data.services.map((s) => (
                <li key={s.serial}>
                  {t(s.purpose === "ocsp" ? "pki.service.ocsp" : "pki.service.tsa")} ({s.suite}) ·{" "}
                  <Link to={`/pki/certificates/${s.serial}`}>
                    <code>{s.serial.slice(0, 16)}…</code>
                  </Link>{" "}
                  · {t("pki.validUntil", { date: day(s.notAfter) })} · <StatusBadge status={s.status} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="card">
        <h2 className="card-title">{t("pki.crls")}</h2>
        {crls === null ? (
          <p className="muted">{t("common.loading")}</p>
        ) : (
          <table className="data-table stack-on-phone" data-testid="pki-crl-table">
            <thead>
              <tr>
                {Object.values(crl).map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {crls.map((c) => (
                <tr key={c.caId} data-testid="pki-crl-row" data-ca={c.caId}>
                  <td data-label={crl.ca}>
                    <a href={c.url.replace(/^https?:\/\/[^/]+/, "")}>
                      <code>{c.caId}</code>
                    </a>
                  </td>
                  <td data-label={crl.number} className="num" data-testid="crl-number">
                    {c.crlNumber ?? t("common.none")}
                  </td>
                  <td data-label={crl.thisUpdate} className="nowrap">
                    {c.thisUpdate ? formatTime(c.thisUpdate, locale) : t("common.none")}
                  </td>
                  <td data-label={crl.nextUpdate} className="nowrap">
                    {c.nextUpdate ? formatTime(c.nextUpdate, locale) : t("common.none")}
                    {c.stale && <span className="status status-off"> {t("pki.crl.stale")}</span>}
                  </td>
                  <td data-label={crl.entries} className="num">
                    {c.entries ?? t("common.none")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
