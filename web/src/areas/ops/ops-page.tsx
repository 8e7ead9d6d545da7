/**
 * The ops dashboard (role ops): component status and every health probe with
 * its history chart and "run now", node roles and the leader lease, backups
 * and their verification, the audit chain and its anchors, security-service
 * statistics. Polls the overview every few seconds (history less often) while
 * the tab is visible; a failed refresh keeps the last data and says so.
 */
import { useCallback, useMemo, useState } from "react";
import { get } from "../../api/client.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { AuditCard } from "./audit-card.tsx";
import { BackupCard } from "./backup-card.tsx";
import { NodesCard } from "./nodes-card.tsx";
import type { Overview, ProbeResultView, RecentHistory } from "./ops-types.ts";
import { ComponentTiles, HISTORY_SLOTS, ProbesCard } from "./probes-card.tsx";
import { SecurityCard } from "./security-card.tsx";
import { usePoll } from "./use-poll.ts";

const OVERVIEW_MS = 5_000;
const HISTORY_MS = 15_000;

export function OpsPage() {
  const { t, locale } = useI18n();
  const [live, setLive] = useState(true);
  const overview = usePoll(useCallback(() => get<Overview>("/api/ops/overview"), []), OVERVIEW_MS, live);
  const history = usePoll(useCallback(() => get<RecentHistory>(`/api/ops/probes/recent?limit=${HISTORY_SLOTS}`), []), HISTORY_MS, live);
  const byProbe = useMemo(() => new Map<string, ProbeResultView[]>((history.data?.items ?? []).map((i) => [i.probe, i.results])), [history.data]);
  const refreshAll = useCallback(async () => {
    await Promise.all([overview.reload(), history.reload()]);
  }, [overview, history]);
  const o = overview.data;

  return (
    <section className="page ops-page" data-testid="ops-area">
      <header className="page-head">
        <h1 className="page-title">{t("ops.title")}</h1>
        <div className="ops-head-tools">
          {o && (
            <span className="small muted" data-testid="ops-updated" aria-live="off">
              {live ? t("ops.updated", { time: formatTime(o.generatedAt, locale), seconds: OVERVIEW_MS / 1000 }) : t("ops.paused")}
            </span>
          )}
          <button type="button" className="btn btn-small" onClick={() => setLive((v) => !v)} data-testid="ops-live-toggle" aria-pressed={!live}>
            {live ? t("ops.pause") : t("ops.resume")}
          </button>
          <button type="button" className="btn btn-small" onClick={() => void refreshAll()} data-testid="ops-refresh">
            {t("common.refresh")}
          </button>
        </div>
      </header>
      {overview.problem && (
        <>
          {o && <p className="alert alert-warn">{t("ops.staleData", { time: formatTime(o.generatedAt, locale) })}</p>}
          <ProblemMessage problem={overview.problem} testId="ops-error" />
        </>
      )}
      {!o ? (
        !overview.problem && <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          <ComponentTiles components={o.components} probes={o.probes} />
          <ProbesCard probes={o.probes} history={byProbe} onChanged={refreshAll} />
          <div className="ops-grid">
            <NodesCard cluster={o.cluster} />
            <BackupCard backups={o.backups} now={o.generatedAt} onChanged={refreshAll} />
            <AuditCard audit={o.audit} />
            <SecurityCard security={o.security} />
          </div>
          <p className="small muted" data-testid="ops-database">
            {t("ops.database", { kind: o.database.kind, fsync: o.database.fsync ? "" : t("ops.database.nofsync") })}
          </p>
        </>
      )}
    </section>
  );
}
