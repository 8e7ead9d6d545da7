/** Desk reports with plain SVG charts: compliance per severity and group, MTTA/MTTR, volume, breaches. */
import { useState } from "react";
import { query } from "../../api/client.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { Link } from "../../router.tsx";
import { deadlineLabel, SeverityChip, useLabels } from "./bits.tsx";
import { incidentPath, type Severity } from "./support-api.ts";
import { useSupportT, type SupportKey } from "./support-i18n.ts";
import { useLoad } from "./use-load.ts";

interface Compliance {
  total: number;
  decided: number;
  met: number;
  rate: number | null;
  mttaMinutes: number | null;
  mttrMinutes: number | null;
}

interface Report {
  from: string;
  to: string;
  total: number;
  open: number;
  overall: Compliance;
  bySeverity: Record<Severity, Compliance>;
  byGroup: Record<string, Compliance>;
  byCategory: { category: string; count: number }[];
  byChannel: { channel: string; count: number }[];
  breaches: { incidentNo: string; title: string; severity: Severity; deadline: string; dueAt: string | null; state: string }[];
  daily: { day: string; count: number }[];
}

/** Horizontal bars: label, bar, value. */
function Bars({ rows, testId, format = (v) => String(v), max }: { rows: { label: string; value: number; cls?: string }[]; testId: string; format?: (v: number) => string; max?: number }) {
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  const h = 26;
  return (
    <svg className="chart" viewBox={`0 0 400 ${rows.length * h + 4}`} role="img" data-testid={testId} preserveAspectRatio="xMinYMin meet">
      {rows.map((r, i) => (
        <g key={r.label} transform={`translate(0 ${i * h + 2})`}>
          <text x="0" y="16" className="chart-label">
            {r.label}
          </text>
          <rect x="130" y="3" width={Math.max(1, (r.value / top) * 220)} height="16" className={`chart-bar ${r.cls ?? ""}`} />
          <text x={136 + (r.value / top) * 220} y="16" className="chart-value">
            {format(r.value)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Columns per day. */
function Daily({ rows }: { rows: { day: string; count: number }[] }) {
  const top = Math.max(1, ...rows.map((r) => r.count));
  const w = Math.max(8, Math.min(40, 380 / Math.max(1, rows.length)));
  return (
    <svg className="chart" viewBox={`0 0 ${Math.max(400, rows.length * w + 20)} 130`} role="img" data-testid="chart-daily" preserveAspectRatio="xMinYMin meet">
      {rows.map((r, i) => {
        const hgt = (r.count / top) * 100;
        return (
          <g key={r.day}>
            <rect x={i * w + 2} y={105 - hgt} width={w - 4} height={hgt} className="chart-bar">
              <title>{`${r.day}: ${r.count}`}</title>
            </rect>
            <text x={i * w + w / 2} y="122" className="chart-tick" textAnchor="middle">
              {r.day.slice(8)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function ReportsPage() {
  const { st, locale } = useSupportT();
  const l = useLabels();
  const [days, setDays] = useState(30);
  // The period ends at the server's "now".
  const { data, problem } = useLoad<Report>(`/api/support/reports${query({ days })}`);
  if (problem) return <ProblemMessage problem={problem} />;
  if (!data) return <p className="muted">{st("common.loading")}</p>;
  const pct = (c: Compliance) => (c.rate === null ? 0 : Math.round(c.rate * 100));
  const min = (v: number | null) => (v === null ? st("rep.na") : st("rep.minutes", { n: Math.round(v) }));
  return (
    <section data-testid="reports-page">
      <div className="card">
        <div className="filter-bar support-filter">
          <label className="field">
            <span className="field-label">{st("rep.range")}</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="report-days">
              {[7, 30, 90, 365].map((n) => (
                <option key={n} value={n}>
                  {st("rep.days", { n })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="kpis">
          <div className="kpi" data-testid="kpi-total">
            <span className="kpi-value">{data.total}</span>
            <span className="kpi-label">{st("rep.total")}</span>
          </div>
          <div className="kpi">
            <span className="kpi-value">{data.open}</span>
            <span className="kpi-label">{st("rep.open")}</span>
          </div>
          <div className="kpi" data-testid="kpi-compliance">
            <span className="kpi-value">{data.overall.rate === null ? st("rep.na") : `${pct(data.overall)}%`}</span>
            <span className="kpi-label">{st("rep.compliance")}</span>
          </div>
          <div className="kpi">
            <span className="kpi-value">{min(data.overall.mttaMinutes)}</span>
            <span className="kpi-label">{st("rep.mtta")}</span>
          </div>
          <div className="kpi">
            <span className="kpi-value">{min(data.overall.mttrMinutes)}</span>
            <span className="kpi-label">{st("rep.mttr")}</span>
          </div>
        </div>
      </div>
      <div className="report-grid">
        <section className="card">
          <h2 className="card-title">
            {st("rep.compliance")} · {st("rep.bySeverity")}
          </h2>
          <Bars testId="chart-severity" max={100} format={(v) => `${v}%`} rows={(["critical", "serious", "general"] as Severity[]).map((s) => ({ label: `${l.severity(s)} (${data.bySeverity[s].total})`, value: pct(data.bySeverity[s]), cls: `bar-${s}` }))} />
          <p className="muted small">
            MTTA / MTTR: {(["critical", "serious", "general"] as Severity[]).map((s) => `${l.severity(s)} ${min(data.bySeverity[s].mttaMinutes)} / ${min(data.bySeverity[s].mttrMinutes)}`).join("；")}
          </p>
        </section>
        <section className="card">
          <h2 className="card-title">
            {st("rep.compliance")} · {st("rep.byGroup")}
          </h2>
          <Bars testId="chart-group" max={100} format={(v) => `${v}%`} rows={Object.entries(data.byGroup).map(([g, c]) => ({ label: `${st(`group.${g}` as SupportKey)} (${c.total})`, value: pct(c) }))} />
        </section>
        <section className="card">
          <h2 className="card-title">{st("rep.byCategory")}</h2>
          <Bars testId="chart-category" rows={data.byCategory.map((c) => ({ label: l.category(c.category === "untriaged" ? null : c.category) ?? st("detail.untriaged"), value: c.count }))} />
        </section>
        <section className="card">
          <h2 className="card-title">{st("rep.byChannel")}</h2>
          <Bars testId="chart-channel" rows={data.byChannel.map((c) => ({ label: l.channel(c.channel), value: c.count }))} />
        </section>
      </div>
      <section className="card">
        <h2 className="card-title">{st("rep.daily")}</h2>
        <Daily rows={data.daily} />
      </section>
      <section className="card" data-testid="breach-list">
        <h2 className="card-title">
          {st("rep.breaches")} <span className="card-count">{data.breaches.length}</span>
        </h2>
        {data.breaches.length === 0 ? (
          <p className="muted">{st("rep.noBreach")}</p>
        ) : (
          <table className="data-table stack-on-phone">
            <thead>
              <tr>
                <th>{st("col.no")}</th>
                <th>{st("col.severity")}</th>
                <th>{st("col.next")}</th>
                <th>{st("col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {data.breaches.map((b) => (
                <tr key={`${b.incidentNo}:${b.deadline}`}>
                  <td data-label={st("col.no")}>
                    <Link to={incidentPath(b.incidentNo)}>{b.incidentNo}</Link> {b.title}
                  </td>
                  <td data-label={st("col.severity")}>
                    <SeverityChip severity={b.severity} />
                  </td>
                  <td data-label={st("col.next")}>
                    {deadlineLabel(b.deadline, st)} {b.dueAt ? formatTime(b.dueAt, locale) : ""}
                  </td>
                  <td data-label={st("col.status")}>{st(b.state === "late" ? "sla.late" : "sla.breached")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
