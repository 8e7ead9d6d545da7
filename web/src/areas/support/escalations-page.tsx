/** Managers' view: which steps fired and whom they told, the incidents at risk, and the ladder (editable by the tech-support manager and above). */
import type { SessionUser } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { Link } from "../../router.tsx";
import { ActionPanel, type ActionDef } from "./action-form.tsx";
import { NextDeadline, SeverityChip, StatusChip, useLabels } from "./bits.tsx";
import { incidentPath, type Incident, type Severity, type Status } from "./support-api.ts";
import { useSupportT, type SupportKey } from "./support-i18n.ts";
import { useLoad } from "./use-load.ts";

interface Fired {
  incidentNo: string;
  title: string;
  severity: Severity;
  step: number;
  role: string;
  dueAt: string;
  firedAt: string;
  notified: string[];
  status: Status;
}

interface Rule {
  severity: Severity;
  step: number;
  afterMinutes: number;
  role: string;
}

export function EscalationsPage({ me }: { me: SessionUser }) {
  const { st, locale } = useSupportT();
  const l = useLabels();
  const { data, problem, reload } = useLoad<{ fired: Fired[]; atRisk: Incident[]; ladder: Rule[] }>("/api/support/escalations");
  const canEdit = me.roles.some((r) => ["tech_support_manager", "cto", "president"].includes(r));
  if (problem) return <ProblemMessage problem={problem} />;
  if (!data) return <p className="muted">{st("common.loading")}</p>;
  const roles = ["customer_manager", "tech_support_manager", "cto", "president"];
  const edit = (sev: Severity): ActionDef => ({
    id: `ladder-${sev}`,
    label: "esc.edit",
    method: "PUT",
    url: `/api/support/escalation-rules/${sev}`,
    fields: [
      { name: "steps", label: "esc.ladder", initial: data.ladder.filter((r) => r.severity === sev).map((r) => `${r.afterMinutes / 60}h:${r.role}`).join(", ") },
      { name: "reason", label: "esc.reason", kind: "textarea" },
    ],
    body: (v) => ({
      reason: v.reason,
      steps: (v.steps ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => {
          const [h, role] = s.split(":");
          return { afterMinutes: Math.round(parseFloat(h ?? "0") * 60), role: roles.includes(role ?? "") ? role : "customer_manager" };
        }),
    }),
  });
  return (
    <>
      <section className="card" data-testid="risk-list">
        <h2 className="card-title">
          {st("esc.risk")} <span className="card-count">{data.atRisk.length}</span>
        </h2>
        {data.atRisk.length === 0 ? (
          <p className="muted">{st("esc.noRisk")}</p>
        ) : (
          <table className="data-table stack-on-phone">
            <thead>
              <tr>
                <th>{st("col.no")}</th>
                <th>{st("col.title")}</th>
                <th>{st("col.severity")}</th>
                <th>{st("col.status")}</th>
                <th>{st("col.next")}</th>
              </tr>
            </thead>
            <tbody>
              {data.atRisk.map((i) => (
                <tr key={i.id} data-testid="risk-row">
                  <td data-label={st("col.no")}>
                    <Link to={incidentPath(i.incidentNo)}>{i.incidentNo}</Link>
                    {i.major && " ★"}
                  </td>
                  <td data-label={st("col.title")}>{i.title}</td>
                  <td data-label={st("col.severity")}>
                    <SeverityChip severity={i.severity} />
                  </td>
                  <td data-label={st("col.status")}>
                    <StatusChip status={i.status} />
                  </td>
                  <td data-label={st("col.next")}>
                    <NextDeadline inc={i} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" data-testid="fired-list">
        <h2 className="card-title">{st("esc.fired")}</h2>
        {data.fired.length === 0 ? (
          <p className="muted">{st("esc.noFired")}</p>
        ) : (
          <table className="data-table stack-on-phone">
            <thead>
              <tr>
                <th>{st("esc.firedAt")}</th>
                <th>{st("col.no")}</th>
                <th>{st("col.severity")}</th>
                <th>{st("sla.ladder")}</th>
                <th>{st("esc.notified")}</th>
              </tr>
            </thead>
            <tbody>
              {data.fired.map((f) => (
                <tr key={`${f.incidentNo}:${f.severity}:${f.step}`} data-testid="fired-row">
                  <td data-label={st("esc.firedAt")} className="nowrap">
                    {formatTime(f.firedAt, locale)}
                  </td>
                  <td data-label={st("col.no")}>
                    <Link to={incidentPath(f.incidentNo)}>{f.incidentNo}</Link> {f.title}
                  </td>
                  <td data-label={st("col.severity")}>
                    <SeverityChip severity={f.severity} />
                  </td>
                  <td data-label={st("sla.ladder")}>
                    {f.step} · {st(`role.${f.role}` as SupportKey)}
                  </td>
                  <td data-label={st("esc.notified")}>{f.notified.join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" data-testid="ladder-table">
        <h2 className="card-title">{st("esc.ladder")}</h2>
        {(["critical", "serious", "general"] as Severity[]).map((sev) => (
          <div key={sev} className="record">
            <p>
              <strong>{l.severity(sev)}</strong>:{" "}
              {data.ladder
                .filter((r) => r.severity === sev)
                .map((r) => `${st("esc.after", { h: r.afterMinutes / 60 })} → ${st(`role.${r.role}` as SupportKey)}`)
                .join("；")}
            </p>
            {canEdit && <ActionPanel actions={[edit(sev)]} onDone={() => void reload()} />}
          </div>
        ))}
      </section>
    </>
  );
}
