/** Deposits: payments to review, statement import, refunds and their tracking. */
import { useState, type ChangeEvent } from "react";
import { post, problemOf, query } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import type { MessageKey } from "../../i18n/zh.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { yuan } from "./money.ts";
import type { Payment, Refund } from "./trading-types.ts";
import { useResource } from "./use-resource.ts";

function PaymentsTable({ items, canResolve, onResolved }: { items: Payment[]; canResolve: boolean; onResolved(): void }) {
  const { t, locale } = useI18n();
  const [note, setNote] = useState<Record<string, string>>({});
  const [err, setErr] = useState<Problem | null>(null);
  return (
    <div className="table-wrap">
      {err && <ProblemMessage problem={err} />}
      <table className="data-table">
        <thead>
          <tr>
            <th>{t("deposits.col.bankRef")}</th>
            <th>{t("deposits.col.subAccount")}</th>
            <th>{t("deposits.col.payer")}</th>
            <th className="num">{t("deposits.col.amount")}</th>
            <th>{t("deposits.col.arrivedAt")}</th>
            <th>{t("deposits.col.outcome")}</th>
            {canResolve && <th />}
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id} data-testid="payment-row" data-outcome={p.outcome}>
              <td>{p.bankRef}</td>
              <td>{p.subAccount}</td>
              <td>
                {p.payerName}
                <div className="muted small">{p.payerAccount}</div>
              </td>
              <td className="num">{yuan(p.amountFen)}</td>
              <td className="nowrap">{formatTime(p.arrivedAt, locale)}</td>
              <td>
                {t(`outcome.${p.outcome}` as MessageKey)}
                {p.reviewNote && <div className="muted small">{p.reviewNote}</div>}
              </td>
              {canResolve && (
                <td>
                  {p.review === "open" && (
                    <form
                      className="form-inline"
                      onSubmit={(e) => {
                        e.preventDefault();
                        post(`/api/trading/payments/${p.id}/resolve`, { note: note[p.id] ?? "" }).then(onResolved, (x: unknown) => setErr(problemOf(x)));
                      }}
                    >
                      <input required minLength={2} placeholder={t("deposits.note")} value={note[p.id] ?? ""} onChange={(e) => setNote({ ...note, [p.id]: e.target.value })} />
                      <button type="submit" className="btn btn-small">
                        {t("deposits.resolve")}
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
  );
}

function RefundsTable({ items, canAct, onChanged }: { items: Refund[]; canAct: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const [ref, setRef] = useState<Record<string, string>>({});
  const [err, setErr] = useState<Problem | null>(null);
  const act = (url: string, body: unknown) => post(url, body).then(onChanged, (x: unknown) => setErr(problemOf(x)));
  return (
    <div className="table-wrap">
      {err && <ProblemMessage problem={err} />}
      <table className="data-table">
        <thead>
          <tr>
            <th>{t("deposits.col.reason")}</th>
            <th>{t("deposits.col.payee")}</th>
            <th className="num">{t("deposits.col.amount")}</th>
            <th>{t("deposits.col.due")}</th>
            <th>{t("deposits.col.status")}</th>
            {canAct && <th />}
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={f.id} data-testid="refund-row" data-status={f.status}>
              <td>{t(`refund.${f.reason}` as MessageKey)}</td>
              <td>
                {f.payeeName}
                <div className="muted small">{f.payeeAccount}</div>
              </td>
              <td className="num">{yuan(f.amountFen)}</td>
              <td className="nowrap">{f.dueDate}</td>
              <td>
                {t(`refundStatus.${f.status}` as MessageKey)}
                {f.bankRef && <div className="muted small">{f.bankRef}</div>}
              </td>
              {canAct && (
                <td>
                  {f.status === "due" && (
                    <form
                      className="form-inline"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void act(`/api/trading/refunds/${f.id}/sent`, { bankRef: ref[f.id] ?? "" });
                      }}
                    >
                      <input required placeholder={t("deposits.bankRef")} value={ref[f.id] ?? ""} onChange={(e) => setRef({ ...ref, [f.id]: e.target.value })} />
                      <button type="submit" className="btn btn-small">
                        {t("deposits.markSent")}
                      </button>
                    </form>
                  )}
                  {f.status === "sent" && (
                    <button type="button" className="btn btn-small" onClick={() => void act(`/api/trading/refunds/${f.id}/confirmed`, {})}>
                      {t("deposits.markConfirmed")}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DepositsPage({ canAct }: { canAct: boolean }) {
  const { t } = useI18n();
  const review = useResource<{ items: Payment[] }>(`/api/trading/payments${query({ review: "open" })}`);
  const all = useResource<{ items: Payment[] }>("/api/trading/payments");
  const refunds = useResource<{ items: Refund[] }>("/api/trading/refunds");
  const [imported, setImported] = useState<string | null>(null);
  const [err, setErr] = useState<Problem | null>(null);
  const reloadAll = () => {
    void review.reload();
    void all.reload();
    void refunds.reload();
  };

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setErr(null);
    setImported(null);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = "";
    for (const b of bytes) bin += String.fromCharCode(b);
    try {
      const r = await post<{ encoding: string; lines: number; recorded: number; duplicates: number; flagged: number }>("/api/trading/statements", { fileName: file.name, contentBase64: btoa(bin) });
      setImported(t("deposits.imported", r));
      reloadAll();
    } catch (x) {
      setErr(problemOf(x));
    }
  }

  return (
    <section data-testid="deposits-page">
      <header className="page-head">
        <h1 className="page-title">{t("trading.deposits")}</h1>
        <button type="button" className="btn" onClick={reloadAll}>
          {t("common.refresh")}
        </button>
      </header>
      {canAct && (
        <section className="card">
          <h2 className="card-title">{t("deposits.import")}</h2>
          <p className="muted">{t("deposits.importHint")}</p>
          <input type="file" accept=".csv,text/csv" onChange={(e) => void importFile(e)} data-testid="statement-file" />
          <div aria-live="polite">
            {imported && <Notice text={imported} testId="statement-imported" />}
            {err && <ProblemMessage problem={err} testId="statement-error" />}
          </div>
        </section>
      )}
      <section className="card">
        <h2 className="card-title">
          {t("deposits.review")} {review.data && <span className="card-count">{review.data.items.length}</span>}
        </h2>
        {review.data && review.data.items.length === 0 ? <p className="muted">{t("deposits.noReview")}</p> : review.data && <PaymentsTable items={review.data.items} canResolve={canAct} onResolved={reloadAll} />}
      </section>
      <section className="card">
        <h2 className="card-title">
          {t("deposits.refunds")} {refunds.data && <span className="card-count">{refunds.data.items.length}</span>}
        </h2>
        {refunds.data && refunds.data.items.length === 0 ? <p className="muted">{t("deposits.noRefunds")}</p> : refunds.data && <RefundsTable items={refunds.data.items} canAct={canAct} onChanged={reloadAll} />}
      </section>
      <section className="card">
        <details>
          <summary className="card-title">
            {t("deposits.all")} {all.data && <span className="card-count">{all.data.items.length}</span>}
          </summary>
          {all.data && <PaymentsTable items={all.data.items} canResolve={false} onResolved={reloadAll} />}
        </details>
      </section>
    </section>
  );
}
