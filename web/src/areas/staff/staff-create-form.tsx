/** New staff account: user name, name, optional email, initial password, roles. */
import { useState, type FormEvent } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem, StaffAccount } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { useMeta } from "../../meta.tsx";

const EMPTY = { username: "", displayName: "", email: "", password: "" };

export function StaffCreateForm({ onCreated }: { onCreated(u: StaffAccount): void }) {
  const { t, lang } = useI18n();
  const meta = useMeta();
  const [fields, setFields] = useState(EMPTY);
  const [roles, setRoles] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [rolesMissing, setRolesMissing] = useState(false);

  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setFields({ ...fields, [k]: e.target.value });
  const toggleRole = (id: string) => {
    setRolesMissing(false);
    setRoles((rs) => (rs.includes(id) ? rs.filter((r) => r !== id) : [...rs, id]));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (roles.length === 0) {
      setRolesMissing(true);
      return;
    }
    setBusy(true);
    try {
      const body = {
        username: fields.username.trim(),
        displayName: fields.displayName.trim(),
        ...(fields.email.trim() ? { email: fields.email.trim() } : {}),
        roles,
        password: fields.password,
      };
      const u = await post<StaffAccount>("/api/staff", body);
      setFields(EMPTY);
      setRoles([]);
      onCreated(u);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h2 className="card-title">{t("staff.create.title")}</h2>
      <form className="form form-grid" onSubmit={submit} data-testid="staff-create-form">
        <label className="field">
          <span className="field-label">{t("staff.create.username")}</span>
          <input
            required
            maxLength={32}
            autoCapitalize="none"
            spellCheck={false}
            autoComplete="off"
            value={fields.username}
            onChange={set("username")}
            data-testid="staff-create-username"
          />
          <span className="field-hint">{t("staff.create.usernameHint")}</span>
        </label>
        <label className="field">
          <span className="field-label">{t("staff.create.displayName")}</span>
          <input required maxLength={100} autoComplete="off" value={fields.displayName} onChange={set("displayName")} data-testid="staff-create-displayName" />
        </label>
        <label className="field">
          <span className="field-label">{t("staff.create.email")}</span>
          <input type="email" maxLength={200} autoComplete="off" value={fields.email} onChange={set("email")} data-testid="staff-create-email" />
        </label>
        <label className="field">
          <span className="field-label">{t("staff.create.password")}</span>
          <input
            type="password"
            required
            maxLength={200}
            autoComplete="new-password"
            value={fields.password}
            onChange={set("password")}
            data-testid="staff-create-password"
          />
          <span className="field-hint">{t("staff.create.passwordHint")}</span>
        </label>
        <fieldset className="field field-wide role-picker">
          <legend className="field-label">{t("staff.create.roles")}</legend>
          {meta === null ? (
            <p className="muted">{t("common.loading")}</p>
          ) : (
            <div className="checkbox-grid">
              {meta.roles.map((r) => (
                <label key={r.id} className="checkbox">
                  <input type="checkbox" checked={roles.includes(r.id)} onChange={() => toggleRole(r.id)} data-testid={`staff-create-role-${r.id}`} />
                  <span>{r[lang]}</span>
                </label>
              ))}
            </div>
          )}
          {rolesMissing && (
            <p className="field-error" role="alert" data-testid="staff-create-roles-missing">
              {t("staff.create.rolesRequired")}
            </p>
          )}
        </fieldset>
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="staff-create-submit">
            {t("staff.create.submit")}
          </button>
        </div>
        {problem && (
          <div className="field-wide">
            <ProblemMessage problem={problem} testId="staff-create-error" />
          </div>
        )}
      </form>
    </section>
  );
}
