/**
 * Runs health probes, keeps their history and state, and turns failures into
 * support-desk incidents (severity by component, one per component while
 * open) that resolve themselves on recovery. Probes run as scheduler jobs
 * ("ops.probe", one per probe, rescheduling themselves) on the node that
 * holds the scheduler lease; `runNow` runs one on demand.
 */
import type { Logger } from "pino";
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import type { AuditService } from "../audit.service.js";
import type { IncidentSink, ProbeResult, ProbeState, Severity } from "./health.ports.js";
import { runProbe, type ProbeSpec, type TimedOutcome } from "./probe.js";
import { nextProbeState } from "./probe-state.js";

export const PROBE_JOB = "ops.probe";
const ACTOR = "system:health-probe";
const DAY = 86_400_000;

export interface HealthOptions {
  failuresBeforeIncident: number;
  historyDays: number;
  /** Which node ran the probe (multi-node history). */
  nodeId: string;
}

export type ComponentState = "operational" | "degraded" | "outage";

export interface ComponentHealth {
  component: string;
  state: ComponentState;
  checkedAt: Date | null;
  failing: { probe: string; severity: Severity; detail: string; since: Date }[];
}

export interface ProbeRun {
  result: ProbeResult;
  state: ProbeState;
  incident: { action: "open" | "resolve"; incidentNo: string | null } | null;
}

/** Until the support desk is wired in: incidents are logged only. */
export function loggingSink(log: Pick<Logger, "warn" | "info">): IncidentSink {
  return {
    open: async (i) => {
      log.warn({ ...i }, "health probe failing (no support desk wired: incident not opened)");
      return null;
    },
    resolve: async (component, detail) => {
      log.info({ component, detail }, "health probe recovered");
      return null;
    },
  };
}

export type OutcomeListener = (probe: string, outcome: TimedOutcome, at: Date) => void;

export class HealthService {
  private readonly byId: Map<string, ProbeSpec>;
  private readonly listeners: OutcomeListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    readonly probes: ProbeSpec[],
    private sink: IncidentSink,
    private readonly opts: HealthOptions,
    private readonly log?: Pick<Logger, "warn" | "error">,
  ) {
    this.byId = new Map(probes.map((p) => [p.id, p]));
  }

  /** Where incidents go (the support desk, once it is wired). */
  setIncidentSink(sink: IncidentSink): void {
    this.sink = sink;
  }

  /** Every outcome recorded on this node (the leader controller's step-down listens). */
  onOutcome(l: OutcomeListener): void {
    this.listeners.push(l);
  }

  spec(id: string): ProbeSpec {
    const s = this.byId.get(id);
    if (!s) throw new AppError("OPS_PROBE_UNKNOWN", { detail: `${id}; known: ${[...this.byId.keys()].join(", ")}` });
    return s;
  }

  /** Runs one probe now, records it, and opens or resolves its incident. */
  async runNow(id: string, now: Date = this.clock.now()): Promise<ProbeRun> {
    const spec = this.spec(id);
    return this.record(spec, await runProbe(spec, now), now);
  }

  /** Records one outcome: history row, state transition and audit entry in one transaction, then the incident. */
  async record(spec: ProbeSpec, out: TimedOutcome, at: Date): Promise<ProbeRun> {
    for (const l of this.listeners) l(spec.id, out, at);
    const result: ProbeResult = { probe: spec.id, component: spec.component, at, ok: out.ok, latencyMs: out.latencyMs, detail: out.detail, nodeId: this.opts.nodeId };
    const { state, action } = await this.store.tx(async (r) => {
      const prev = await r.probes.stateForUpdate(spec.id);
      const tr = nextProbeState(prev, spec, out, at, this.opts.failuresBeforeIncident);
      if (!out.skipped) await r.probes.insertResult(result);
      await r.probes.saveState(tr.state);
      let act = tr.incident;
      if (act === "resolve") {
        // One incident per component: resolve it only when no other probe of the component still has one open.
        const others = (await r.probes.states()).filter((s) => s.component === spec.component && s.probe !== spec.id && s.incidentOpen);
        if (others.length) act = null;
      }
      if (tr.changed) {
        await this.audit.record(r.audit, {
          actor: ACTOR,
          action: tr.changed.to === "failing" ? "ops.probe.failing" : "ops.probe.recovered",
          subject: `probe:${spec.id}`,
          payload: { component: spec.component, severity: spec.severity, detail: out.detail.slice(0, 500), node: this.opts.nodeId },
        });
      }
      return { state: tr.state, action: act };
    });
    let incident: ProbeRun["incident"] = null;
    if (action === "open") {
      try {
        const no = await this.sink.open({ component: spec.component, fault: spec.fault, severity: spec.severity, detail: `${spec.zh} / ${spec.en}: ${out.detail}` });
        incident = { action, incidentNo: no };
      } catch (e) {
        // Not opened: clear the flag so the next failing run tries again.
        this.log?.error({ err: e, probe: spec.id }, "health probe: could not open the incident");
        await this.store.tx(async (r) => {
          const s = await r.probes.stateForUpdate(spec.id);
          if (s) await r.probes.saveState({ ...s, incidentOpen: false });
        });
      }
    } else if (action === "resolve") {
      try {
        incident = { action, incidentNo: await this.sink.resolve(spec.component, `${spec.en}: ${out.detail}`) };
      } catch (e) {
        this.log?.error({ err: e, probe: spec.id }, "health probe: could not resolve the incident");
      }
    }
    return { result, state, incident };
  }

  /** Per component: outage when a critical probe fails, degraded when another one does. */
  async components(): Promise<ComponentHealth[]> {
    const states = await this.store.read.probes.states();
    const out = new Map<string, ComponentHealth>();
    for (const spec of this.probes) if (!out.has(spec.component)) out.set(spec.component, { component: spec.component, state: "operational", checkedAt: null, failing: [] });
    for (const s of states) {
      const spec = this.byId.get(s.probe);
      const c = out.get(s.component);
      if (!spec || !c) continue;
      if (!c.checkedAt || s.lastAt > c.checkedAt) c.checkedAt = s.lastAt;
      if (s.status !== "failing") continue;
      c.failing.push({ probe: s.probe, severity: spec.severity, detail: s.lastDetail, since: s.since });
      if (spec.severity === "critical") c.state = "outage";
      else if (c.state === "operational") c.state = "degraded";
    }
    return [...out.values()];
  }

  states(): Promise<ProbeState[]> {
    return this.store.read.probes.states();
  }

  history(probe: string | null, since: Date, limit = 5000): Promise<ProbeResult[]> {
    if (probe) this.spec(probe);
    return this.store.read.probes.history(probe, since, limit);
  }

  /** The last `perProbe` results of every probe since `since`, grouped by probe in the order of the probe list. */
  async recent(perProbe: number, since: Date): Promise<{ probe: string; results: ProbeResult[] }[]> {
    const rows = await this.store.read.probes.recent(perProbe, since);
    const by = new Map<string, ProbeResult[]>(this.probes.map((p) => [p.id, []]));
    for (const r of rows) by.get(r.probe)?.push(r);
    return [...by.entries()].map(([probe, results]) => ({ probe, results }));
  }

  /** Drops history older than historyDays. */
  prune(now: Date = this.clock.now()): Promise<number> {
    return this.store.tx((r) => r.probes.prune(new Date(now.getTime() - this.opts.historyDays * DAY)));
  }
}
