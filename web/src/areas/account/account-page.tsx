/** My account: who I am, my roles, this session, change my password. */
import type { Session } from "../../api/types.ts";
import { RoleList } from "../../components/role-list.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ChangePasswordForm } from "./change-password-form.tsx";

export function AccountPage({ session, onPasswordChanged }: { session: Session; onPasswordChanged(): void }) {
  const { t, locale } = useI18n();
  const u = session.user;
  return (
    <section className="page" data-testid="account-page">
      <header className="page-head">
        <h1 className="page-title">{t("area.account")}</h1>
      </header>
      <section className="card">
        <h2 className="card-title">{t("account.info")}</h2>
        <dl className="facts">
          <dt>{t("account.username")}</dt>
          <dd>
            <code data-testid="account-username">{u.username}</code>
          </dd>
          <dt>{t("account.displayName")}</dt>
          <dd>{u.displayName}</dd>
          <dt>{t("account.email")}</dt>
          <dd>{u.email ?? t("common.none")}</dd>
          <dt>{t("account.roles")}</dt>
          <dd>
            <RoleList roles={u.roles} testId="account-roles" />
          </dd>
          <dt>{t("account.expires")}</dt>
          <dd>{formatTime(session.expiresAt, locale)}</dd>
        </dl>
      </section>
      <ChangePasswordForm username={u.username} onChanged={onPasswordChanged} />
    </section>
  );
}
