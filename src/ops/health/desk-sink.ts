/**
 * Health probes → the support desk: a failing probe opens (or joins) the
 * component's one open system incident, recovery resolves it; the probe
 * states also drive the public status page's live component state.
 */
import type { SupportDesk } from "../../support/support-desk.js";
import type { ComponentId } from "../../support/taxonomy.js";
import type { IncidentSink } from "./health.ports.js";
import type { HealthService } from "./health.service.js";

export function deskIncidentSink(desk: Pick<SupportDesk, "systemIncidents">): IncidentSink {
  return {
    open: async (i) => (await desk.systemIncidents.openSystemIncident({ component: i.component as ComponentId, fault: i.fault, severity: i.severity, detail: i.detail })).incidentNo,
    resolve: (component, detail) => desk.systemIncidents.resolveSystemIncident(component, detail),
  };
}

/** Wires the probes into the desk: incidents, and live state on the status page (components a probe has checked). */
export function connectHealthToDesk(health: HealthService, desk: Pick<SupportDesk, "systemIncidents" | "statusComponents">): void {
  health.setIncidentSink(deskIncidentSink(desk));
  desk.statusComponents.setLiveSource(async () => {
    const out: Partial<Record<ComponentId, { state: "operational" | "degraded" | "outage"; checkedAt: Date; detail?: string }>> = {};
    for (const c of await health.components()) {
      if (!c.checkedAt) continue;
      out[c.component as ComponentId] = { state: c.state, checkedAt: c.checkedAt, ...(c.failing[0] ? { detail: c.failing[0].detail.slice(0, 300) } : {}) };
    }
    return out;
  });
}
