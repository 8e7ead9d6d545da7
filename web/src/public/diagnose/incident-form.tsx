/** "Report a fault": contact details + description; the diagnosis report goes with it. */
import { useState, type FormEvent } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { useKbText } from "../kb-text.ts";
import { reportIncident, type IncidentCreated } from "./incident-client.ts";
import type { DiagnosisReport } from "./report.ts";

/** Client sub-faults of seed §3.3 (ids shared with the knowledge base's taxonomy). */
const SUB_FAULTS = [
  { id: "page_error", zh: "客户端访问页面异常", en: "Pages fail in the browser" },
  { id: "usbkey_driver", zh: "USBKey 驱动安装异常", en: "USB key driver installation fails" },
];

export function IncidentForm({ report, serial }: { report: DiagnosisReport | null; serial: string | null }) {
  const { t, lang } = useKbText();
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [certSerial, setCertSerial] = useState("");
  const [subFault, setSubFault] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<IncidentCreated | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!report) return;
    setBusy(true);
    setProblem(null);
    try {
      const s = certSerial.trim() || serial || "";
      const out = await reportIncident({
        reporter: { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}), ...(email.trim() ? { email: email.trim() } : {}), ...(s ? { certificateSerial: s } : {}) },
        category: "client",
        ...(subFault ? { subFault } : {}),
        description: description.trim(),
        diagnosis: report,
      });
      if (out.kind === "created") setCreated(out.incident);
      else setUnavailable(true);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <div className="alert alert-ok" role="status" data-testid="diag-incident-created">
        <p className="alert-message">{t("diag.incident.done", { no: created.incidentNo })}</p>
        <p>
          {t("diag.incident.tracking", { token: "" })}
          <code data-testid="diag-incident-token">{created.trackingToken}</code>
        </p>
        <p className="visually-hidden" data-testid="diag-incident-no">
          {created.incidentNo}
        </p>
      </div>
    );
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="diag-incident-form">
      <p className="muted">{t("diag.incident.intro")}</p>
      {!report && <p className="muted">{t("diag.incident.needRun")}</p>}
      <div className="form-grid">
        <label className="field">
          <span className="field-label">{t("diag.incident.name")}</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} data-testid="diag-incident-name" />
        </label>
        <label className="field">
          <span className="field-label">{t("diag.incident.phone")}</span>
          <input type="tel" maxLength={40} value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="diag-incident-phone" />
        </label>
        <label className="field">
          <span className="field-label">{t("diag.incident.email")}</span>
          <input type="email" maxLength={200} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t("diag.incident.serial")}</span>
          <input maxLength={80} value={certSerial} placeholder={serial ?? ""} onChange={(e) => setCertSerial(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t("diag.incident.subFault")}</span>
          <select value={subFault} onChange={(e) => setSubFault(e.target.value)} data-testid="diag-incident-subfault">
            <option value="">{t("diag.incident.subFault.none")}</option>
            {SUB_FAULTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s[lang]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-wide">
          <span className="field-label">{t("diag.incident.description")}</span>
          <textarea required rows={3} maxLength={4000} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="diag-incident-description" />
        </label>
      </div>
      {unavailable && <Notice text={t("diag.incident.unavailable")} testId="diag-incident-unavailable" />}
      {problem && <ProblemMessage problem={problem} testId="diag-incident-error" />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !report} data-testid="diag-incident-submit">
          {busy ? t("diag.incident.submitting") : t("diag.incident.submit")}
        </button>
      </div>
    </form>
  );
}
