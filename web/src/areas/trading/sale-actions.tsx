/** The trading administrator's actions on a sale, each published as a notice. */
import { useState, type FormEvent, type ReactNode } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import type { MessageKey } from "../../i18n/zh.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { fromBeijingInput } from "./beijing-time.ts";
import type { ParcelDetail } from "./trading-types.ts";

type Kind = "supplementary" | "materialChange" | "suspend" | "resume" | "terminate";

export function SaleActions({ d, onChanged }: { d: ParcelDetail; onChanged(d: ParcelDetail): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Kind | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [f, setF] = useState({ title: "", body: "", reason: "", listingStart: "", listingEnd: "", depositCutoff: "" });
  const phase = d.view.phase;
  const id = d.parcel.id;

  async function run(url: string, body: unknown) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const next = await post<ParcelDetail>(url, body);
      const last = next.notices.at(-1);
      setDone(t("actions.done", { title: last ? `${last.number} ${last.title}` : "" }));
      setOpen(null);
      setF({ title: "", body: "", reason: "", listingStart: "", listingEnd: "", depositCutoff: "" });
      onChanged(next);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const opt = (v: string) => fromBeijingInput(v) ?? undefined;
    if (open === "supplementary") void run(`/api/trading/parcels/${id}/notices`, { title: f.title, body: f.body });
    if (open === "materialChange") void run(`/api/trading/parcels/${id}/material-change`, { body: f.body, listingStart: opt(f.listingStart), listingEnd: opt(f.listingEnd), depositCutoff: opt(f.depositCutoff) });
    if (open === "suspend") void run(`/api/trading/parcels/${id}/suspend`, { reason: f.reason });
    if (open === "resume") void run(`/api/trading/parcels/${id}/resume`, { listingEnd: opt(f.listingEnd), note: f.body || undefined });
    if (open === "terminate" && window.confirm(t("actions.confirmTerminate"))) void run(`/api/trading/parcels/${id}/terminate`, { reason: f.reason });
  }

  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const field = (k: keyof typeof f, label: MessageKey, input: ReactNode) => (
    <label className="field field-wide" key={k}>
      <span className="field-label">{t(label)}</span>
      {input}
    </label>
  );
  const running = ["announced", "listing", "intent", "timed"].includes(phase);
  const button = (k: Kind, label: MessageKey, show: boolean) =>
    show && (
      <button type="button" className={`btn${open === k ? " btn-primary" : ""}`} onClick={() => setOpen(open === k ? null : k)} data-testid={`action-${k}`}>
        {t(label)}
      </button>
    );

  return (
    <section className="card" data-testid="sale-actions">
      <h2 className="card-title">{t("actions.title")}</h2>
      {phase === "draft" && (
        <div className="form">
          <p className="muted">{t("actions.announceHint", { days: d.rules.announceLeadDays })}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run(`/api/trading/parcels/${id}/announce`, {})} data-testid="action-announce">
              {t("actions.announce")}
            </button>
          </div>
        </div>
      )}
      <div className="row-actions">
        {button("supplementary", "actions.supplementary", phase !== "draft" && !["sold", "withdrawn", "terminated"].includes(phase))}
        {button("materialChange", "actions.materialChange", (phase === "announced" || phase === "listing") && d.view.bidCount === 0)}
        {button("suspend", "actions.suspend", running)}
        {button("resume", "actions.resume", phase === "suspended")}
        {button("terminate", "actions.terminate", !["draft", "sold", "withdrawn", "terminated"].includes(phase))}
      </div>
      {open && (
        <form className="form" onSubmit={submit} data-testid={`form-${open}`}>
          {open === "materialChange" && <p className="muted">{t("actions.materialHint", { days: d.rules.announceLeadDays })}</p>}
          {open === "supplementary" && field("title", "actions.title.field", <input required minLength={2} value={f.title} onChange={set("title")} />)}
          {(open === "supplementary" || open === "materialChange") && field("body", "actions.body", <textarea required minLength={2} rows={5} value={f.body} onChange={set("body")} data-testid="action-body" />)}
          {open === "materialChange" && (
            <div className="form-grid">
              {field("listingStart", "parcel.listingStart", <input type="datetime-local" value={f.listingStart} onChange={set("listingStart")} />)}
              {field("listingEnd", "parcel.listingEnd", <input type="datetime-local" value={f.listingEnd} onChange={set("listingEnd")} />)}
              {field("depositCutoff", "parcel.depositCutoff", <input type="datetime-local" value={f.depositCutoff} onChange={set("depositCutoff")} />)}
            </div>
          )}
          {(open === "suspend" || open === "terminate") && field("reason", "actions.reason", <input required minLength={2} value={f.reason} onChange={set("reason")} data-testid="action-reason" />)}
          {open === "resume" && field("listingEnd", "actions.newEnd", <input type="datetime-local" value={f.listingEnd} onChange={set("listingEnd")} />)}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="action-submit">
              {t("actions.submit")}
            </button>
            <button type="button" className="btn" onClick={() => setOpen(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
      <div aria-live="polite">
        {done && <Notice text={done} testId="action-done" />}
        {problem && <ProblemMessage problem={problem} testId="action-error" />}
      </div>
    </section>
  );
}
