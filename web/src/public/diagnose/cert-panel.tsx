/** Certificate input (paste, file, or from the soft token) and the server's reading of it. */
import { useState } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { useKbText, type KbKey } from "../kb-text.ts";
import type { CheckResult } from "./report.ts";

export interface CertificateReport {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  validity: "valid" | "not_yet_valid" | "expired";
  daysLeft: number;
  keyAlgorithm: string;
  signatureAlgorithm: string;
  sha256Fingerprint: string;
  selfSigned: boolean;
  status: { source: "local-ca" | "none"; state: "good" | "revoked" | "hold" | "pending" | "unknown"; revokedAt: string | null; reason: string | null; reasonZh: string | null };
  checkedAt: string;
}

export function certCheckResult(r: CertificateReport): CheckResult {
  const base = { id: "cert.check", section: "cert", title: "diag.section.cert", data: r } as const;
  if (r.validity === "expired") return { ...base, status: "fail", message: "diag.cert.expired" };
  if (r.validity === "not_yet_valid") return { ...base, status: "fail", message: "diag.cert.notYetValid" };
  if (r.status.state === "revoked" || r.status.state === "hold") return { ...base, status: "fail", message: `diag.cert.state.${r.status.state}` };
  if (r.status.state === "unknown" || r.status.state === "pending") return { ...base, status: "warn", message: `diag.cert.state.${r.status.state}` };
  if (r.daysLeft < 30) return { ...base, status: "warn", message: "diag.cert.daysLeft", vars: { n: r.daysLeft } };
  return { ...base, status: "ok", message: "diag.cert.state.good" };
}

export function checkCertificate(pem: string): Promise<CertificateReport> {
  return post<CertificateReport>("/api/public/diagnose/certificate", { certificate: pem }, { quiet401: true });
}

/** A picked file: PEM text as is, binary DER as Base64. */
async function fileText(f: File): Promise<string> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  const head = new TextDecoder().decode(bytes.slice(0, 30));
  if (head.includes("-----BEGIN")) return new TextDecoder().decode(bytes);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

interface Props {
  pem: string;
  onPem(pem: string): void;
  onResult(r: CheckResult, report: CertificateReport | null): void;
}

export function CertPanel({ pem, onPem, onResult }: Props) {
  const { t, locale } = useKbText();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<CertificateReport | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function run(text = pem) {
    if (!text.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      const r = await checkCertificate(text);
      setReport(r);
      onResult(certCheckResult(r), r);
    } catch (e) {
      const p = problemOf(e);
      setReport(null);
      setProblem(p);
      onResult({ id: "cert.check", section: "cert", title: "diag.section.cert", status: "fail", message: "diag.cert.invalid", vars: { reason: p.code }, data: { code: p.code, detail: p.detail } }, null);
    } finally {
      setBusy(false);
    }
  }

  const validityKey: Record<CertificateReport["validity"], KbKey> = { valid: "diag.cert.valid", expired: "diag.cert.expired", not_yet_valid: "diag.cert.notYetValid" };

  return (
    <div className="diag-cert" data-testid="diag-cert">
      <label className="field field-wide">
        <span className="field-label">{t("diag.cert.paste")}</span>
        <textarea rows={5} value={pem} onChange={(e) => onPem(e.target.value)} spellCheck={false} data-testid="diag-cert-input" className="mono" />
      </label>
      <label className="field">
        <span className="field-hint">{t("diag.cert.file")}</span>
        <input
          type="file"
          accept=".cer,.crt,.pem,.der"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void fileText(f).then((text) => {
              onPem(text);
              void run(text);
            });
          }}
        />
      </label>
      <div className="form-actions">
        <button type="button" className="btn" disabled={busy || !pem.trim()} onClick={() => void run()} data-testid="diag-cert-check">
          {t("diag.cert.check")}
        </button>
      </div>
      {problem && <ProblemMessage problem={problem} testId="diag-cert-error" />}
      {report && (
        <dl className="facts diag-cert-facts" data-testid="diag-cert-report">
          <dt>{t("diag.cert.subject")}</dt>
          <dd className="wrap-anywhere">{report.subject}</dd>
          <dt>{t("diag.cert.issuer")}</dt>
          <dd className="wrap-anywhere">{report.issuer}</dd>
          <dt>{t("diag.cert.serial")}</dt>
          <dd>
            <code className="wrap-anywhere">{report.serialNumber}</code>
          </dd>
          <dt>{t("diag.cert.validity")}</dt>
          <dd>
            {formatTime(report.notBefore, locale)} – {formatTime(report.notAfter, locale)} · {t(validityKey[report.validity])}
            {report.validity === "valid" && <> · {t("diag.cert.daysLeft", { n: report.daysLeft })}</>}
          </dd>
          <dt>{t("diag.cert.status")}</dt>
          <dd data-testid="diag-cert-state" data-state={report.status.state}>
            {t(`diag.cert.state.${report.status.state}` as KbKey)}
            {report.status.reasonZh && ` (${report.status.reasonZh})`}
          </dd>
          <dt>{t("diag.cert.algorithm")}</dt>
          <dd>
            {report.keyAlgorithm} / {report.signatureAlgorithm}
          </dd>
          <dt>{t("diag.cert.fingerprint")}</dt>
          <dd>
            <code className="wrap-anywhere">{report.sha256Fingerprint}</code>
          </dd>
        </dl>
      )}
    </div>
  );
}
