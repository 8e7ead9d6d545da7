/** Applications for a parcel and their qualification; bidder numbers only once bidding is over. */
import { useState } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import type { MessageKey } from "../../i18n/zh.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { wan } from "./money.ts";
import type { ApplicationRow } from "./trading-types.ts";
import { useResource } from "./use-resource.ts";

export function ApplicationsPanel({ parcelId, canDecide, onDecided }: { parcelId: string; canDecide: boolean; onDecided(): void }) {
  const { t } = useI18n();
  const { data, problem, reload } = useResource<{ identitiesOpen: boolean; items: ApplicationRow[] }>(`/api/trading/parcels/${parcelId}/applications`);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<Problem | null>(null);

  async function decide(id: string, approved: boolean) {
    setBusy(true);
    setErr(null);
    try {
      await post(`/api/trading/applications/${id}/decision`, approved ? { approved } : { approved, reason });
      setRejecting(null);
      setReason("");
      await reload();
      onDecided();
    } catch (e) {
      setErr(problemOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" data-testid="applications">
      <h2 className="card-title">
        {t("apps.title")}
        {data && <span className="card-count">{data.items.length}</span>}
      </h2>
      {data && !data.identitiesOpen && <p className="muted">{t("apps.identitiesSealed")}</p>}
      {problem && <ProblemMessage problem={problem} />}
      {err && <ProblemMessage problem={err} testId="apps-error" />}
      {data && data.items.length === 0 && <p className="muted">{t("apps.none")}</p>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("apps.col.applicant")}</th>
                <th>{t("apps.col.kind")}</th>
                <th>{t("apps.col.status")}</th>
                <th className="num">{t("apps.col.deposit")}</th>
                <th>{t("apps.col.bidderNo")}</th>
                {canDecide && <th />}
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) => (
                <tr key={a.id} data-testid="application-row">
                  <td>
                    {a.displayName}
                    <br />
                    <span className="muted small">{a.members.map((m) => `${m.name} ${m.idNumber}`).join("；")}</span>
                  </td>
                  <td>{t(a.kind === "sole" ? "apps.kind.sole" : "apps.kind.joint")}</td>
                  <td>
                    {t(`apps.status.${a.status}` as MessageKey)}
                    {a.rejectionReason && <div className="muted small">{a.rejectionReason}</div>}
                  </td>
                  <td className="num">
                    {wan(a.depositReceivedFen)} 万
                    <div className="muted small">{t(`dep.${a.depositStatus}` as MessageKey)}</div>
                  </td>
                  <td>{a.bidderNo ?? <span className="muted small">{t("apps.sealedNo")}</span>}</td>
                  {canDecide && (
                    <td>
                      {a.status === "submitted" && rejecting !== a.id && (
                        <div className="row-actions">
                          <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void decide(a.id, true)} data-testid="app-approve">
                            {t("apps.approve")}
                          </button>
                          <button type="button" className="btn btn-small" disabled={busy} onClick={() => setRejecting(a.id)} data-testid="app-reject">
                            {t("apps.reject")}
                          </button>
                        </div>
                      )}
                      {rejecting === a.id && (
                        <form
                          className="form-inline"
                          onSubmit={(e) => {
                            e.preventDefault();
                            void decide(a.id, false);
                          }}
                        >
                          <input required placeholder={t("apps.rejectReason")} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="app-reason" />
                          <button type="submit" className="btn btn-small" disabled={busy}>
                            {t("apps.reject")}
                          </button>
                        </form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
