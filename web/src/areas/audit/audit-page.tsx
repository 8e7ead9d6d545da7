/** Audit log: newest first, filter by subject/action, page back with beforeSeq, verify the chain. */
import { useCallback, useEffect, useState } from "react";
import { get, problemOf, query } from "../../api/client.ts";
import type { AuditEntry, Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { AuditFilter, type AuditFilterValue } from "./audit-filter.tsx";
import { AuditTable } from "./audit-table.tsx";
import { AuditVerifyPanel } from "./audit-verify-panel.tsx";

const PAGE = 50;

export function AuditPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<AuditFilterValue>({ subject: "", action: "" });
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const fetchPage = useCallback(async (f: AuditFilterValue, beforeSeq?: number) => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await get<{ items: AuditEntry[] }>(`/api/audit${query({ subject: f.subject.trim(), action: f.action.trim(), beforeSeq, limit: PAGE })}`);
      setItems((prev) => (beforeSeq === undefined || !prev ? r.items : [...prev, ...r.items]));
      setHasMore(r.items.length === PAGE);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void fetchPage(filter);
  }, [fetchPage, filter]);

  const last = items?.[items.length - 1];

  return (
    <section className="page" data-testid="audit-page">
      <header className="page-head">
        <h1 className="page-title">{t("area.audit")}</h1>
      </header>
      <AuditVerifyPanel />
      <section className="card">
        <AuditFilter value={filter} onApply={setFilter} busy={busy} />
        {problem && <ProblemMessage problem={problem} testId="audit-error" />}
        {items === null ? (
          <p className="muted">{t("common.loading")}</p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="audit-empty">
            {t("audit.empty")}
          </p>
        ) : (
          <>
            <AuditTable items={items} />
            <div className="table-foot">
              <span className="muted">{t("audit.shown", { n: items.length })}</span>
              {hasMore && last ? (
                <button type="button" className="btn" disabled={busy} onClick={() => void fetchPage(filter, last.seq)} data-testid="audit-load-more">
                  {busy ? t("common.loading") : t("audit.loadMore")}
                </button>
              ) : (
                <span className="muted" data-testid="audit-end">
                  {t("audit.end")}
                </span>
              )}
            </div>
          </>
        )}
      </section>
    </section>
  );
}
