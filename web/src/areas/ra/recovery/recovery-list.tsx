/** Key recovery requests (escrowed encryption keys) and their approvals under dual control. */
import { useCallback, useEffect, useState } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { raApi, type Recovery } from "../ra-api.ts";
import { useRaText } from "../ra-text.ts";

export function RecoveryList({ me }: { me: string }) {
  const { t, locale } = useRaText();
  const [items, setItems] = useState<Recovery[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const load = useCallback(async () => {
    try {
      setItems((await raApi.recoveries()).items);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card" data-testid="ra-recovery">
      <h2 className="card-title">{t("ra.recovery.title")}</h2>
      <p className="muted">{t("ra.recovery.hint")}</p>
      {problem && <ProblemMessage problem={problem} />}
      {items?.length === 0 && <p className="muted">{t("ra.recovery.none")}</p>}
      {items?.map((r) => (
        <article key={r.id} className="ra-app">
          <div className="ra-app-head">
            <span>
              <strong>{t(r.kind === "holder" ? "ra.recovery.holder" : "ra.recovery.judicial")}</strong> · {r.reason} {r.caseRef ? `· ${r.caseRef}` : ""}
              <span className="ra-sub">
                {r.requestedBy} · {formatTime(r.createdAt, locale)} · {t("ra.recovery.approvals")}: {r.approvals.map((a) => a.by).join("、") || "—"}
              </span>
            </span>
            <span className="badge badge-info">{r.state}</span>
          </div>
          {r.state === "requested" && r.requestedBy !== me && !r.approvals.some((a) => a.by === me) && (
            <button type="button" className="btn btn-small" onClick={() => void raApi.approveRecovery(r.id).then(load, (e) => setProblem(problemOf(e)))}>
              {t("ra.recovery.approve")}
            </button>
          )}
        </article>
      ))}
    </section>
  );
}
