/** One applicant at the desk: facts, scans, certificates, applications and what to do next with each. */
import { useCallback, useEffect, useState } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { Notice, ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { raApi, type ApplicantDetail } from "../ra-api.ts";
import { StateBadge } from "../ra-bits.tsx";
import { useRaText } from "../ra-text.ts";
import { ApplicationCard } from "./application-card.tsx";
import { ApplicationForm } from "./application-form.tsx";
import { DocumentsPanel } from "./documents-panel.tsx";

export function ApplicantDetailView({ id }: { id: string }) {
  const { t, locale } = useRaText();
  const [d, setD] = useState<ApplicantDetail | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setD(await raApi.applicant(id));
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!d) return problem ? <ProblemMessage problem={problem} /> : <p className="muted">…</p>;
  const a = d.applicant;
  return (
    <div data-testid="ra-applicant-detail" data-applicant={a.id}>
      <section className="card">
        <h2 className="card-title" data-testid="ra-applicant-name">
          {a.name} <span className="muted">{t(a.kind === "individual" ? "ra.applicant.individual" : "ra.applicant.enterprise")}</span>
        </h2>
        <dl className="facts">
          <dt>{t(a.kind === "individual" ? "ra.applicant.idNumber" : "ra.applicant.uscc")}</dt>
          <dd>{a.kind === "individual" ? a.idNumber : a.uscc}</dd>
          <dt>{t("ra.applicant.phone")}</dt>
          <dd>{a.phone}</dd>
          <dt>{t("ra.applicant.email")}</dt>
          <dd>{a.email}</dd>
          {a.kind === "enterprise" && (
            <>
              <dt>{t("ra.applicant.legalRep")}</dt>
              <dd>{a.legalRepName}</dd>
              <dt>{t("ra.applicant.agent")}</dt>
              <dd>
                {a.agentName} · {a.agentIdNumber} · {a.agentPhone}
              </dd>
            </>
          )}
          <dt>{t("ra.applicant.created")}</dt>
          <dd>{formatTime(a.createdAt, locale)}</dd>
        </dl>
      </section>
      {notice && <Notice text={notice} testId="ra-detail-notice" />}
      <DocumentsPanel applicant={a} documents={d.documents} onUploaded={(text) => { setNotice(text); void load(); }} />
      {d.certificates.length > 0 && (
        <section className="card">
          <h2 className="card-title">{t("ra.certs.title")}</h2>
          <table className="data-table stack-on-phone">
            <tbody>
              {d.certificates.map((c) => (
                <tr key={c.serial} data-testid="ra-applicant-cert">
                  <td>
                    <code>{c.serial}</code>
                  </td>
                  <td>{c.profile}</td>
                  <td>{c.suite}</td>
                  <td>{formatTime(c.notAfter, locale)}</td>
                  <td>
                    <StateBadge state={c.status} kind="cert" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="card">
        <h2 className="card-title">{t("ra.apps.title")}</h2>
        {d.applications.length === 0 && <p className="muted">{t("ra.apps.none")}</p>}
        {d.applications.map((app) => (
          <ApplicationCard key={app.id} app={app} onChanged={() => { setNotice(null); void load(); }} />
        ))}
      </section>
      <ApplicationForm applicant={a} certificates={d.certificates} onSubmitted={() => { setNotice(t("ra.apps.submitted")); void load(); }} />
    </div>
  );
}
