/** The operator's desk: find or register an applicant, then work on their scans and applications. */
import { useState, type FormEvent } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { ProblemMessage } from "../../../components/problem-message.tsx";
import { raApi, type Applicant } from "../ra-api.ts";
import { useRaText } from "../ra-text.ts";
import { ApplicantDetailView } from "./applicant-detail.tsx";
import { ApplicantForm } from "./applicant-form.tsx";

export function DeskPage() {
  const { t } = useRaText();
  const [q, setQ] = useState("");
  const [results, setResults] = useState<Applicant[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function search(e?: FormEvent) {
    e?.preventDefault();
    setProblem(null);
    try {
      setResults((await raApi.searchApplicants(q.trim())).items);
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <div className="ra-desk" data-testid="ra-desk">
      <aside className="card">
        <form className="form" onSubmit={search} role="search">
          <label className="field">
            <span className="field-label">{t("ra.search.label")}</span>
            <input value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("ra.search.placeholder")} data-testid="ra-search-q" />
          </label>
          <div className="form-actions">
            <button type="submit" className="btn" data-testid="ra-search-submit">
              {t("ra.search.submit")}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => { setCreating(true); setSelected(null); }} data-testid="ra-new-applicant">
              {t("ra.search.new")}
            </button>
          </div>
        </form>
        {problem && <ProblemMessage problem={problem} testId="ra-search-error" />}
        {results && results.length === 0 && <p className="muted">{t("ra.search.none")}</p>}
        {results && results.length > 0 && (
          <ul className="ra-results" data-testid="ra-results">
            {results.map((a) => (
              <li key={a.id}>
                <button type="button" className={selected === a.id ? "is-selected" : ""} onClick={() => { setSelected(a.id); setCreating(false); }} data-testid="ra-result">
                  <strong>{a.name}</strong>
                  <span className="ra-sub">{a.kind === "individual" ? a.idNumber : a.uscc} · {a.phone}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </aside>
      <div>
        {creating && (
          <ApplicantForm
            onCreated={(a) => {
              setCreating(false);
              setSelected(a.id);
              setResults((r) => [a, ...(r ?? []).filter((x) => x.id !== a.id)]);
            }}
          />
        )}
        {selected && !creating && <ApplicantDetailView key={selected} id={selected} />}
      </div>
    </div>
  );
}
