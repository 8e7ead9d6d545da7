/** "Verify chain": walks the whole audit chain on the server and shows OK or the first break. */
import { useState } from "react";
import { get, problemOf } from "../../api/client.ts";
import type { AuditVerify, Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function AuditVerifyPanel() {
  const { t } = useI18n();
  const [result, setResult] = useState<AuditVerify | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function verify() {
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      setResult(await get<AuditVerify>("/api/audit/verify"));
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="verify-panel">
      <button type="button" className="btn btn-primary" onClick={() => void verify()} disabled={busy} data-testid="audit-verify">
        {busy ? t("audit.verifying") : t("audit.verify")}
      </button>
      <div aria-live="polite" className="verify-result-slot">
        {result && (
          <div
            className={`alert ${result.ok ? "alert-ok" : "alert-error"}`}
            role={result.ok ? "status" : "alert"}
            data-testid="audit-verify-result"
            data-ok={String(result.ok)}
          >
            <p className="alert-message">
              {!result.firstBreak
                ? t("audit.verifyOk", { entries: result.entries, seq: result.head.seq })
                : t("audit.verifyBroken", { seq: result.firstBreak.seq, reason: result.firstBreak.reason })}
            </p>
            <p data-testid="audit-anchors" data-ok={String(result.anchors.ok)}>
              {result.anchors.firstFailure
                ? t("audit.anchorsBroken", { id: result.anchors.firstFailure.id, seq: result.anchors.firstFailure.seq, reason: result.anchors.firstFailure.reason })
                : result.anchors.count
                  ? t("audit.anchorsOk", { count: result.anchors.count, seq: result.anchors.lastAnchoredSeq ?? 0 })
                  : t("audit.anchorsNone")}
            </p>
            <p className="alert-meta">
              {t("audit.headHash")}: <code className="wrap-anywhere">{result.head.hash}</code>
            </p>
          </div>
        )}
        {problem && <ProblemMessage problem={problem} testId="audit-verify-error" />}
      </div>
    </div>
  );
}
