/** Top band: product name, who is logged in with which roles, language, logout. */
import type { SessionUser } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { LanguageSwitch } from "./language-switch.tsx";
import { RoleList } from "./role-list.tsx";

export function AppHeader({ user, onLogout, loggingOut }: { user: SessionUser; onLogout(): void; loggingOut: boolean }) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <div className="header-brand">
        <div className="brand-name">{t("app.name")}</div>
        <div className="brand-sub">
          {t("app.console")} · <span className="brand-code">landtrade</span>
        </div>
      </div>
      <div className="header-user">
        <div className="header-who">
          <span className="header-name" data-testid="user-name">
            {user.displayName}
          </span>
          <span className="visually-hidden">{t("header.roles")}:</span>
          <RoleList roles={user.roles} testId="user-roles" />
        </div>
        <div className="header-actions">
          <LanguageSwitch className="on-dark" />
          <button type="button" className="btn btn-quiet on-dark" onClick={onLogout} disabled={loggingOut} data-testid="logout">
            {t("header.logout")}
          </button>
        </div>
      </div>
    </header>
  );
}
