/** Clock offset from the server (RTT-corrected) and reachability of the OCSP and TSA endpoints. */
import type { CheckResult } from "./report.ts";

export interface ClockSample {
  offsetMs: number;
  rttMs: number;
  serverTime: string;
}

/** Client wall clock: measuring it against the server is the point of this check. */
// eslint-disable-next-line no-restricted-syntax -- the client's own clock is what is being diagnosed
const clientNowMs = () => Date.now();

async function sample(): Promise<ClockSample> {
  const t0 = performance.now();
  const res = await fetch("/api/public/time", { cache: "no-store", headers: { accept: "application/json" } });
  const t1 = performance.now();
  const received = clientNowMs();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as { now: string; epochMs: number };
  const rtt = t1 - t0;
  // The server read its clock about half-way through the round trip.
  return { offsetMs: body.epochMs + rtt / 2 - received, rttMs: rtt, serverTime: body.now };
}

/** Warn beyond 30 s, fail beyond 5 min (certificate validity and timestamps are checked against the server). */
export async function clockCheck(samples = 5): Promise<{ result: CheckResult; serverTime: string | null }> {
  const base = { id: "clock.offset", section: "clock", title: "diag.section.clock" } as const;
  try {
    const all: ClockSample[] = [];
    for (let i = 0; i < samples; i++) all.push(await sample());
    const best = all.reduce((a, b) => (b.rttMs < a.rttMs ? b : a));
    const abs = Math.abs(best.offsetMs);
    const status = abs <= 30_000 ? "ok" : abs <= 300_000 ? "warn" : "fail";
    const seconds = Math.round(best.offsetMs / 100) / 10;
    return {
      result: {
        ...base,
        status,
        message: status === "ok" ? "diag.clock.offset" : status === "warn" ? "diag.clock.warn" : "diag.clock.fail",
        vars: { seconds, rtt: Math.round(best.rttMs) },
        data: { offsetMs: Math.round(best.offsetMs), rttMs: Math.round(best.rttMs), samples: all.length },
      },
      serverTime: best.serverTime,
    };
  } catch (e) {
    return { result: { ...base, status: "fail", message: "diag.clock.error", vars: { reason: e instanceof Error ? e.message : String(e) } }, serverTime: null };
  }
}

/**
 * Probes with an empty POST of the service's own media type (OCSP answers malformedRequest, the TSA a
 * rejection: both prove the service is there). Any HTTP answer from the service means it is reachable; 404, an HTML page
 * (the web app's fallback), a 5xx, a network error or a timeout mean it is not.
 */
export async function reachability(id: "network.ocsp" | "network.tsa", url: string, timeoutMs = 5000): Promise<CheckResult> {
  const base = { id, section: "network", title: id === "network.ocsp" ? "diag.ocsp" : "diag.tsa" } as const;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const t0 = performance.now();
  try {
    const mediaType = id === "network.ocsp" ? "application/ocsp-request" : "application/timestamp-query";
    const res = await fetch(url, { method: "POST", headers: { "content-type": mediaType }, body: new Uint8Array(0), cache: "no-store", signal: ctl.signal });
    const ms = Math.round(performance.now() - t0);
    const type = res.headers.get("content-type") ?? "";
    const data = { url, status: res.status, ms, contentType: type };
    // An HTML page is the web app's shell answering an unknown path, not the service.
    if (res.status === 404 || type.startsWith("text/html")) return { ...base, status: "fail", message: "diag.reach.missing", vars: { status: res.status }, data };
    if (res.status >= 500) return { ...base, status: "fail", message: "diag.reach.error", vars: { status: res.status }, data };
    return { ...base, status: "ok", message: "diag.reach.ok", vars: { status: res.status, ms }, data };
  } catch (e) {
    const reason = ctl.signal.aborted ? `timeout after ${timeoutMs} ms` : e instanceof Error ? e.message : String(e);
    return { ...base, status: "fail", message: "diag.reach.fail", vars: { reason }, data: { url, error: reason } };
  } finally {
    clearTimeout(timer);
  }
}
