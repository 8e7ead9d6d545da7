/**
 * Desk reports, pure over incident rows (with their cached SLA view):
 * SLA compliance per severity and per group, MTTA (mean time to first
 * contact), MTTR (mean time to resolution), the breach list and volume by
 * category / sub-fault / channel. Times are wall-clock minutes.
 */
import type { Incident } from "./support.types.js";
import { CATEGORIES, CHANNELS, QUEUES, SEVERITIES, type Queue, type Severity } from "./taxonomy.js";

export interface Compliance {
  total: number;
  /** Incidents whose deadlines are all decided (met, late or breached). */
  decided: number;
  met: number;
  /** met / decided, 0–1; null when nothing decided yet. */
  rate: number | null;
  mttaMinutes: number | null;
  mttrMinutes: number | null;
}

export interface BreachRow {
  incidentNo: string;
  title: string;
  severity: Severity;
  queue: Queue;
  deadline: string;
  dueAt: string | null;
  metAt: string | null;
  state: string;
}

export interface SupportReport {
  from: string;
  to: string;
  total: number;
  open: number;
  overall: Compliance;
  bySeverity: Record<Severity, Compliance>;
  byGroup: Record<Queue, Compliance>;
  byCategory: { category: string; count: number }[];
  bySubFault: { subFault: string; count: number }[];
  byChannel: { channel: string; count: number }[];
  breaches: BreachRow[];
  /** Incidents per Beijing day in the range. */
  daily: { day: string; count: number }[];
}

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
const minutes = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;

export function compliance(items: readonly Incident[]): Compliance {
  let decided = 0;
  let met = 0;
  for (const i of items) {
    const ds = i.sla.deadlines;
    const missed = ds.some((d) => d.state === "breached" || d.state === "late");
    const allMet = ds.length > 0 && ds.every((d) => d.state === "met");
    if (missed || allMet) decided += 1;
    if (allMet) met += 1;
  }
  const contacts = items.filter((i) => i.firstContactAt).map((i) => minutes(i.createdAt, i.firstContactAt!));
  const resolutions = items.filter((i) => i.resolvedAt).map((i) => minutes(i.createdAt, i.resolvedAt!));
  return { total: items.length, decided, met, rate: decided ? met / decided : null, mttaMinutes: mean(contacts), mttrMinutes: mean(resolutions) };
}

/** The group an incident counts for: who resolved it, else who holds it. */
export const groupOf = (i: Incident): Queue => i.resolvedByGroup ?? i.queue;

function tally(values: (string | null)[], order: readonly string[] = []): { key: string; count: number }[] {
  const m = new Map<string, number>(order.map((k) => [k, 0]));
  for (const v of values) m.set(v ?? "untriaged", (m.get(v ?? "untriaged") ?? 0) + 1);
  return [...m.entries()].map(([key, count]) => ({ key, count })).filter((x) => x.count > 0 || order.includes(x.key));
}

export function buildReport(items: readonly Incident[], from: Date, to: Date): SupportReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, compliance(items.filter((i) => i.severity === s))])) as Record<Severity, Compliance>;
  const byGroup = Object.fromEntries(QUEUES.map((q) => [q, compliance(items.filter((i) => groupOf(i) === q))])) as Record<Queue, Compliance>;
  const breaches: BreachRow[] = [];
  for (const i of items) {
    for (const d of i.sla.deadlines) {
      if (d.state !== "breached" && d.state !== "late") continue;
      breaches.push({ incidentNo: i.incidentNo, title: i.title, severity: i.severity, queue: groupOf(i), deadline: d.name, dueAt: d.dueAt, metAt: d.metAt, state: d.state });
    }
  }
  breaches.sort((a, b) => (a.dueAt ?? "").localeCompare(b.dueAt ?? ""));
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const daily = tally(items.map((i) => day(i.createdAt))).sort((a, b) => a.key.localeCompare(b.key));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    total: items.length,
    open: items.filter((i) => i.status !== "closed" && i.status !== "resolved").length,
    overall: compliance(items),
    bySeverity,
    byGroup,
    byCategory: tally(items.map((i) => i.category), CATEGORIES).map(({ key, count }) => ({ category: key, count })),
    bySubFault: tally(items.map((i) => i.subFault)).filter((x) => x.key !== "untriaged").map(({ key, count }) => ({ subFault: key, count })),
    byChannel: tally(items.map((i) => i.channel), CHANNELS).map(({ key, count }) => ({ channel: key, count })),
    breaches,
    daily: daily.map(({ key, count }) => ({ day: key, count })),
  };
}
