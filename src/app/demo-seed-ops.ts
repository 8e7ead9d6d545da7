/**
 * Demo data for the ops dashboard: a first run of every health probe (real
 * runs against the demo CA, OCSP, TSA, database…, so the history charts have
 * a first point before the scheduler's own runs) and a first timestamp anchor
 * of the audit chain over the seeded entries (the anchoring job only runs
 * every auditAnchorMinutes). No backup is made here: making and verifying one
 * takes many seconds; the dashboard says plainly there is none and offers the
 * button. Idempotent: probes that already have history and an existing
 * anchor are left alone.
 */
import type { AuditAnchorService } from "../ops/audit-anchor.service.js";
import type { HealthService } from "../ops/health/health.service.js";
import type { Store } from "../storage/store.js";
import type { Clock } from "./clock.js";

export interface OpsSeedResult {
  probesRun: string[];
  anchored: boolean;
}

export async function seedOpsDemo(d: { health: HealthService; anchors: AuditAnchorService; store: Store; clock: Clock }): Promise<OpsSeedResult> {
  const now = d.clock.now();
  const seen = new Set((await d.store.read.probes.states()).map((s) => s.probe));
  const probesRun: string[] = [];
  for (const p of d.health.probes) {
    if (seen.has(p.id)) continue;
    await d.health.runNow(p.id, now);
    probesRun.push(p.id);
  }
  let anchored = false;
  if ((await d.store.read.anchors.list()).length === 0 && (await d.store.read.audit.head()).seq > 0) {
    await d.anchors.anchor("system:demo-seed");
    anchored = true;
  }
  return { probesRun, anchored };
}
