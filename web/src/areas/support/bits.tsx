/** Small shared pieces of the desk screens: labels, severity and SLA chips, durations. */
import { formatTime } from "../../format.ts";
import type { Deadline, Incident, Severity, Status } from "./support-api.ts";
import { useSupportMeta } from "./support-api.ts";
import { pick, useSupportT, type SupportKey } from "./support-i18n.ts";

export function useLabels() {
  const meta = useSupportMeta();
  const { lang } = useSupportT();
  return {
    severity: (s: Severity) => pick(lang, meta?.severities.find((x) => x.id === s), s),
    status: (s: Status) => pick(lang, meta?.statuses.find((x) => x.id === s), s),
    category: (c: string | null) => (c ? pick(lang, meta?.categories.find((x) => x.id === c), c) : null),
    subFault: (c: string | null) => (c ? pick(lang, meta?.subFaults.find((x) => x.code === c), c) : null),
    channel: (c: string) => pick(lang, meta?.channels.find((x) => x.id === c), c),
    component: (c: string | null) => (c ? pick(lang, meta?.components.find((x) => x.id === c), c) : null),
  };
}

export function SeverityChip({ severity }: { severity: Severity }) {
  const l = useLabels();
  return (
    <span className={`sev sev-${severity}`} data-severity={severity}>
      {l.severity(severity)}
    </span>
  );
}

export function StatusChip({ status }: { status: Status }) {
  const l = useLabels();
  return (
    <span className={`st st-${status}`} data-status={status}>
      {l.status(status)}
    </span>
  );
}

/** "2 h 05 min" / "2小时05分" from milliseconds (absolute value). */
export function duration(ms: number, lang: "zh" | "en"): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const mm = m % 60;
  if (lang === "zh") return `${d ? `${d}天` : ""}${h ? `${h}小时` : ""}${d ? "" : `${mm}分`}`;
  return [d ? `${d} d` : "", h ? `${h} h` : "", d ? "" : `${mm} min`].filter(Boolean).join(" ");
}

export function deadlineLabel(name: string, st: (k: SupportKey) => string): string {
  const base = name.split(":")[0] as "firstContact" | "solution" | "majorAnswer" | "onsite";
  return st(`sla.${base}` as SupportKey);
}

export function DeadlineChip({ d }: { d: Deadline }) {
  const { st, lang } = useSupportT();
  const cls = d.state === "running" && d.atRisk ? "risk" : d.state;
  const text =
    d.state === "running" || d.state === "paused"
      ? `${st(d.atRisk ? "sla.atRisk" : d.state === "paused" ? "sla.paused" : "sla.running")} · ${st("sla.left", { t: duration(d.remainingMs, lang) })}`
      : d.state === "breached"
        ? `${st("sla.breached")} · ${st("sla.over", { t: duration(d.remainingMs, lang) })}`
        : st(d.state === "met" ? "sla.met" : "sla.late");
  return (
    <span className={`sla sla-${cls}`} data-state={d.state} data-deadline={d.name}>
      {text}
    </span>
  );
}

/** The deadline that matters most now for a queue row. */
export function NextDeadline({ inc }: { inc: Incident }) {
  const { st, locale } = useSupportT();
  const ds = inc.sla.deadlines;
  const d = ds.find((x) => x.state === "breached") ?? ds.find((x) => x.state === "running" || x.state === "paused");
  if (!d) return <span className="muted">—</span>;
  return (
    <span className="next-deadline">
      <span className="muted">{deadlineLabel(d.name, st)}</span> <DeadlineChip d={d} />
      {d.dueAt && d.state !== "breached" && <span className="muted nowrap"> {formatTime(d.dueAt, locale).slice(5, 16)}</span>}
    </span>
  );
}
