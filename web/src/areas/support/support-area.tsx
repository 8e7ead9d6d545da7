/**
 * The support and emergency desk (seed §3–§4): a tab per group — service
 * desk, tech support, experts, local service point, managers' escalations —
 * plus the archive, reports, notifications and mail. /support/<tab> and
 * /support/incidents/<number>.
 */
import { useEffect, useState } from "react";
import { get } from "../../api/client.ts";
import type { Session } from "../../api/types.ts";
import { Link, navigate } from "../../router.tsx";
import { EscalationsPage } from "./escalations-page.tsx";
import { IncidentPage } from "./incident-page.tsx";
import { NewIncidentForm } from "./new-incident-form.tsx";
import { QueuePage } from "./queue-page.tsx";
import { ReportsPage } from "./reports-page.tsx";
import { ArchivePage, DispatchList, ExpertPage, MailPage, NotificationsPage } from "./side-pages.tsx";
import { SupportMetaContext, type SupportMeta } from "./support-api.ts";
import { useSupportT, type SupportKey } from "./support-i18n.ts";

const MANAGERS = ["customer_manager", "tech_support_manager", "cto", "president"];
const ENGINEERS = ["service_desk", "tech_support", "local_service_point"];

const TABS: { id: string; label: SupportKey; roles: string[] | "all" }[] = [
  { id: "desk", label: "tab.desk", roles: ["service_desk", ...MANAGERS] },
  { id: "tech", label: "tab.tech", roles: ["tech_support", ...MANAGERS] },
  { id: "expert", label: "tab.expert", roles: ["expert"] },
  { id: "local", label: "tab.local", roles: ["local_service_point", "service_desk", ...MANAGERS] },
  { id: "escalations", label: "tab.escalations", roles: "all" },
  { id: "new", label: "tab.new", roles: ENGINEERS },
  { id: "archive", label: "tab.archive", roles: "all" },
  { id: "reports", label: "tab.reports", roles: "all" },
  { id: "notifications", label: "tab.notifications", roles: "all" },
  { id: "mail", label: "tab.mail", roles: ["service_desk", "tech_support", ...MANAGERS] },
];

const HOME_BY_ROLE: [string, string][] = [
  ["service_desk", "desk"],
  ["tech_support", "tech"],
  ["local_service_point", "local"],
  ["expert", "expert"],
];

export function SupportArea({ session, path }: { session: Session; path: string }) {
  const { st } = useSupportT();
  const [meta, setMeta] = useState<SupportMeta | null>(null);
  const [unread, setUnread] = useState(0);
  const roles = session.user.roles;
  const tabs = TABS.filter((t) => t.roles === "all" || t.roles.some((r) => roles.includes(r)));
  const home = HOME_BY_ROLE.find(([r]) => roles.includes(r))?.[1] ?? "escalations";
  const parts = path.split("/").filter(Boolean).slice(1);
  const tab = parts[0] ?? null;

  useEffect(() => {
    let live = true;
    get<SupportMeta>("/api/support/meta").then((m) => live && setMeta(m), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    get<{ unread: number }>("/api/support/notifications?unread=true&limit=1").then((r) => setUnread(r.unread), () => undefined);
  }, [path]);
  useEffect(() => {
    if (tab === null) navigate(`/support/${home}`, { replace: true });
  }, [tab, home]);

  let body: React.ReactNode = null;
  if (tab === "incidents" && parts[1]) body = <IncidentPage no={parts[1]} me={session.user} back={`/support/${home}`} />;
  else if (tab === "desk") body = <QueuePage title="queue.desk" queue="service_desk" testId="queue-desk" />;
  else if (tab === "tech") body = <QueuePage title="queue.tech" queue="tech_support" testId="queue-tech" />;
  else if (tab === "local")
    body = (
      <QueuePage title="queue.local" queue="local_service_point" testId="queue-local">
        <DispatchList canAct={roles.includes("local_service_point")} />
      </QueuePage>
    );
  else if (tab === "expert") body = <ExpertPage />;
  else if (tab === "escalations") body = <EscalationsPage me={session.user} />;
  else if (tab === "new") body = <NewIncidentForm />;
  else if (tab === "archive") body = <ArchivePage />;
  else if (tab === "reports") body = <ReportsPage />;
  else if (tab === "notifications") body = <NotificationsPage />;
  else if (tab === "mail") body = <MailPage />;

  return (
    <SupportMetaContext.Provider value={meta}>
      <section className="page support" data-testid="support-area">
        <header className="page-head">
          <h1 className="page-title">{st("area.title")}</h1>
        </header>
        <nav className="support-tabs" aria-label="support">
          {tabs.map((t) => (
            <Link key={t.id} to={`/support/${t.id}`} className={`support-tab ${tab === t.id ? "is-active" : ""}`} aria-current={tab === t.id ? "page" : undefined} data-testid={`tab-${t.id}`}>
              {st(t.label)}
              {t.id === "notifications" && unread > 0 && (
                <span className="tab-badge" data-testid="unread-badge">
                  {unread}
                </span>
              )}
            </Link>
          ))}
        </nav>
        {body}
      </section>
    </SupportMetaContext.Provider>
  );
}
