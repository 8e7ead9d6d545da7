/** Audit-chain head and its timestamp anchoring; "verify chain" walks the chain on the server (the audit page's panel). */
import { formatTime, shortHash } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { AuditVerifyPanel } from "../audit/audit-verify-panel.tsx";
import type { Overview } from "./ops-types.ts";

const ANCHOR_CLASS: Record<string, string> = { current: "status-on", pending: "status-idle", overdue: "status-off", none: "status-off" };

export function AuditCard({ audit }: { audit: Overview["audit"] }) {
  const { t, locale } = useI18n();
  const a = audit.lastAnchor;
  return (
    <section className="card" aria-labelledby="ops-audit-title" data-testid="ops-audit">
      <h2 className="card-title" id="ops-audit-title">
        {t("ops.audit")}
      </h2>
      <p>
        <span data-testid="ops-audit-head" data-seq={audit.headSeq}>
          {t("ops.audit.head", { seq: audit.headSeq })}
        </span>{" "}
        <code className="small muted">{shortHash(audit.headHash)}</code>
      </p>
      <p>
        <span className={`status ${ANCHOR_CLASS[audit.anchorState] ?? ""}`} data-testid="ops-anchor-state" data-state={audit.anchorState}>
          {t(`ops.anchor.${audit.anchorState}`)}
        </span>
      </p>
      <p data-testid="ops-anchor-last">{a ? t("ops.audit.anchor", { time: formatTime(a.at, locale), seq: a.seq, tsa: a.tsaSerial, by: a.by }) : t("ops.audit.noAnchor")}</p>
      <p className="small muted">{t("ops.audit.every", { minutes: audit.anchorIntervalMinutes })}</p>
      <AuditVerifyPanel />
    </section>
  );
}
