/** The RA account system for staff: desk (operators), approval queue (auditors), USB keys, certificates, key recovery. */
import { useState } from "react";
import type { Session } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { CertList } from "./certs/cert-list.tsx";
import { DeskPage } from "./desk/desk-page.tsx";
import { AuditorQueue } from "./queue/auditor-queue.tsx";
import { RecoveryList } from "./recovery/recovery-list.tsx";
import { useRaText, type RaKey } from "./ra-text.ts";
import { TokenInventory } from "./tokens/token-inventory.tsx";
import "./ra.css";

type Tab = "desk" | "queue" | "tokens" | "certs" | "recovery";

export function RaPage({ session }: { session: Session }) {
  const { t: tt } = useI18n();
  const { t } = useRaText();
  const roles = session.user.roles;
  const me = `staff:${session.user.username}`;
  const tabs: Tab[] = [
    ...(roles.includes("ra_operator") || roles.includes("ra_admin") ? (["desk"] as const) : []),
    ...(roles.includes("ra_auditor") ? (["queue"] as const) : []),
    "tokens",
    "certs",
    ...(roles.includes("ra_auditor") || roles.includes("ra_admin") ? (["recovery"] as const) : []),
  ];
  const [tab, setTab] = useState<Tab>(tabs[0]!);
  const canWrite = roles.includes("ra_operator") || roles.includes("ra_admin");

  return (
    <section className="page ra" data-testid="ra-page">
      <header className="page-head">
        <h1 className="page-title">{tt("area.ra")}</h1>
      </header>
      <nav className="ra-tabs" role="tablist">
        {tabs.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={`ra-tab ${tab === x ? "is-active" : ""}`} onClick={() => setTab(x)} data-testid={`ra-tab-${x}`}>
            {t(`ra.tab.${x}` as RaKey)}
          </button>
        ))}
      </nav>
      {tab === "desk" && <DeskPage />}
      {tab === "queue" && <AuditorQueue me={me} />}
      {tab === "tokens" && <TokenInventory canWrite={canWrite} />}
      {tab === "certs" && <CertList />}
      {tab === "recovery" && <RecoveryList me={me} />}
    </section>
  );
}
