/** My bidding: my applications (bidder number, deposit sub-account and status, deals) and parcels open for application. */
import { useCallback, useEffect, useState } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { PhaseBadge } from "../../areas/trading/phase-badge.tsx";
import { wan } from "../../areas/trading/money.ts";
import type { Parcel, SaleView } from "../../areas/trading/trading-types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { Link } from "../../router.tsx";
import { biddingApi, type MyApplication } from "../bidding/bidding-api.ts";
import { usePortalText } from "../portal-text.ts";

type Mine = { application: MyApplication; parcel: Parcel; view: SaleView };

export function TradingPage({ bidderNos }: { bidderNos?: (nos: string[]) => void }) {
  const { t, locale } = usePortalText();
  const [mine, setMine] = useState<Mine[] | null>(null);
  const [open, setOpen] = useState<{ parcel: Parcel; view: SaleView }[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [account, setAccount] = useState("");

  const load = useCallback(async () => {
    try {
      const [m, p] = await Promise.all([biddingApi.applications(), biddingApi.parcels()]);
      setMine(m.items);
      bidderNos?.(m.items.map((x) => x.application.bidderNo));
      setOpen(p.items.filter((x) => ["announced", "listing"].includes(x.parcel.phase) && !m.items.some((y) => y.parcel.id === x.parcel.id)));
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, [bidderNos]);
  useEffect(() => {
    void load();
  }, [load]);

  async function apply(parcelId: string) {
    setProblem(null);
    try {
      await biddingApi.apply(parcelId, { kind: "sole", payerAccounts: [account.trim()] });
      await load();
    } catch (e) {
      setProblem(problemOf(e));
    }
  }

  return (
    <section className="card" data-testid="portal-trading">
      <h1 className="card-title">{t("portal.trading.title")}</h1>
      {problem && <ProblemMessage problem={problem} testId="portal-trading-error" />}
      <h2 className="section-title">{t("portal.trading.mine")}</h2>
      {mine && mine.length === 0 && <p className="muted">{t("portal.trading.none")}</p>}
      <ul className="portal-keys">
        {mine?.map(({ application: a, parcel: p, view: v }) => (
          <li key={a.id} className="portal-key" data-testid="portal-application" data-parcel={p.id} data-bidder-no={a.bidderNo}>
            <span>
              <strong>
                {p.parcelNo} {p.name}
              </strong>{" "}
              <PhaseBadge phase={v.phase} />
              <span className="ra-sub">
                {t("portal.trading.bidderNo")}: <code data-testid="portal-bidder-no">{a.bidderNo}</code> · {t("portal.trading.depositAccount")}: <code>{a.depositAccount}</code> · {t("portal.trading.deposit")}: <span data-testid="portal-deposit-status">{t(`portal.deposit.${a.depositStatus}` as never)}</span> ({wan(a.depositReceivedFen)} / {wan(p.depositFen)} {t("portal.trading.wan")}) · {t("portal.trading.status")}: {t(`portal.app.${a.status}` as never)}
                {a.rejectionReason ? ` · ${a.rejectionReason}` : ""}
              </span>
              {v.result && (
                <span className="ra-sub" data-testid="portal-deal" data-outcome={v.result.outcome} data-won={v.result.winner?.bidderNo === a.bidderNo ? "yes" : "no"}>
                  {v.result.winner?.bidderNo === a.bidderNo ? t("portal.trading.won", { amount: wan(v.result.winner.amountFen) }) : t(`portal.outcome.${v.result.outcome}` as never)} · {formatTime(v.result.at, locale)}
                  {v.result.winner?.bidderNo === a.bidderNo && (
                    <>
                      {" · "}
                      <a href={`/api/bidder/parcels/${p.id}/deal-confirmation`} data-testid="portal-deal-pdf">
                        {t("portal.trading.dealPdf")}
                      </a>
                      {" · "}
                      <a href={`/api/bidder/parcels/${p.id}/deal-confirmation?format=cms`} data-testid="portal-deal-cms">
                        {t("portal.trading.dealCms")}
                      </a>
                    </>
                  )}
                </span>
              )}
            </span>
            <Link to={`/portal/room/${p.id}`} className="btn btn-primary" data-testid="portal-enter-room">
              {t("portal.trading.enter")}
            </Link>
          </li>
        ))}
      </ul>
      <h2 className="section-title">{t("portal.trading.open")}</h2>
      {open.length === 0 && <p className="muted">{t("portal.trading.noneOpen")}</p>}
      <label className="field" hidden={open.length === 0}>
        <span className="field-label">{t("portal.trading.payer")}</span>
        <input value={account} onChange={(e) => setAccount(e.target.value)} inputMode="numeric" data-testid="portal-payer-account" />
      </label>
      <ul className="portal-keys">
        {open.map(({ parcel: p, view: v }) => (
          <li key={p.id} className="portal-key" data-testid="portal-open-parcel" data-parcel={p.id}>
            <span>
              <strong>
                {p.parcelNo} {p.name}
              </strong>{" "}
              <PhaseBadge phase={v.phase} />
              <span className="ra-sub">
                {p.location} · {p.areaM2} m² · {t("portal.trading.start")} {wan(p.startPriceFen)} {t("portal.trading.wan")} · {t("portal.trading.deposit")} {wan(p.depositFen)} {t("portal.trading.wan")} · {t("portal.trading.cutoff")} {formatTime(p.depositCutoff, locale)}
              </span>
            </span>
            <button type="button" className="btn" disabled={!/^\d{8,32}$/.test(account.trim())} onClick={() => void apply(p.id)} data-testid="portal-apply-parcel">
              {t("portal.trading.apply")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
