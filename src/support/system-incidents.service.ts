/**
 * Incidents the system opens itself (health probes, seed §3: each fault is
 * an incident category and a probe). One open incident per component: a
 * probe that keeps failing adds to the same incident (raising its severity
 * if needed) instead of opening new ones; when the probe is healthy again
 * the incident resolves itself (a major one still waits for its review).
 *
 *   await desk.systemIncidents.openSystemIncident({ component: "ocsp", fault: "hw-service-down", severity: "critical", detail: "3 probes timed out" });
 *   await desk.systemIncidents.resolveSystemIncident("ocsp");
 */
import { AppError } from "../shared/errors.js";
import { addEvent, afterChange, systemActor, type DeskContext } from "./desk-context.js";
import { createIncident } from "./intake.service.js";
import { resolveAndMaybeClose } from "./resolution.js";
import { SEVERITIES, STATUS_COMPONENTS, subFaultOf, type ComponentId, type Severity } from "./taxonomy.js";

export interface SystemIncidentInput {
  /** A status-page component: ca, ocsp, tsa, security-service, trading, ra, mail. */
  component: ComponentId;
  /** A sub-fault code of the taxonomy, e.g. "hw-service-down", "sw-ra-cannot-issue". */
  fault: string;
  severity: Severity;
  /** What the probe saw (goes into the description and the timeline). */
  detail: string;
  /** Optional title; default "<component>: <fault label>". */
  title?: string;
}

export interface SystemIncidentResult {
  incidentNo: string;
  /** false when an open incident for the component already existed. */
  created: boolean;
}

const UNIQUE_VIOLATION = "23505";

export class SystemIncidentService {
  constructor(private readonly ctx: DeskContext) {}

  async openSystemIncident(input: SystemIncidentInput): Promise<SystemIncidentResult> {
    const comp = STATUS_COMPONENTS.find((c) => c.id === input.component);
    if (!comp) throw new AppError("SUPPORT_COMPONENT_UNKNOWN", { detail: String(input.component) });
    const sf = subFaultOf(input.fault);
    if (!sf) throw new AppError("SUPPORT_SUBFAULT_UNKNOWN", { detail: input.fault });
    if (!SEVERITIES.includes(input.severity)) throw new AppError("VALIDATION_FAILED", { detail: `severity: ${String(input.severity)}` });
    try {
      return await this.open(input, comp, sf.zh);
    } catch (e) {
      // Two probes raced to open the first incident for a component: the loser joins the winner's.
      if ((e as { code?: string }).code === UNIQUE_VIOLATION || String((e as Error).message).includes("system_open_component")) return this.open(input, comp, sf.zh);
      throw e;
    }
  }

  private open(input: SystemIncidentInput, comp: (typeof STATUS_COMPONENTS)[number], faultZh: string): Promise<SystemIncidentResult> {
    const actor = systemActor(`probe:${input.component}`);
    return this.ctx.store.tx(async (r) => {
      const now = this.ctx.clock.now();
      const existing = await r.incidents.openSystemIncident(input.component);
      if (existing) {
        await addEvent(r, existing, now, actor, "probe_repeated", { fault: input.fault, severity: input.severity, detail: input.detail.slice(0, 2000) });
        if (SEVERITIES.indexOf(input.severity) < SEVERITIES.indexOf(existing.severity)) {
          const reason = `health probe reported ${input.severity}: ${input.detail.slice(0, 200)}`;
          await r.incidents.update(existing.id, { severity: input.severity });
          await addEvent(r, existing, now, actor, "severity_changed", { from: existing.severity, to: input.severity, reason });
          await this.ctx.audit.record(r.audit, { actor: actor.id, action: "support.incident.severity", subject: `incident:${existing.incidentNo}`, payload: { from: existing.severity, to: input.severity, reason } });
        }
        await afterChange(this.ctx, r, existing.id, now);
        return { incidentNo: existing.incidentNo, created: false };
      }
      const impact = input.severity === "critical" ? "wide" : input.severity === "serious" ? "partial" : "minor";
      const inc = await createIncident(
        this.ctx,
        r,
        {
          channel: "health-probe",
          reporter: { kind: "system", name: `系统监测 / health probe (${comp.id})`, phone: null, email: null, org: null, certificateSerial: null, tokenSerial: null },
          title: input.title ?? `${comp.zh}：${faultZh}`,
          description: input.detail,
          subFault: input.fault,
          impact,
          urgency: "medium",
          severity: input.severity,
          severityReason: "reported by the health probe",
          component: comp.id,
          systemOpenComponent: comp.id,
        },
        actor,
        now,
      );
      await this.ctx.notifier.toRoles(r, ["tech_support"], {
        dedupeKey: `created:${inc.id}`,
        incidentId: inc.id,
        kind: "incident.created",
        titleZh: `系统监测事件 ${inc.incidentNo}：${inc.title}`,
        titleEn: `Health-probe incident ${inc.incidentNo}: ${inc.title}`,
        body: input.detail.slice(0, 500),
      });
      return { incidentNo: inc.incidentNo, created: true };
    });
  }

  /** The probe is healthy again: resolve the component's open incident. Null when there was none. */
  resolveSystemIncident(component: string, detail = "health probe healthy again"): Promise<string | null> {
    const actor = systemActor(`probe:${component}`);
    return this.ctx.store.tx(async (r) => {
      const inc = await r.incidents.openSystemIncident(component);
      if (!inc) return null;
      const now = this.ctx.clock.now();
      await addEvent(r, inc, now, actor, "auto_resolved", { detail });
      await resolveAndMaybeClose(this.ctx, r, inc, now, actor, { text: `自动恢复 / recovered automatically: ${detail}`, group: "tech_support" });
      await afterChange(this.ctx, r, inc.id, now);
      return inc.incidentNo;
    });
  }
}
