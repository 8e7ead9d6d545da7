/** Users & roles (ops): the account list, enable/disable, password reset, new accounts. */
import { useCallback, useEffect, useState } from "react";
import { get, patch, problemOf } from "../../api/client.ts";
import type { Problem, SessionUser, StaffAccount } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { StaffCreateForm } from "./staff-create-form.tsx";
import { StaffTable } from "./staff-table.tsx";

export function StaffPage({ me }: { me: SessionUser }) {
  const { t } = useI18n();
  const [items, setItems] = useState<StaffAccount[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busyUser, setBusyUser] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await get<{ items: StaffAccount[] }>("/api/staff");
      setItems(r.items);
      return true;
    } catch (e) {
      setProblem(problemOf(e));
      return false;
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const report = (text: string | null, p: Problem | null) => {
    setNotice(text);
    setProblem(p);
  };

  async function toggle(u: StaffAccount) {
    setBusyUser(u.username);
    try {
      const updated = await patch<StaffAccount>(`/api/staff/${encodeURIComponent(u.username)}`, { disabled: !u.disabled });
      setItems((list) => list?.map((x) => (x.username === updated.username ? updated : x)) ?? null);
      report(t(updated.disabled ? "staff.disabledDone" : "staff.enabledDone", { username: updated.username }), null);
    } catch (e) {
      report(null, problemOf(e));
    } finally {
      setBusyUser(null);
    }
  }

  return (
    <section className="page" data-testid="staff-page">
      <header className="page-head">
        <h1 className="page-title">{t("area.staff")}</h1>
        <button type="button" className="btn" onClick={() => void load().then((ok) => ok && report(null, null))}>
          {t("common.refresh")}
        </button>
      </header>
      <div aria-live="polite">
        {notice && <Notice text={notice} testId="staff-notice" />}
        {problem && <ProblemMessage problem={problem} testId="staff-error" />}
      </div>

      <section className="card">
        <h2 className="card-title">
          {t("staff.list")}
          {items && <span className="card-count">{t("staff.count", { n: items.length })}</span>}
        </h2>
        {items === null ? (
          <p className="muted">{t("common.loading")}</p>
        ) : (
          <StaffTable
            items={items}
            me={me.username}
            busyUser={busyUser}
            onToggle={(u) => void toggle(u)}
            onResetDone={(username) => report(t("staff.resetDone", { username }), null)}
          />
        )}
      </section>

      <StaffCreateForm
        onCreated={(u) => {
          setItems((list) => (list ? [...list, u] : [u]));
          report(t("staff.create.done", { username: u.username }), null);
        }}
      />
    </section>
  );
}
