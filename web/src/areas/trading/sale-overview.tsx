/** A parcel's facts and its sale as it stands: phase, price, deadline, result. */
import { formatTime } from "../../format.ts";
import type { MessageKey } from "../../i18n/zh.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { Countdown } from "./countdown.tsx";
import { PhaseBadge } from "./phase-badge.tsx";
import { wan } from "./money.ts";
import type { ParcelDetail } from "./trading-types.ts";

export function SaleOverview({ d }: { d: ParcelDetail }) {
  const { t, locale } = useI18n();
  const p = d.parcel;
  const v = d.view;
  const fact = (label: MessageKey, value: string) => (
    <>
      <dt>{t(label)}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <div className="sale-grid">
      <section className="card">
        <h2 className="card-title">
          {p.parcelNo} {p.name} <PhaseBadge phase={v.phase} />
        </h2>
        <dl className="facts">
          {fact("parcel.location", `${p.location}（${p.district}）`)}
          {fact("parcel.areaM2", p.areaM2)}
          {fact("parcel.landUse", p.landUse)}
          {fact("parcel.termYears", String(p.termYears))}
          {fact("parcel.plotRatio", p.plotRatio)}
          {p.planning.buildingDensity && fact("parcel.buildingDensity", p.planning.buildingDensity)}
          {p.planning.greenRatio && fact("parcel.greenRatio", p.planning.greenRatio)}
          {p.planning.heightLimit && fact("parcel.heightLimit", p.planning.heightLimit)}
          {fact("parcel.startPrice", wan(p.startPriceFen))}
          {fact("parcel.increment", wan(p.incrementFen))}
          {fact("parcel.deposit", wan(p.depositFen))}
          {fact("parcel.qualificationMode", t(p.qualificationMode === "before" ? "parcel.qm.before" : "parcel.qm.after"))}
          {fact("parcel.listingStart", formatTime(v.listingStart, locale))}
          {fact("parcel.listingEnd", formatTime(v.listingEnd, locale))}
          {fact("parcel.depositCutoff", formatTime(v.depositCutoff, locale))}
        </dl>
        {d.postponements > 0 && <p className="muted">{t("parcel.postponements", { n: d.postponements })}</p>}
      </section>
      <section className="card sale-now" data-testid="sale-overview">
        <h2 className="card-title">{t("sale.overview")}</h2>
        <p className="sale-price">
          <span className="muted">{t("sale.highest")}</span>
          <strong data-testid="sale-highest">{v.highest ? `${wan(v.highest.amountFen)} 万元` : t("sale.noBid")}</strong>
          {v.highest && <span className="muted">{t("sale.highestBy", { no: v.highest.bidderNo })}</span>}
        </p>
        <dl className="facts">
          {v.minNextFen && fact("sale.minNext", `${wan(v.minNextFen)} 万元`)}
          {fact("sale.bidCount", String(v.bidCount))}
          {v.deadline && fact("sale.deadline", formatTime(v.deadline, locale))}
        </dl>
        {v.deadline && (
          <p className="sale-countdown">
            {t("sale.remaining")} <Countdown deadline={v.deadline} testId="sale-countdown" />
          </p>
        )}
        {v.suspendedReason && <p className="alert alert-warn">{t("sale.suspendedBecause", { reason: v.suspendedReason })}</p>}
        {v.result && (
          <div className="alert alert-ok" data-testid="sale-result">
            <p className="alert-message">
              {t("sale.result")}：{t(`phase.${v.result.outcome}` as MessageKey)}
              {v.result.winner && ` · ${wan(v.result.winner.amountFen)} 万元 · ${t("sale.highestBy", { no: v.result.winner.bidderNo })}`}
            </p>
            {v.result.outcome !== "terminated" && (
              <p>
                {t("sale.reserve")}：{v.result.reserveFen ? `${wan(v.result.reserveFen)} 万元` : t("sale.noReserve")}
              </p>
            )}
          </div>
        )}
        {v.phase !== "draft" && (
          <p>
            <a href={`/board/${p.id}`} target="_blank" rel="noopener" data-testid="open-board">
              {t("sale.board")}
            </a>
          </p>
        )}
      </section>
    </div>
  );
}
