/**
 * The RA auditor's queue: vetted applications to approve or reject. The
 * dual-control rule is shown where it applies (you vetted or entered it);
 * the server enforces it regardless.
 */
import { useCallback, useEffect, useState } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { Notice, ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { raApi, type Application } from "../ra-api.ts";
import { StateBadge, typeKey } from "../ra-bits.tsx";
import { useRaText } from "../ra-text.ts";

export function AuditorQueue({ me }: { me: string }) {
  const { t, locale } = useRaText();
  const [items, setItems] = useState<Application[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState("");

  const load = useCallback(async () => {
    try {
      setItems((await raApi.applications("vetted")).items);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(fn: () => Promise<Application>, done: (a: Application) => string) {
    setProblem(null);
    try {
      const a = await fn();
      // Reload first, then say what happened: the notice never sits above a
      // list that still shows the item it talks about.
      await load();
      setNotice(done(a));
      setRejecting(null);
      setReason("");
    } catch (e) {
      setProblem(problemOf(e));
    }
  }

  return (
    <section className="card" data-testid="ra-queue">
      <h2 className="card-title">{t("ra.queue.title")}</h2>
      {notice && <Notice text={notice} testId="ra-queue-notice" />}
      {problem && <ProblemMessage problem={problem} testId="ra-queue-error" />}
      {items?.length === 0 && <p className="muted">{t("ra.queue.none")}</p>}
      {items?.map((a) => {
        const selfVetted = a.vettedBy === me;
        const selfEntered = a.submittedBy === me;
        return (
          <article key={a.id} className="ra-app" data-testid="ra-queue-item" data-app={a.id}>
            <div className="ra-app-head">
              <span>
                <strong>{a.applicantName}</strong> · {t(typeKey(a))} · {a.suite}
                {a.dual ? " · 双证" : ""}
                <span className="ra-sub">
                  {t("ra.apps.id")} <code>{a.id}</code> · {formatTime(a.submittedAt, locale)}
                </span>
                <span className="ra-sub">
                  {t("ra.queue.vettedBy")}: {a.vettedBy} · {t("ra.queue.vetNote")}: {a.vetNote ?? "—"}
                </span>
              </span>
              <StateBadge state={a.state} kind="app" />
            </div>
            {(selfVetted || selfEntered) && (
              <p className="ra-dual-note" data-testid="ra-dual-control-note">
                {t(selfVetted ? "ra.queue.selfVetted" : "ra.queue.selfEntered")}
              </p>
            )}
            <div className="form-actions">
              <button
                type="button"
                className="btn btn-primary"
                disabled={selfVetted || selfEntered}
                title={selfVetted || selfEntered ? t(selfVetted ? "ra.queue.selfVetted" : "ra.queue.selfEntered") : undefined}
                onClick={() => void act(() => raApi.approve(a.id), (x) => t("ra.queue.approved", { id: x.id }))}
                data-testid="ra-approve"
              >
                {t("ra.queue.approve")}
              </button>
              <button type="button" className="btn" onClick={() => setRejecting(rejecting === a.id ? null : a.id)} data-testid="ra-reject-open">
                {t("ra.queue.reject")}
              </button>
            </div>
            {rejecting === a.id && (
              <form
                className="form form-inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(() => raApi.reject(a.id, reason), (x) => t("ra.queue.rejected", { id: x.id }));
                }}
              >
                <label className="field">
                  <span className="field-label">{t("ra.queue.rejectReason")}</span>
                  <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="ra-reject-reason" />
                </label>
                <button type="submit" className="btn" data-testid="ra-reject-submit">
                  {t("ra.queue.reject")}
                </button>
              </form>
            )}
          </article>
        );
      })}
    </section>
  );
}
