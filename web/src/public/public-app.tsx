/**
 * The public help centre (no login): /help, /help/search, /help/articles/:slug,
 * /help/downloads, /help/diagnose. Chinese by default, English on request,
 * laptop and phone.
 */
import { LanguageSwitch } from "../components/language-switch.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { Link, usePath } from "../router.tsx";
import { ArticlePage } from "./article-page.tsx";
import { DiagnosePage } from "./diagnose/diagnose-page.tsx";
import { DownloadsPage } from "./downloads-page.tsx";
import "./help.css";
import { HelpHome } from "./help-home.tsx";
import { useKbText } from "./kb-text.ts";
import { SearchPage } from "./search-page.tsx";

/** Paths this app answers (the staff app gets everything else). */
export const isPublicPath = (path: string): boolean => path === "/help" || path.startsWith("/help/");

function Screen({ path }: { path: string }) {
  const parts = path.split("/").filter(Boolean);
  if (parts.length === 1) return <HelpHome />;
  if (parts[1] === "search" && parts.length === 2) return <SearchPage />;
  if (parts[1] === "downloads" && parts.length === 2) return <DownloadsPage />;
  if (parts[1] === "diagnose" && parts.length === 2) return <DiagnosePage />;
  if (parts[1] === "articles" && parts.length === 3) return <ArticlePage slug={decodeURIComponent(parts[2]!)} />;
  return <ArticlePage slug="" />;
}

export function PublicApp() {
  const { t } = useKbText();
  const { t: tApp } = useI18n();
  const path = usePath();
  const nav: [string, Parameters<typeof t>[0]][] = [
    ["/help", "help.nav.home"],
    ["/help/downloads", "help.nav.downloads"],
    ["/help/diagnose", "help.nav.diagnose"],
  ];
  return (
    <div className="help-app">
      <header className="help-header">
        <div className="help-header-inner">
          <Link to="/help" className="help-brand" data-testid="help-brand">
            <span className="help-brand-name">{tApp("app.name")}</span>
            <span className="help-brand-sub">{t("help.title")}</span>
          </Link>
          <div className="help-header-actions">
            <LanguageSwitch />
            <a className="btn btn-quiet help-staff-link" href="/">
              {t("help.nav.staff")}
            </a>
          </div>
        </div>
        <nav className="help-nav" aria-label={t("help.title")}>
          {nav.map(([to, key]) => (
            <Link key={to} to={to} className={`help-nav-link${path === to ? " is-current" : ""}`} aria-current={path === to ? "page" : undefined} data-testid={`help-nav-${to.split("/")[2] ?? "home"}`}>
              {t(key)}
            </Link>
          ))}
        </nav>
      </header>
      <main className="help-main" id="main">
        <Screen path={path} />
      </main>
      <footer className="help-footer">
        <span>{tApp("app.name")}</span> · <span>{t("help.title")}</span>
      </footer>
    </div>
  );
}
