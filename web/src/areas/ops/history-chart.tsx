/** A probe's recent runs as small inline SVG bars (no chart library: a few dozen rects). */
import { useI18n } from "../../i18n/i18n.tsx";
import { ms } from "./duration.ts";
import { historyBars } from "./sparkline-geometry.ts";
import type { ProbeResultView } from "./ops-types.ts";

const W = 160;
const H = 28;

export function HistoryChart({ name, results, slots, probe }: { name: string; results: ProbeResultView[]; slots: number; probe: string }) {
  const { t } = useI18n();
  if (results.length === 0) return <span className="muted small">{t("ops.probe.noHistory")}</span>;
  const { bars } = historyBars(results, { width: W, height: H, slots, gap: 1, minBar: 2 });
  const shown = results.slice(-slots);
  const fail = shown.filter((r) => !r.ok).length;
  const max = ms(Math.max(...shown.map((r) => r.latencyMs)));
  const label = t("ops.chart.label", { name, n: shown.length, ok: shown.length - fail, fail, max });
  return (
    <svg className="ops-chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label} data-testid="ops-history-chart" data-probe={probe} data-runs={shown.length} data-failed={fail}>
      <title>{label}</title>
      <line x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} className="ops-chart-base" />
      {bars.map((b, i) => (
        <rect key={i} x={b.x} y={b.y} width={b.w} height={b.h} className={b.ok ? "ops-bar-ok" : "ops-bar-fail"}>
          <title>{`${shown[i]!.at} · ${shown[i]!.ok ? "OK" : "FAIL"} · ${ms(shown[i]!.latencyMs)} ms`}</title>
        </rect>
      ))}
    </svg>
  );
}
