/**
 * A health probe: one check of one component (seed §3: each fault is an
 * incident category and a probe). A probe returns ok/not ok with a detail;
 * throwing or exceeding its timeout counts as not ok. "Skipped" means it does
 * not apply here (e.g. no mail relay configured).
 */
import type { Severity } from "./health.ports.js";

export interface ProbeOutcome {
  ok: boolean;
  detail: string;
  skipped?: boolean;
}

export interface ProbeSpec {
  id: string;
  /** Status-page component the probe speaks for: ca, ocsp, tsa, security-service, trading, ra, mail. */
  component: string;
  /** Severity of the incident a failure opens (HSM or CA down → critical). */
  severity: Severity;
  /** Sub-fault code of the seed's taxonomy for the incident (support/taxonomy). */
  fault: string;
  zh: string;
  en: string;
  /** What the operator should do when it fails (the runbook says more). */
  remedy: string;
  intervalMs: number;
  timeoutMs: number;
  run(now: Date): Promise<ProbeOutcome>;
}

export interface TimedOutcome extends ProbeOutcome {
  latencyMs: number;
}

/** Runs a probe with its timeout; never throws. */
export async function runProbe(spec: ProbeSpec, now: Date): Promise<TimedOutcome> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<ProbeOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${spec.timeoutMs} ms` }), spec.timeoutMs);
    });
    const out = await Promise.race([spec.run(now), timeout]);
    return { ...out, latencyMs: Math.round((performance.now() - t0) * 100) / 100 };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { ok: false, detail: `${code ? `${code}: ` : ""}${(e as Error).message ?? String(e)}`.slice(0, 2000), latencyMs: Math.round((performance.now() - t0) * 100) / 100 };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
