/** Enter an application at the counter: new certificate, or renew / replace / revoke / suspend / unsuspend one of the applicant's. */
import { useState, type FormEvent } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { ProblemMessage } from "../../../components/problem-message.tsx";
import { raApi, type Applicant, type Cert } from "../ra-api.ts";
import { useRaText, type RaKey } from "../ra-text.ts";

const TYPES = ["new", "renew", "replace", "revoke", "suspend", "unsuspend"] as const;
const REASONS = ["unspecified", "keyCompromise", "affiliationChanged", "superseded", "cessationOfOperation", "privilegeWithdrawn"];

export function ApplicationForm({ applicant, certificates, onSubmitted }: { applicant: Applicant; certificates: Cert[]; onSubmitted(): void }) {
  const { t } = useRaText();
  const [type, setType] = useState<(typeof TYPES)[number]>("new");
  const [suite, setSuite] = useState("ecdsa-p256");
  const [tokenKind, setTokenKind] = useState("usb");
  const [dual, setDual] = useState(false);
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("unspecified");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const issuing = type === "new" || type === "renew" || type === "replace";
  const signing = certificates.filter((c) => c.profile.endsWith("-sign"));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await raApi.submit({
        applicantId: applicant.id,
        type,
        ...(type === "new" ? { suite, dual: suite === "sm2" || dual } : {}),
        ...(issuing ? { tokenKind } : {}),
        ...(type !== "new" ? { targetSerial: target } : {}),
        ...(type === "revoke" ? { revocationReason: reason } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setNote("");
      onSubmitted();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h2 className="card-title">{t("ra.apps.new")}</h2>
      <form className="form form-grid" onSubmit={submit} data-testid="ra-app-form">
        <label className="field">
          <span className="field-label">{t("ra.apps.type")}</span>
          <select value={type} onChange={(e) => setType(e.target.value as typeof type)} data-testid="ra-app-type">
            {TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`ra.type.${x}` as RaKey)}
              </option>
            ))}
          </select>
        </label>
        {type === "new" && (
          <label className="field">
            <span className="field-label">{t("ra.apps.suite")}</span>
            <select value={suite} onChange={(e) => setSuite(e.target.value)} data-testid="ra-app-suite">
              <option value="ecdsa-p256">ECDSA P-256</option>
              <option value="sm2">SM2 / SM3</option>
            </select>
          </label>
        )}
        {issuing && (
          <label className="field">
            <span className="field-label">{t("ra.apps.token")}</span>
            <select value={tokenKind} onChange={(e) => setTokenKind(e.target.value)} data-testid="ra-app-token">
              <option value="usb">{t("ra.apps.tokenUsb")}</option>
              <option value="soft">{t("ra.apps.tokenSoft")}</option>
            </select>
          </label>
        )}
        {type === "new" && (
          <label className="checkbox field-wide">
            <input type="checkbox" checked={suite === "sm2" || dual} disabled={suite === "sm2"} onChange={(e) => setDual(e.target.checked)} data-testid="ra-app-dual" />
            <span>{t("ra.apps.dual")}</span>
          </label>
        )}
        {type !== "new" && (
          <label className="field field-wide">
            <span className="field-label">{t("ra.apps.target")}</span>
            <select required value={target} onChange={(e) => setTarget(e.target.value)} data-testid="ra-app-target">
              <option value="">—</option>
              {signing.map((c) => (
                <option key={c.serial} value={c.serial}>
                  {c.serial} · {c.suite} · {c.status}
                </option>
              ))}
            </select>
          </label>
        )}
        {type === "revoke" && (
          <label className="field">
            <span className="field-label">{t("ra.apps.reason")}</span>
            <select value={reason} onChange={(e) => setReason(e.target.value)} data-testid="ra-app-reason">
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field field-wide">
          <span className="field-label">{t("ra.apps.note")}</span>
          <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="ra-app-note" />
        </label>
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ra-app-submit">
            {t("ra.apps.submit")}
          </button>
        </div>
        {problem && (
          <div className="field-wide">
            <ProblemMessage problem={problem} testId="ra-app-error" />
          </div>
        )}
      </form>
    </section>
  );
}
