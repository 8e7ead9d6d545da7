/**
 * Recording an incident (phone log, on site, remote diagnosis): the seed's
 * fault taxonomy, the severity definitions on screen, the severity suggested
 * from impact × urgency — another one needs a reason.
 */
import { useState, type FormEvent } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { navigate } from "../../router.tsx";
import { useLabels } from "./bits.tsx";
import { incidentPath, useSupportMeta, type Incident, type Severity } from "./support-api.ts";
import { pick, useSupportT } from "./support-i18n.ts";

const EMPTY = { channel: "phone", kind: "bidder", name: "", phone: "", email: "", org: "", certificateSerial: "", tokenSerial: "", title: "", description: "", subFault: "", impact: "partial", urgency: "medium", reason: "" };

export function NewIncidentForm() {
  const { st, lang } = useSupportT();
  const meta = useSupportMeta();
  const l = useLabels();
  const [f, setF] = useState(EMPTY);
  const [override, setOverride] = useState<Severity | "">("");
  const [local, setLocal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (!meta) return <p className="muted">{st("common.loading")}</p>;
  const suggested = meta.matrix.find((m) => m.impact === f.impact)?.cells.find((c) => c.urgency === f.urgency)?.severity ?? "general";
  const severity = override || suggested;
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const opt = (v: string) => (v.trim() ? v.trim() : null);
    try {
      const inc = await post<Incident>("/api/support/incidents", {
        channel: f.channel,
        reporter: { kind: f.kind, name: f.name.trim(), phone: opt(f.phone), email: opt(f.email), org: opt(f.org), certificateSerial: opt(f.certificateSerial), tokenSerial: opt(f.tokenSerial) },
        title: opt(f.title),
        description: f.description,
        subFault: opt(f.subFault),
        impact: f.impact,
        urgency: f.urgency,
        ...(override && override !== suggested ? { severity: override, severityReason: f.reason } : {}),
        local,
      });
      navigate(incidentPath(inc.incidentNo));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const channels = meta.channels.filter((c) => c.id !== "health-probe");
  return (
    <section className="card" data-testid="new-incident">
      <h2 className="card-title">{st("new.title")}</h2>
      <form className="form form-grid" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{st("new.channel")}</span>
          <select value={f.channel} onChange={set("channel")} data-testid="new-channel">
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {pick(lang, c)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{st("new.reporterKind")}</span>
          <select value={f.kind} onChange={set("kind")}>
            <option value="bidder">{st("new.bidder")}</option>
            <option value="staff">{st("new.staff")}</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{st("new.name")}</span>
          <input required maxLength={100} value={f.name} onChange={set("name")} data-testid="new-name" />
        </label>
        <label className="field">
          <span className="field-label">{st("detail.phone")}</span>
          <input maxLength={40} value={f.phone} onChange={set("phone")} data-testid="new-phone" />
        </label>
        <label className="field">
          <span className="field-label">{st("detail.email")}</span>
          <input type="email" maxLength={200} value={f.email} onChange={set("email")} data-testid="new-email" />
        </label>
        <label className="field">
          <span className="field-label">{st("detail.cert")}</span>
          <input maxLength={100} value={f.certificateSerial} onChange={set("certificateSerial")} data-testid="new-cert" />
        </label>
        <label className="field">
          <span className="field-label">{st("detail.token")}</span>
          <input maxLength={100} value={f.tokenSerial} onChange={set("tokenSerial")} />
        </label>
        <label className="field">
          <span className="field-label">{st("f.subFault")}</span>
          <select value={f.subFault} onChange={set("subFault")} data-testid="new-subfault">
            <option value="">{st("detail.untriaged")}</option>
            {meta.categories.map((c) => (
              <optgroup key={c.id} label={pick(lang, c)}>
                {meta.subFaults
                  .filter((s) => s.category === c.id)
                  .map((s) => (
                    <option key={s.code} value={s.code}>
                      {pick(lang, s)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="field field-wide">
          <span className="field-label">{st("new.titleField")}</span>
          <input maxLength={200} value={f.title} onChange={set("title")} data-testid="new-title" />
        </label>
        <label className="field field-wide">
          <span className="field-label">{st("detail.description")}</span>
          <textarea required rows={4} maxLength={20000} value={f.description} onChange={set("description")} data-testid="new-description" />
        </label>
        <label className="field">
          <span className="field-label">{st("new.impact")}</span>
          <select value={f.impact} onChange={set("impact")} data-testid="new-impact">
            {meta.impacts.map((x) => (
              <option key={x.id} value={x.id}>
                {pick(lang, x)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{st("new.urgency")}</span>
          <select value={f.urgency} onChange={set("urgency")} data-testid="new-urgency">
            {meta.urgencies.map((x) => (
              <option key={x.id} value={x.id}>
                {pick(lang, x)}
              </option>
            ))}
          </select>
        </label>
        <div className="field field-wide severity-box" data-testid="new-suggested" data-severity={suggested}>
          <p className="field-label">{st("new.suggested", { s: l.severity(suggested) })}</p>
          <div className="severity-defs">
            {meta.severities.map((s) => (
              <label key={s.id} className={`severity-def-option sev-border-${s.id} ${severity === s.id ? "is-chosen" : ""}`}>
                <input type="radio" name="severity" checked={severity === s.id} onChange={() => setOverride(s.id === suggested ? "" : s.id)} data-testid={`new-severity-${s.id}`} />
                <strong>{pick(lang, s)}</strong>
                <ul>
                  {s.definition.map((d) => (
                    <li key={d.zh}>{pick(lang, d)}</li>
                  ))}
                </ul>
              </label>
            ))}
          </div>
          {override && override !== suggested && (
            <label className="field">
              <span className="field-label">{st("new.reason")}</span>
              <input required maxLength={1000} value={f.reason} onChange={set("reason")} data-testid="new-reason" />
            </label>
          )}
        </div>
        <label className="checkbox field-wide">
          <input type="checkbox" checked={local} onChange={(e) => setLocal(e.target.checked)} data-testid="new-local" /> {st("new.local")}
        </label>
        {problem && (
          <div className="field-wide">
            <ProblemMessage problem={problem} testId="new-error" />
          </div>
        )}
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="new-submit">
            {st("new.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
