/** The sale's event log (qualification and deposit events sealed until bidding is over). */
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { wan } from "./money.ts";
import type { SaleEventRow } from "./trading-types.ts";
import { useResource } from "./use-resource.ts";

function describe(e: Record<string, unknown>): string {
  const amount = e.amount as { $fen?: string } | undefined;
  const parts = Object.entries(e)
    .filter(([k]) => k !== "type" && k !== "amount")
    .map(([k, v]) => `${k}=${typeof v === "object" && v && "$t" in v ? String((v as { $t: string }).$t) : JSON.stringify(v)}`);
  return [String(e.type), amount?.$fen ? `${wan(amount.$fen)} 万元` : "", ...parts].filter(Boolean).join(" · ");
}

export function EventsPanel({ parcelId, version }: { parcelId: string; version: number }) {
  const { t, locale } = useI18n();
  const { data } = useResource<{ items: SaleEventRow[] }>(`/api/trading/parcels/${parcelId}/events?v=${version}`);
  return (
    <section className="card" data-testid="events">
      <details>
        <summary className="card-title">
          {t("events.title")} {data && <span className="card-count">{data.items.length}</span>}
        </summary>
        {data && (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("events.col.seq")}</th>
                  <th>{t("events.col.at")}</th>
                  <th>{t("events.col.actor")}</th>
                  <th>{t("events.col.event")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((e) => (
                  <tr key={e.seq}>
                    <td className="num">{e.seq}</td>
                    <td className="nowrap">{formatTime(e.at, locale)}</td>
                    <td>{e.actor}</td>
                    <td className="wrap-anywhere">{describe(e.event)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </section>
  );
}
