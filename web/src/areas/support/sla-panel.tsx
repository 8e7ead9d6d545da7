/** Deadlines and the escalation ladder of one incident, as the server's SLA rules see them now. */
import { formatTime } from "../../format.ts";
import { DeadlineChip, deadlineLabel } from "./bits.tsx";
import type { Incident } from "./support-api.ts";
import { useSupportT, type SupportKey } from "./support-i18n.ts";

export function SlaPanel({ inc }: { inc: Incident }) {
  const { st, locale } = useSupportT();
  const t = (iso: string | null) => (iso ? formatTime(iso, locale) : "—");
  return (
    <section className="card" data-testid="sla-panel">
      <h2 className="card-title">{st("sla.title")}</h2>
      {inc.sla.paused && (
        <div className="alert alert-warn" data-testid="sla-paused">
          <p className="alert-message">{st("sla.pausedFor", { reason: inc.pauseReason ?? "" })}</p>
        </div>
      )}
      <ul className="deadline-list">
        {inc.sla.deadlines.map((d) => (
          <li key={d.name} data-testid={`deadline-${d.name.split(":")[0]}`}>
            <span className="deadline-name">{deadlineLabel(d.name, st)}</span>
            <DeadlineChip d={d} />
            <span className="muted small">{d.metAt ? `✓ ${t(d.metAt)}` : `→ ${t(d.dueAt)}`}</span>
          </li>
        ))}
      </ul>
      <h3 className="sub-title">{st("sla.ladder")}</h3>
      <ol className="ladder" data-testid="ladder">
        {inc.sla.steps.map((s) => (
          <li key={`${s.severity}:${s.step}`} className={`step step-${s.state}`} data-state={s.state}>
            <span className="step-after">{st("esc.after", { h: s.afterMinutes / 60 })}</span>
            <span className="step-role">{st(`role.${s.role}` as SupportKey)}</span>
            <span className="step-state">{st(`step.${s.state}` as SupportKey)}</span>
            <span className="muted small">{s.firedAt ? t(s.firedAt) : t(s.dueAt)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
