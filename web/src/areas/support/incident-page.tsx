/**
 * One incident: what happened, who holds it, its deadlines and ladder, what
 * this person can do now, and everything on record (timeline, tracking,
 * handover lists, consultations, on-site service, remote sessions,
 * attachments, mails, review).
 */
import type { SessionUser } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { Link } from "../../router.tsx";
import { ActionPanel } from "./action-form.tsx";
import { SeverityChip, StatusChip, useLabels } from "./bits.tsx";
import { incidentActions } from "./incident-actions.ts";
import { IncidentRecords } from "./incident-records.tsx";
import { SlaPanel } from "./sla-panel.tsx";
import { useSupportMeta, type Detail } from "./support-api.ts";
import { pick, useSupportT, type SupportKey } from "./support-i18n.ts";
import { useLoad } from "./use-load.ts";

export function IncidentPage({ no, me, back }: { no: string; me: SessionUser; back: string }) {
  const { st, lang, locale } = useSupportT();
  const meta = useSupportMeta();
  const l = useLabels();
  const { data, problem, reload } = useLoad<Detail>(`/api/support/incidents/${encodeURIComponent(no)}`);
  if (problem && !data) return <ProblemMessage problem={problem} testId="incident-error" />;
  if (!data) return <p className="muted">{st("common.loading")}</p>;
  const i = data.incident;
  const sevDef = meta?.severities.find((s) => s.id === i.severity);
  const actions = incidentActions(data, {
    roles: me.roles,
    st,
    severityLabel: (s) => l.severity(s),
    subFaults: (meta?.subFaults ?? []).map((s) => ({ value: s.code, label: `${l.category(s.category)} · ${pick(lang, s)}`, category: s.category })),
    components: (meta?.components ?? []).map((c) => ({ value: c.id, label: pick(lang, c) })),
  });

  return (
    <section data-testid="incident-page" data-no={i.incidentNo} data-status={i.status}>
      <p>
        <Link to={back}>← {st("detail.back")}</Link>
      </p>
      <header className="incident-head">
        <h2 className="incident-title">
          <span className="incident-no">{i.incidentNo}</span> {i.title}
        </h2>
        <div className="chips">
          <SeverityChip severity={i.severity} />
          <StatusChip status={i.status} />
          {i.major && (
            <span className="major-chip" data-testid="major-chip">
              ★ {st("detail.major")}
            </span>
          )}
        </div>
      </header>
      {problem && <ProblemMessage problem={problem} />}

      <div className="incident-grid">
        <section className="card">
          <h2 className="card-title">{st("detail.facts")}</h2>
          <dl className="facts">
            <dt>{st("detail.reporter")}</dt>
            <dd>
              {i.reporter.name} {i.reporter.org && `· ${i.reporter.org}`}
            </dd>
            {i.reporter.phone && (
              <>
                <dt>{st("detail.phone")}</dt>
                <dd>{i.reporter.phone}</dd>
              </>
            )}
            {i.reporter.email && (
              <>
                <dt>{st("detail.email")}</dt>
                <dd>{i.reporter.email}</dd>
              </>
            )}
            {i.reporter.certificateSerial && (
              <>
                <dt>{st("detail.cert")}</dt>
                <dd>
                  <code>{i.reporter.certificateSerial}</code>
                </dd>
              </>
            )}
            {i.reporter.tokenSerial && (
              <>
                <dt>{st("detail.token")}</dt>
                <dd>
                  <code>{i.reporter.tokenSerial}</code>
                </dd>
              </>
            )}
            <dt>{st("col.channel")}</dt>
            <dd>{l.channel(i.channel)}</dd>
            <dt>{st("detail.category")}</dt>
            <dd data-testid="incident-category">{i.category ? `${l.category(i.category)} · ${l.subFault(i.subFault) ?? ""}` : st("detail.untriaged")}</dd>
            <dt>{st("detail.queue")}</dt>
            <dd data-testid="incident-queue">{st(`group.${i.queue}` as SupportKey)}</dd>
            <dt>{st("col.assignee")}</dt>
            <dd data-testid="incident-assignee">{i.assignee ?? "—"}</dd>
            <dt>{st("col.created")}</dt>
            <dd>{formatTime(i.createdAt, locale)}</dd>
            {i.component && (
              <>
                <dt>{st("f.component")}</dt>
                <dd>{l.component(i.component)}</dd>
              </>
            )}
          </dl>
          <h3 className="sub-title">{st("detail.description")}</h3>
          <p className="prewrap">{i.description}</p>
          {i.solution && (
            <>
              <h3 className="sub-title">{st("detail.analysis")}</h3>
              <p className="prewrap">{i.analysis ?? "—"}</p>
              <h3 className="sub-title">{st("detail.solution")}</h3>
              <p className="prewrap" data-testid="incident-solution">
                {i.solution}
              </p>
            </>
          )}
          {sevDef && (
            <details className="severity-def">
              <summary>
                {st("detail.severityDef")}: {pick(lang, sevDef)}
              </summary>
              <ul>
                {sevDef.definition.map((d) => (
                  <li key={d.zh}>{pick(lang, d)}</li>
                ))}
              </ul>
            </details>
          )}
        </section>
        <SlaPanel inc={i} />
      </div>

      <section className="card">
        <h2 className="card-title">{st("act.title")}</h2>
        <ActionPanel actions={actions} onDone={() => void reload()} />
      </section>

      <IncidentRecords d={data} me={me} onChange={() => void reload()} />
    </section>
  );
}
