/**
 * The bidder portal at /portal: certificate login with the browser token,
 * online pre-application, certificate download (EST) into the browser
 * token, my certificates with revocation/suspension requests, and a demo
 * import page. No staff session is involved.
 */
import { useCallback, useEffect, useState } from "react";
import { setCsrfToken } from "../api/client.ts";
import { LanguageSwitch } from "../components/language-switch.tsx";
import { Link, navigate, usePath } from "../router.tsx";
import { ApplyPage } from "./pages/apply-page.tsx";
import { EnrollPage } from "./pages/enroll-page.tsx";
import { ImportPage } from "./pages/import-page.tsx";
import { LoginPage } from "./pages/login-page.tsx";
import { MyCertsPage } from "./pages/my-certs-page.tsx";
import { portalApi, type BidderSession } from "./portal-api.ts";
import { usePortalText, type PortalKey } from "./portal-text.ts";
import "../areas/ra/ra.css";
import "./portal.css";

export const isPortalPath = (p: string) => p === "/portal" || p.startsWith("/portal/");

const PAGES: { path: string; key: PortalKey; id: string }[] = [
  { path: "/portal", key: "portal.nav.login", id: "login" },
  { path: "/portal/apply", key: "portal.nav.apply", id: "apply" },
  { path: "/portal/enroll", key: "portal.nav.enroll", id: "enroll" },
  { path: "/portal/certificates", key: "portal.nav.certs", id: "certs" },
  { path: "/portal/import", key: "portal.nav.import", id: "import" },
];

export function PortalApp() {
  const { t } = usePortalText();
  const path = usePath();
  const [session, setSession] = useState<BidderSession | null>(null);

  const refresh = useCallback(async () => {
    try {
      const s = await portalApi.me();
      setCsrfToken(s.csrfToken);
      setSession(s);
    } catch {
      setSession(null);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function logout() {
    await portalApi.logout().catch(() => undefined);
    setCsrfToken(null);
    setSession(null);
    navigate("/portal");
  }

  const page = path.replace(/\/$/, "") || "/portal";
  return (
    <div className="portal" data-testid="portal">
      <header className="portal-header">
        <div>
          <div className="brand-name">{t("portal.title")}</div>
          <div className="brand-sub">{t("portal.sub")}</div>
        </div>
        <div className="portal-who">
          {session && (
            <>
              <span data-testid="portal-bidder">{t("portal.loggedInAs", { name: session.bidder.displayName, serial: session.bidder.certSerial.slice(0, 12) })}</span>
              <button type="button" className="btn btn-small" onClick={() => void logout()} data-testid="portal-logout">
                {t("portal.logout")}
              </button>
            </>
          )}
          <LanguageSwitch />
        </div>
      </header>
      <nav className="portal-nav">
        {PAGES.map((p) => (
          <Link key={p.id} to={p.path} className={`portal-nav-link ${page === p.path ? "is-active" : ""}`} data-testid={`portal-nav-${p.id}`}>
            {t(p.key)}
          </Link>
        ))}
        <a className="portal-nav-link portal-staff" href="/">
          {t("portal.nav.staff")}
        </a>
      </nav>
      <main className="portal-main">
        {page === "/portal" && (
          <LoginPage
            onLoggedIn={(s) => {
              setSession(s);
              navigate("/portal/certificates");
            }}
          />
        )}
        {page === "/portal/apply" && <ApplyPage />}
        {page === "/portal/enroll" && <EnrollPage />}
        {page === "/portal/certificates" && <MyCertsPage session={session} />}
        {page === "/portal/import" && <ImportPage />}
      </main>
    </div>
  );
}
