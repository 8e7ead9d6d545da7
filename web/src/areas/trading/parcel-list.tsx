/** All parcels with their sale's phase, price and next deadline. */
import { Link } from "../../router.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { PhaseBadge } from "./phase-badge.tsx";
import { wan } from "./money.ts";
import type { ListItem } from "./trading-types.ts";
import { useResource } from "./use-resource.ts";

export function ParcelList({ base, onNew }: { base: string; onNew?: () => void }) {
  const { t, locale } = useI18n();
  const { data, problem, reload } = useResource<{ items: ListItem[] }>("/api/trading/parcels");
  return (
    <section className="card" data-testid="parcel-list">
      <h2 className="card-title">
        {t("trading.parcels")}
        {data && <span className="card-count">{data.items.length}</span>}
        <span className="card-actions">
          <button type="button" className="btn" onClick={() => void reload()}>
            {t("common.refresh")}
          </button>
          {onNew && (
            <button type="button" className="btn btn-primary" onClick={onNew} data-testid="parcel-new">
              {t("trading.newParcel")}
            </button>
          )}
        </span>
      </h2>
      {problem && <ProblemMessage problem={problem} />}
      {data === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : data.items.length === 0 ? (
        <p className="muted">{t("trading.noParcels")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("trading.col.parcelNo")}</th>
                <th>{t("trading.col.name")}</th>
                <th>{t("trading.col.phase")}</th>
                <th className="num">{t("trading.col.startPrice")}</th>
                <th className="num">{t("trading.col.highest")}</th>
                <th>{t("trading.col.listing")}</th>
                <th>{t("trading.col.deadline")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map(({ parcel: p, view: v }) => (
                <tr key={p.id} data-testid="parcel-row" data-parcel-no={p.parcelNo}>
                  <td>
                    <Link to={`${base}/parcels/${p.id}`}>{p.parcelNo}</Link>
                  </td>
                  <td>{p.name}</td>
                  <td>
                    <PhaseBadge phase={v.phase} />
                  </td>
                  <td className="num">{wan(p.startPriceFen)}</td>
                  <td className="num">{v.highest ? wan(v.highest.amountFen) : "—"}</td>
                  <td className="nowrap">
                    {formatTime(v.listingStart, locale)}
                    <br />
                    {formatTime(v.listingEnd, locale)}
                  </td>
                  <td className="nowrap">{v.deadline ? formatTime(v.deadline, locale) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
