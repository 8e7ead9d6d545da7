/** One parcel: facts, sale, actions (administrator), notices, applications, reserve, events. */
import { useState } from "react";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { ApplicationsPanel } from "./applications-panel.tsx";
import { EventsPanel } from "./events-panel.tsx";
import { NoticesPanel } from "./notices-panel.tsx";
import { ParcelForm } from "./parcel-form.tsx";
import { ReservePanel } from "./reserve-panel.tsx";
import { SaleActions } from "./sale-actions.tsx";
import { SaleOverview } from "./sale-overview.tsx";
import type { ParcelDetail as Detail } from "./trading-types.ts";
import { useResource } from "./use-resource.ts";

export function ParcelDetail({ id, base, role }: { id: string; base: string; role: "admin" | "supervisor" }) {
  const { t } = useI18n();
  const { data, problem, reload, setData } = useResource<Detail>(`/api/trading/parcels/${id}`);
  const [editing, setEditing] = useState(false);
  const [version, setVersion] = useState(0);
  const changed = (d: Detail) => {
    setData(d);
    setVersion((v) => v + 1);
  };

  return (
    <section className="page" data-testid="parcel-detail">
      <header className="page-head">
        <h1 className="page-title">{data ? `${data.parcel.parcelNo} ${data.parcel.name}` : t("common.loading")}</h1>
        <div className="row-actions">
          <Link to={base} className="btn">
            {t("trading.back")}
          </Link>
          <button type="button" className="btn" onClick={() => void reload().then(() => setVersion((v) => v + 1))}>
            {t("common.refresh")}
          </button>
          {role === "admin" && data?.parcel.phase === "draft" && !editing && (
            <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="parcel-edit">
              {t("parcel.edit")}
            </button>
          )}
        </div>
      </header>
      {problem && <ProblemMessage problem={problem} />}
      {data && editing && (
        <ParcelForm
          existing={data}
          onCancel={() => setEditing(false)}
          onSaved={(d) => {
            setEditing(false);
            changed(d);
          }}
        />
      )}
      {data && !editing && (
        <>
          <SaleOverview d={data} />
          {role === "admin" && <SaleActions d={data} onChanged={changed} />}
          <NoticesPanel notices={data.notices} />
          {data.parcel.phase !== "draft" && <ApplicationsPanel parcelId={id} canDecide={role === "admin"} onDecided={() => void reload()} />}
          {data.parcel.phase !== "draft" && <ReservePanel parcelId={id} role={role} />}
          <EventsPanel parcelId={id} version={version} />
        </>
      )}
    </section>
  );
}
