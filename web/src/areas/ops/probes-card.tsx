/**
 * Components at a glance, then every health probe: status, last run, latency,
 * history chart, last message, and "run now" (recorded like a scheduled run).
 */
import { useState } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { MessageKey } from "../../i18n/zh.ts";
import { interval, ms } from "./duration.ts";
import { HistoryChart } from "./history-chart.tsx";
import type { ComponentView, ProbeResultView, ProbeRunAnswer, ProbeView } from "./ops-types.ts";

export const HISTORY_SLOTS = 40;

const STATE_CLASS: Record<string, string> = { operational: "ops-ok", degraded: "ops-warn", outage: "ops-bad", skipped: "ops-skipped" };
const PROBE_CLASS: Record<string, string> = { ok: "status-on", failing: "status-off", skipped: "status-idle", pending: "status-idle" };

/** A component whose every probe was skipped (e.g. no mail relay configured) is "not applicable", not "operational". */
function shownState(c: ComponentView, probes: ProbeView[]): string {
  if (!c.checkedAt) return "unknown";
  const mine = probes.filter((p) => p.component === c.component);
  return mine.length > 0 && mine.every((p) => p.status === "skipped") ? "skipped" : c.state;
}

export function ComponentTiles({ components, probes }: { components: ComponentView[]; probes: ProbeView[] }) {
  const { t, locale } = useI18n();
  return (
    <section className="card" aria-labelledby="ops-components-title">
      <h2 className="card-title" id="ops-components-title">
        {t("ops.components")}
      </h2>
      <ul className="ops-tiles" data-testid="ops-components">
        {components.map((c) => {
          const state = shownState(c, probes);
          return (
            <li key={c.component} className={`ops-tile ${STATE_CLASS[state] ?? "ops-idle"}`} data-testid="ops-component" data-component={c.component} data-state={state}>
              <span className="ops-tile-name">{t(`ops.component.${c.component}` as MessageKey)}</span>
              <span className="ops-tile-state">{t(`ops.state.${state}` as MessageKey)}</span>
              {c.checkedAt && <span className="ops-tile-time small">{formatTime(c.checkedAt, locale)}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ProbesCard({ probes, history, onChanged }: { probes: ProbeView[]; history: Map<string, ProbeResultView[]>; onChanged(): Promise<void> }) {
  const { t, lang, locale } = useI18n();
  const [running, setRunning] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const col = {
    name: t("ops.probe.col.name"),
    status: t("ops.probe.col.status"),
    last: t("ops.probe.col.last"),
    latency: t("ops.probe.col.latency"),
    history: t("ops.probe.col.history", { n: HISTORY_SLOTS }),
    message: t("ops.probe.col.message"),
  };

  async function run(p: ProbeView) {
    setRunning(p.id);
    setNotice(null);
    setProblem(null);
    try {
      const r = await post<ProbeRunAnswer>(`/api/ops/probes/${encodeURIComponent(p.id)}/run`, {});
      await onChanged();
      setNotice(t("ops.probe.ran", { name: lang === "zh" ? p.zh : p.en, status: t(`ops.probe.status.${r.status}` as MessageKey), ms: ms(r.result.latencyMs) }));
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setRunning(null);
    }
  }

  return (
    <section className="card" aria-labelledby="ops-probes-title">
      <h2 className="card-title" id="ops-probes-title">
        {t("ops.probes")}
      </h2>
      <div aria-live="polite">
        {notice && <Notice text={notice} testId="ops-probe-notice" />}
        {problem && <ProblemMessage problem={problem} testId="ops-probe-error" />}
      </div>
      <table className="data-table stack-on-phone ops-probes" data-testid="ops-probes">
        <thead>
          <tr>
            {Object.values(col).map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t("ops.probe.run")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {probes.map((p) => {
            const name = lang === "zh" ? p.zh : p.en;
            return (
              <tr key={p.id} data-testid="ops-probe-row" data-probe={p.id} data-status={p.status}>
                <td data-label={col.name}>
                  <div>
                    <div className="ops-probe-name">{name}</div>
                    <div className="small muted">
                      <code>{p.id}</code> · {t(`ops.probe.severity.${p.severity}` as MessageKey)} · {t("ops.probe.every", { interval: interval(t, p.intervalSeconds) })}
                    </div>
                  </div>
                </td>
                <td data-label={col.status} className="nowrap">
                  <div>
                    <span className={`status ${PROBE_CLASS[p.status] ?? ""}`} data-testid="ops-probe-status">
                      {t(`ops.probe.status.${p.status}` as MessageKey)}
                    </span>
                    {p.consecutiveFailures > 0 && <div className="small status-off">{t("ops.probe.failures", { n: p.consecutiveFailures })}</div>}
                    {p.incidentOpen && <div className="small status-off">{t("ops.probe.incident")}</div>}
                  </div>
                </td>
                <td data-label={col.last} className="nowrap" data-testid="ops-probe-last">
                  {p.lastAt ? formatTime(p.lastAt, locale) : t("common.none")}
                </td>
                <td data-label={col.latency} className="num nowrap" data-testid="ops-probe-latency">
                  {p.lastLatencyMs === null ? t("common.none") : t("ops.ms", { ms: ms(p.lastLatencyMs) })}
                </td>
                <td data-label={col.history}>
                  <HistoryChart name={name} probe={p.id} results={history.get(p.id) ?? []} slots={HISTORY_SLOTS} />
                </td>
                <td data-label={col.message} className="wrap-anywhere" data-testid="ops-probe-detail">
                  <div className="ops-probe-detail">{p.lastDetail || t("common.none")}</div>
                </td>
                <td className="ops-probe-action">
                  <button type="button" className="btn btn-small" disabled={running !== null} onClick={() => void run(p)} data-testid="ops-probe-run">
                    {running === p.id ? t("ops.probe.running") : t("ops.probe.run")}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
