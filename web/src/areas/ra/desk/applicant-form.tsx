/** Register an applicant: an individual (ID number) or an enterprise (credit code, legal representative, authorised agent). */
import { useState, type FormEvent } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { ProblemMessage } from "../../../components/problem-message.tsx";
import { raApi, type Applicant } from "../ra-api.ts";
import { useRaText, type RaKey } from "../ra-text.ts";

const EMPTY = { name: "", idNumber: "", uscc: "", phone: "", email: "", legalRepName: "", legalRepIdNumber: "", agentName: "", agentIdNumber: "", agentPhone: "" };
type Field = keyof typeof EMPTY;

export function ApplicantForm({ onCreated }: { onCreated(a: Applicant): void }) {
  const { t } = useRaText();
  const [kind, setKind] = useState<"individual" | "enterprise">("individual");
  const [f, setF] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const input = (k: Field, label: RaKey, opts: { required?: boolean; type?: string } = {}) => (
    <label className="field">
      <span className="field-label">{t(label)}</span>
      <input type={opts.type ?? "text"} required={opts.required ?? true} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} data-testid={`ra-applicant-${k}`} autoComplete="off" />
    </label>
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const common = { kind, name: f.name, phone: f.phone, email: f.email };
    const body =
      kind === "individual"
        ? { ...common, idNumber: f.idNumber }
        : { ...common, uscc: f.uscc, legalRepName: f.legalRepName, ...(f.legalRepIdNumber ? { legalRepIdNumber: f.legalRepIdNumber } : {}), agentName: f.agentName, agentIdNumber: f.agentIdNumber, agentPhone: f.agentPhone };
    try {
      onCreated(await raApi.registerApplicant(body));
      setF(EMPTY);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h2 className="card-title">{t("ra.search.new")}</h2>
      <form className="form form-grid" onSubmit={submit} data-testid="ra-applicant-form">
        <fieldset className="field field-wide">
          <legend className="field-label">{t("ra.applicant.kind")}</legend>
          {(["individual", "enterprise"] as const).map((k) => (
            <label key={k} className="checkbox">
              <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`ra-applicant-kind-${k}`} />
              <span>{t(`ra.applicant.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        {input("name", kind === "individual" ? "ra.applicant.name" : "ra.applicant.enterpriseName")}
        {kind === "individual" ? input("idNumber", "ra.applicant.idNumber") : input("uscc", "ra.applicant.uscc")}
        {input("phone", "ra.applicant.phone", { type: "tel" })}
        {input("email", "ra.applicant.email", { type: "email" })}
        {kind === "enterprise" && (
          <>
            {input("legalRepName", "ra.applicant.legalRep")}
            {input("legalRepIdNumber", "ra.applicant.legalRepId", { required: false })}
            {input("agentName", "ra.applicant.agent")}
            {input("agentIdNumber", "ra.applicant.agentId")}
            {input("agentPhone", "ra.applicant.agentPhone", { type: "tel" })}
          </>
        )}
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ra-applicant-submit">
            {t("ra.applicant.register")}
          </button>
        </div>
        {problem && (
          <div className="field-wide">
            <ProblemMessage problem={problem} testId="ra-applicant-error" />
          </div>
        )}
      </form>
    </section>
  );
}
