/**
 * /help/diagnose — the bidders' self-diagnosis (seed §3.3 client faults):
 * browser support, soft token and USB key, certificate validity and status,
 * clock offset, OCSP/TSA reachability; the JSON report goes with a new
 * incident in one click.
 */
import { useState } from "react";
import { useKbText } from "../kb-text.ts";
import "./diagnose.css";
import { browserChecks } from "./browser-checks.ts";
import { CertPanel, certCheckResult, checkCertificate, type CertificateReport } from "./cert-panel.tsx";
import { CheckList } from "./check-list.tsx";
import { IncidentForm } from "./incident-form.tsx";
import { clockCheck, reachability } from "./network-checks.ts";
import { buildReport, type CheckResult, type DiagnosisReport } from "./report.ts";
import { probeSoftToken, type SoftTokenKey } from "./soft-token.ts";

const PKCS11_ITEMS = ["diag.pkcs11.inserted", "diag.pkcs11.driver", "diag.pkcs11.certVisible"] as const;

// eslint-disable-next-line no-restricted-syntax -- the report records the client's own clock, which is under diagnosis
const clientNow = () => new Date();

export function DiagnosePage() {
  const { t } = useKbText();
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<CheckResult[] | null>(null);
  const [serverTime, setServerTime] = useState<string | null>(null);
  const [ranAt, setRanAt] = useState<Date | null>(null);
  const [keys, setKeys] = useState<SoftTokenKey[]>([]);
  const [pem, setPem] = useState("");
  const [cert, setCert] = useState<{ result: CheckResult; report: CertificateReport | null } | null>(null);
  const [pkcs11, setPkcs11] = useState<Record<string, boolean>>({});

  const pkcs11Result = (): CheckResult => {
    const n = PKCS11_ITEMS.filter((k) => pkcs11[k]).length;
    return { id: "token.pkcs11", section: "token", title: "diag.pkcs11", status: n === 3 ? "ok" : "info", message: "diag.pkcs11.summary", vars: { n }, data: Object.fromEntries(PKCS11_ITEMS.map((k) => [k.split(".")[2]!, Boolean(pkcs11[k])])) };
  };

  async function run() {
    setRunning(true);
    try {
      const browser = await browserChecks();
      const soft = await probeSoftToken();
      setKeys(soft.keys);
      const clock = await clockCheck();
      setServerTime(clock.serverTime);
      const net = await Promise.all([reachability("network.ocsp", "/pki/ocsp"), reachability("network.tsa", "/pki/tsa")]);
      let certResult = cert;
      if (pem.trim()) {
        try {
          const r = await checkCertificate(pem);
          certResult = { result: certCheckResult(r), report: r };
        } catch {
          // The panel shows the coded error when the user checks it there.
        }
        setCert(certResult);
      }
      setResults([...browser, soft.result, clock.result, ...net, ...(certResult ? [certResult.result] : [])]);
      setRanAt(clientNow());
    } finally {
      setRunning(false);
    }
  }

  const all = results ? [...results.filter((r) => r.id !== "cert.check"), ...(cert ? [cert.result] : [{ id: "cert.check", section: "cert", title: "diag.section.cert", status: "skipped", message: "diag.cert.none" } as CheckResult]), pkcs11Result()] : null;
  const report: DiagnosisReport | null = all && ranAt ? buildReport(all, serverTime, ranAt) : null;
  const json = report ? JSON.stringify(report, null, 2) : "";

  return (
    <div className="diag-page" data-testid="diag-page">
      <section className="card">
        <h1 className="page-title">{t("diag.title")}</h1>
        <p className="muted">{t("diag.intro")}</p>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={running} data-testid="diag-run">
            {running ? t("diag.running") : results ? t("diag.rerun") : t("diag.run")}
          </button>
        </div>
      </section>

      <section className="card">
        <h2 className="card-title">{t("diag.section.token")}</h2>
        <h3>{t("diag.pkcs11")}</h3>
        <p className="muted small">{t("diag.pkcs11.explain")}</p>
        <div className="checkbox-grid">
          {PKCS11_ITEMS.map((k) => (
            <label key={k} className="checkbox">
              <input type="checkbox" checked={Boolean(pkcs11[k])} onChange={(e) => setPkcs11({ ...pkcs11, [k]: e.target.checked })} data-testid={`diag-pkcs11-${k.split(".")[2]}`} />
              {t(k)}
            </label>
          ))}
        </div>
        {keys.length > 0 && (
          <>
            <h3>{t("diag.softToken")}</h3>
            <ul className="diag-keys" data-testid="diag-soft-keys">
              {keys.map((k) => (
                <li key={k.id}>
                  <code>{k.id}</code> {k.label}
                  {k.certificatePem && (
                    <button type="button" className="btn btn-small" onClick={() => setPem(k.certificatePem!)}>
                      {t("diag.softToken.check")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        <h3>{t("diag.section.cert")}</h3>
        <CertPanel pem={pem} onPem={setPem} onResult={(result, r) => setCert({ result, report: r })} />
      </section>

      {all && report && (
        <>
          <section className="card" aria-live="polite">
            <p className="diag-summary" data-testid="diag-summary">
              {t("diag.summary", report.summary)}
            </p>
            <CheckList results={all} />
            <details className="diag-report">
              <summary>{t("diag.report")}</summary>
              <pre data-testid="diag-report-json">{json}</pre>
            </details>
            <div className="form-actions">
              <a className="btn" href={`data:application/json;charset=utf-8,${encodeURIComponent(json)}`} download="landtrade-diagnosis.json" data-testid="diag-report-download">
                {t("diag.report.download")}
              </a>
              <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(json)}>
                {t("diag.report.copy")}
              </button>
            </div>
          </section>
          <section className="card">
            <h2 className="card-title">{t("diag.incident.title")}</h2>
            <IncidentForm report={report} serial={cert?.report?.serialNumber ?? null} />
          </section>
        </>
      )}
    </div>
  );
}
