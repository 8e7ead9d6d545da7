/** The staff account table; on phones each row becomes a labelled card (CSS). */
import { Fragment, useState } from "react";
import type { StaffAccount } from "../../api/types.ts";
import { RoleList } from "../../components/role-list.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { PasswordResetForm } from "./password-reset-form.tsx";

interface Props {
  items: StaffAccount[];
  me: string;
  busyUser: string | null;
  onToggle(u: StaffAccount): void;
  onResetDone(username: string): void;
}

export function StaffTable({ items, me, busyUser, onToggle, onResetDone }: Props) {
  const { t, locale } = useI18n();
  const [resetting, setResetting] = useState<string | null>(null);
  const col = {
    username: t("staff.col.username"),
    displayName: t("staff.col.displayName"),
    email: t("staff.col.email"),
    roles: t("staff.col.roles"),
    status: t("staff.col.status"),
    createdAt: t("staff.col.createdAt"),
    actions: t("staff.col.actions"),
  };

  return (
    <table className="data-table stack-on-phone" data-testid="staff-table">
      <thead>
        <tr>
          {Object.values(col).map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((u) => (
          <Fragment key={u.id}>
            <tr data-testid={`staff-row-${u.username}`} className={u.disabled ? "is-disabled" : ""}>
              <td data-label={col.username}>
                <span>
                  <code>{u.username}</code>
                  {u.username === me && <span className="muted"> {t("common.yourAccount")}</span>}
                </span>
              </td>
              <td data-label={col.displayName}>{u.displayName}</td>
              <td data-label={col.email} className="wrap-anywhere">
                {u.email ?? t("common.none")}
              </td>
              <td data-label={col.roles}>
                <RoleList roles={u.roles} />
              </td>
              <td data-label={col.status}>
                <span className={`status ${u.disabled ? "status-off" : "status-on"}`} data-testid="staff-status">
                  {u.disabled ? t("staff.status.disabled") : t("staff.status.active")}
                </span>
              </td>
              <td data-label={col.createdAt} className="nowrap">
                {formatTime(u.createdAt, locale)}
              </td>
              <td data-label={col.actions}>
                <div className="row-actions">
                  {u.username !== me && (
                    <button type="button" className="btn btn-small" disabled={busyUser === u.username} onClick={() => onToggle(u)} data-testid="staff-toggle">
                      {u.disabled ? t("staff.enable") : t("staff.disable")}
                    </button>
                  )}
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-expanded={resetting === u.username}
                    onClick={() => setResetting(resetting === u.username ? null : u.username)}
                    data-testid="staff-reset"
                  >
                    {t("staff.resetPassword")}
                  </button>
                </div>
              </td>
            </tr>
            {resetting === u.username && (
              <tr className="row-detail">
                <td colSpan={7}>
                  <PasswordResetForm
                    username={u.username}
                    onCancel={() => setResetting(null)}
                    onDone={() => {
                      setResetting(null);
                      onResetDone(u.username);
                    }}
                  />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
