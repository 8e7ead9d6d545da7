/** Online pre-application; the applicant then brings the originals to the RA counter. */
import { useState, type FormEvent } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { useRaText } from "../../areas/ra/ra-text.ts";
import { portalApi } from "../portal-api.ts";
import { usePortalText } from "../portal-text.ts";

const EMPTY = { name: "", idNumber: "", uscc: "", phone: "", email: "", legalRepName: "", agentName: "", agentIdNumber: "", agentPhone: "" };

export function ApplyPage() {
  const { t } = usePortalText();
  const { t: r } = useRaText();
  const [kind, setKind] = useState<"individual" | "enterprise">("individual");
  const [f, setF] = useState(EMPTY);
  const [suite, setSuite] = useState("ecdsa-p256");
  const [tokenKind, setTokenKind] = useState("soft");
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const field = (k: keyof typeof EMPTY, label: Parameters<typeof r>[0], type = "text") => (
    <label className="field">
      <span className="field-label">{r(label)}</span>
      <input required type={type} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} data-testid={`portal-apply-${k}`} />
    </label>
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const applicant =
      kind === "individual"
        ? { kind, name: f.name, idNumber: f.idNumber, phone: f.phone, email: f.email }
        : { kind, name: f.name, uscc: f.uscc, phone: f.phone, email: f.email, legalRepName: f.legalRepName, agentName: f.agentName, agentIdNumber: f.agentIdNumber, agentPhone: f.agentPhone };
    try {
      const res = await portalApi.preApply({ applicant, suite, tokenKind });
      setDone(t("portal.apply.done", { id: res.applicationId }));
      setF(EMPTY);
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <section className="card" data-testid="portal-apply">
      <h1 className="card-title">{t("portal.apply.title")}</h1>
      <p className="muted">{t("portal.apply.hint")}</p>
      {done && <Notice text={done} testId="portal-apply-done" />}
      <form className="form form-grid" onSubmit={submit}>
        <fieldset className="field field-wide">
          <legend className="field-label">{r("ra.applicant.kind")}</legend>
          {(["individual", "enterprise"] as const).map((k) => (
            <label key={k} className="checkbox">
              <input type="radio" checked={kind === k} onChange={() => setKind(k)} />
              <span>{r(`ra.applicant.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        {field("name", kind === "individual" ? "ra.applicant.name" : "ra.applicant.enterpriseName")}
        {kind === "individual" ? field("idNumber", "ra.applicant.idNumber") : field("uscc", "ra.applicant.uscc")}
        {field("phone", "ra.applicant.phone", "tel")}
        {field("email", "ra.applicant.email", "email")}
        {kind === "enterprise" && (
          <>
            {field("legalRepName", "ra.applicant.legalRep")}
            {field("agentName", "ra.applicant.agent")}
            {field("agentIdNumber", "ra.applicant.agentId")}
            {field("agentPhone", "ra.applicant.agentPhone", "tel")}
          </>
        )}
        <label className="field">
          <span className="field-label">{t("portal.apply.suite")}</span>
          <select value={suite} onChange={(e) => setSuite(e.target.value)}>
            <option value="ecdsa-p256">ECDSA P-256</option>
            <option value="sm2">SM2 / SM3</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("portal.apply.token")}</span>
          <select value={tokenKind} onChange={(e) => setTokenKind(e.target.value)}>
            <option value="soft">{r("ra.apps.tokenSoft")}</option>
            <option value="usb">{r("ra.apps.tokenUsb")}</option>
          </select>
        </label>
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" data-testid="portal-apply-submit">
            {t("portal.apply.submit")}
          </button>
        </div>
      </form>
      {problem && <ProblemMessage problem={problem} testId="portal-apply-error" />}
    </section>
  );
}
