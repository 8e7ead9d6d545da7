/**
 * The pure core of the probes: given a probe's previous state and a new
 * outcome, the next state and whether an incident opens or resolves.
 * - A failure counts up; at `threshold` consecutive failures an incident opens
 *   (once: while it is open, more failures only add to it).
 * - Success (or the probe no longer applying) after an opened incident
 *   resolves it.
 * - `since` moves only when the status changes.
 */
import type { ProbeState, ProbeStatus } from "./health.ports.js";
import type { ProbeOutcome } from "./probe.js";

export interface Transition {
  state: ProbeState;
  incident: "open" | "resolve" | null;
  /** The status changed between ok and failing (worth an audit entry); null on the first run or no change. */
  changed: { from: ProbeStatus; to: ProbeStatus } | null;
}

export function nextProbeState(
  prev: ProbeState | undefined,
  probe: { id: string; component: string },
  outcome: ProbeOutcome,
  at: Date,
  threshold: number,
): Transition {
  const status: ProbeStatus = outcome.skipped ? "skipped" : outcome.ok ? "ok" : "failing";
  const failures = status === "failing" ? (prev?.status === "failing" ? prev.consecutiveFailures : 0) + 1 : 0;
  const wasOpen = prev?.incidentOpen ?? false;
  let incident: Transition["incident"] = null;
  let incidentOpen = wasOpen;
  if (status === "failing" && !wasOpen && failures >= threshold) {
    incident = "open";
    incidentOpen = true;
  } else if (status !== "failing" && wasOpen) {
    incident = "resolve";
    incidentOpen = false;
  }
  const state: ProbeState = {
    probe: probe.id,
    component: probe.component,
    status,
    since: prev && prev.status === status ? prev.since : at,
    lastAt: at,
    consecutiveFailures: failures,
    lastDetail: outcome.detail,
    incidentOpen,
  };
  const changed = prev && prev.status !== status && (prev.status === "failing" || status === "failing") ? { from: prev.status, to: status } : null;
  return { state, incident, changed };
}
