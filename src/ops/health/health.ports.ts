/** What the health probes need from storage, and where their incidents go. */

export type Severity = "critical" | "serious" | "general";

export interface ProbeResult {
  probe: string;
  component: string;
  at: Date;
  ok: boolean;
  latencyMs: number;
  detail: string;
  nodeId: string;
}

export type ProbeStatus = "ok" | "failing" | "skipped";

export interface ProbeState {
  probe: string;
  component: string;
  status: ProbeStatus;
  /** When the probe entered this status. */
  since: Date;
  lastAt: Date;
  consecutiveFailures: number;
  lastDetail: string;
  /** An incident was opened for this probe's failure and not yet resolved. */
  incidentOpen: boolean;
}

export interface ProbeRepo {
  insertResult(r: ProbeResult): Promise<void>;
  /** Row-locks the probe's state (creating nothing); undefined before its first run. */
  stateForUpdate(probe: string): Promise<ProbeState | undefined>;
  saveState(s: ProbeState): Promise<void>;
  states(): Promise<ProbeState[]>;
  /** Results of one probe (or all when null) at or after `since`, oldest first, at most `limit`. */
  history(probe: string | null, since: Date, limit: number): Promise<ProbeResult[]>;
  /** The newest `perProbe` results of every probe at or after `since`, per probe oldest first (for the history charts). */
  recent(perProbe: number, since: Date): Promise<ProbeResult[]>;
  /** Deletes results older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/**
 * Where failing probes report: the support desk's system incidents
 * (deduplicated per component while open; resolve closes the component's one).
 */
export interface IncidentSink {
  open(i: { component: string; fault: string; severity: Severity; detail: string }): Promise<string | null>;
  resolve(component: string, detail: string): Promise<string | null>;
}
