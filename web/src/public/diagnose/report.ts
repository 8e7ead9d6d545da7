/**
 * The diagnosis report: every check's outcome, machine-readable (id, status,
 * data) and in both languages for the engineer who reads it. This JSON is
 * what gets attached to a new incident.
 */
import { format } from "../../i18n/i18n.tsx";
import { KB_EN } from "../kb-text-en.ts";
import { KB_ZH, type KbKey } from "../kb-text-zh.ts";

export type CheckStatus = "ok" | "warn" | "fail" | "info" | "skipped";
export type Section = "browser" | "token" | "cert" | "clock" | "network";

export interface CheckResult {
  id: string;
  section: Section;
  title: KbKey;
  status: CheckStatus;
  message: KbKey;
  vars?: Record<string, string | number>;
  data?: unknown;
}

export interface DiagnosisReport {
  schema: "landtrade.diagnosis/1";
  /** The client's own clock (that is one of the things being checked). */
  generatedAt: string;
  serverTime: string | null;
  page: string;
  userAgent: string;
  language: string;
  summary: { ok: number; warn: number; fail: number };
  checks: { id: string; section: Section; status: CheckStatus; message: { zh: string; en: string }; data?: unknown }[];
}

export function summarise(results: CheckResult[]): DiagnosisReport["summary"] {
  return {
    ok: results.filter((r) => r.status === "ok").length,
    warn: results.filter((r) => r.status === "warn").length,
    fail: results.filter((r) => r.status === "fail").length,
  };
}

export function buildReport(results: CheckResult[], serverTime: string | null, clientNow: Date): DiagnosisReport {
  return {
    schema: "landtrade.diagnosis/1",
    generatedAt: clientNow.toISOString(),
    serverTime,
    page: window.location.origin,
    userAgent: navigator.userAgent,
    language: navigator.language,
    summary: summarise(results),
    checks: results.map((r) => ({
      id: r.id,
      section: r.section,
      status: r.status,
      message: { zh: format(KB_ZH[r.message], r.vars), en: format(KB_EN[r.message], r.vars) },
      ...(r.data !== undefined ? { data: r.data } : {}),
    })),
  };
}
