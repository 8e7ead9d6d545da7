/** The logged-in layout: header, area navigation, the current area. */
import { useState } from "react";
import type { Session } from "../api/types.ts";
import { areaOfPath } from "../areas/catalog.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { useMeta } from "../meta.tsx";
import { usePath } from "../router.tsx";
import { AppHeader } from "./app-header.tsx";
import { AreaNav } from "./area-nav.tsx";
import { AreaOutlet } from "./area-outlet.tsx";

interface Props {
  session: Session;
  loggingOut: boolean;
  onLogout(): void;
  onPasswordChanged(): void;
}

export function AppShell({ session, loggingOut, onLogout, onPasswordChanged }: Props) {
  const { t } = useI18n();
  const meta = useMeta();
  const path = usePath();
  // The phone menu is open for the path it was opened on: navigating closes it.
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  const menuOpen = menuOpenAt === path;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <AppHeader user={session.user} onLogout={onLogout} loggingOut={loggingOut} />
      <div className="app-body">
        <AreaNav areas={session.areas} current={areaOfPath(path)} open={menuOpen} onToggle={() => setMenuOpenAt(menuOpen ? null : path)} />
        <main id="main" className="app-main" tabIndex={-1}>
          <AreaOutlet session={session} path={path} onPasswordChanged={onPasswordChanged} />
          {meta && (
            <footer className="app-footer">
              landtrade {meta.version} · API {meta.apiVersion}
            </footer>
          )}
        </main>
      </div>
    </div>
  );
}
