/**
 * The trading area (and, read-only, the supervision area): its own small
 * router under /trading or /supervision — parcels, a parcel, new parcel,
 * deposits, calendar.
 */
import { Link, navigate } from "../../router.tsx";
import { NotFound } from "../../components/not-found.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { CalendarPage } from "./calendar-page.tsx";
import { DepositsPage } from "./deposits-page.tsx";
import { ParcelDetail } from "./parcel-detail.tsx";
import { ParcelForm } from "./parcel-form.tsx";
import { ParcelList } from "./parcel-list.tsx";

export function TradingPage({ path, role }: { path: string; role: "admin" | "supervisor" }) {
  const { t } = useI18n();
  const base = role === "admin" ? "/trading" : "/supervision";
  const rest = path.slice(base.length).split("/").filter(Boolean);
  const tab = (to: string, label: string, active: boolean) => (
    <Link to={to} className={`tab${active ? " is-active" : ""}`} aria-current={active ? "page" : undefined}>
      {label}
    </Link>
  );
  const [first, second] = rest;

  let body;
  if (!first) body = <ParcelList base={base} onNew={role === "admin" ? () => navigate(`${base}/new`) : undefined} />;
  else if (first === "new" && role === "admin") body = <ParcelForm onCancel={() => navigate(base)} onSaved={(d) => navigate(`${base}/parcels/${d.parcel.id}`)} />;
  else if (first === "parcels" && second) return <ParcelDetail key={second} id={second} base={base} role={role} />;
  else if (first === "deposits") body = <DepositsPage canAct={role === "admin"} />;
  else if (first === "calendar") body = <CalendarPage canEdit={role === "admin"} />;
  else return <NotFound path={path} home={base} />;
  const active = first ?? "parcels";

  return (
    <section className="page" data-testid={`${role === "admin" ? "trading" : "supervision"}-page`}>
      <header className="page-head">
        <h1 className="page-title">{role === "admin" ? t("area.trading") : t("supervision.title")}</h1>
      </header>
      {role === "supervisor" && <p className="muted">{t("supervision.readOnly")}</p>}
      <nav className="tabs">
        {tab(base, t("trading.parcels"), active === "parcels" || active === "new")}
        {tab(`${base}/deposits`, t("trading.deposits"), active === "deposits")}
        {tab(`${base}/calendar`, t("trading.calendar"), active === "calendar")}
      </nav>
      {body}
    </section>
  );
}
