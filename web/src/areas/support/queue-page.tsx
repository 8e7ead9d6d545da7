/**
 * A queue of incidents (service desk, tech support, local point): open ones
 * first, by severity and age, with the deadline that matters most now.
 */
import { useState } from "react";
import { query } from "../../api/client.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { Link } from "../../router.tsx";
import { NextDeadline, SeverityChip, StatusChip, useLabels } from "./bits.tsx";
import { incidentPath, type Incident, type Queue } from "./support-api.ts";
import { useSupportT, type SupportKey } from "./support-i18n.ts";
import { useLoad } from "./use-load.ts";

interface Props {
  title: SupportKey;
  queue?: Queue;
  testId: string;
  children?: React.ReactNode;
}

export function QueuePage({ title, queue, testId, children }: Props) {
  const { st } = useSupportT();
  const [q, setQ] = useState("");
  const [applied, setApplied] = useState("");
  const [closed, setClosed] = useState(false);
  const [mine, setMine] = useState(false);
  const url = `/api/support/incidents${query({ queue, status: closed ? undefined : "open", q: applied, mine: mine ? "true" : undefined, limit: 200 })}`;
  const { data, problem, reload, loading } = useLoad<{ items: Incident[]; total: number }>(url);

  return (
    <section data-testid={testId}>
      <div className="card">
        <h2 className="card-title">
          {st(title)}
          {data && <span className="card-count">{data.total}</span>}
        </h2>
        <form
          className="filter-bar support-filter"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(q.trim());
          }}
        >
          <label className="field">
            <span className="visually-hidden">{st("queue.search")}</span>
            <input value={q} onChange={(e) => setQ(e.target.value)} placeholder={st("queue.search")} data-testid={`${testId}-search`} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={closed} onChange={(e) => setClosed(e.target.checked)} /> {st("queue.showClosed")}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> {st("queue.mine")}
          </label>
          <button type="submit" className="btn" onClick={() => applied === q.trim() && void reload()}>
            {st("common.refresh")}
          </button>
        </form>
        {problem && <ProblemMessage problem={problem} />}
        {!data ? (
          <p className="muted">{st("common.loading")}</p>
        ) : data.items.length === 0 ? (
          <p className="muted" data-testid={`${testId}-empty`}>
            {st("queue.empty")}
          </p>
        ) : (
          <IncidentTable items={data.items} />
        )}
        {loading && data && <p className="muted">{st("common.loading")}</p>}
      </div>
      {children}
    </section>
  );
}

export function IncidentTable({ items }: { items: Incident[] }) {
  const { st, locale } = useSupportT();
  const l = useLabels();
  const col = { no: st("col.no"), title: st("col.title"), sev: st("col.severity"), status: st("col.status"), customer: st("col.customer"), next: st("col.next"), who: st("col.assignee") };
  return (
    <table className="data-table stack-on-phone incident-table">
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
        {items.map((i) => (
          <tr key={i.id} data-testid="incident-row" data-no={i.incidentNo} className={i.sla.breached ? "is-breached" : ""}>
            <td data-label={col.no} className="nowrap">
              <Link to={incidentPath(i.incidentNo)} data-testid={`open-${i.incidentNo}`}>
                {i.incidentNo}
              </Link>
              {i.major && <span className="major-flag">★</span>}
              <div className="muted small">{formatTime(i.createdAt, locale).slice(5, 16)}</div>
            </td>
            <td data-label={col.title}>
              {i.title}
              <div className="muted small">
                {l.channel(i.channel)}
                {i.category ? ` · ${l.category(i.category)}` : ` · ${st("detail.untriaged")}`}
              </div>
            </td>
            <td data-label={col.sev}>
              <SeverityChip severity={i.severity} />
            </td>
            <td data-label={col.status}>
              <StatusChip status={i.status} />
            </td>
            <td data-label={col.customer}>{i.reporter.name}</td>
            <td data-label={col.next}>
              <NextDeadline inc={i} />
            </td>
            <td data-label={col.who}>{i.assignee ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
