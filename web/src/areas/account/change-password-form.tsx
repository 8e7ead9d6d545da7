/** Change your own password; on success the server ends the session and the app returns to login. */
import { useState, type FormEvent } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

const EMPTY = { current: "", next: "", confirm: "" };

export function ChangePasswordForm({ username, onChanged }: { username: string; onChanged(): void }) {
  const { t } = useI18n();
  const [f, setF] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [mismatch, setMismatch] = useState(false);

  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => {
    setMismatch(false);
    setF({ ...f, [k]: e.target.value });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (f.next !== f.confirm) {
      setMismatch(true);
      return;
    }
    setBusy(true);
    try {
      await post<void>("/api/auth/password", { currentPassword: f.current, newPassword: f.next }, { quiet401: true });
      onChanged();
    } catch (err) {
      setProblem(problemOf(err));
      setF(EMPTY);
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h2 className="card-title">{t("account.changePassword")}</h2>
      <p className="muted">{t("account.afterChange")}</p>
      <form className="form form-narrow" onSubmit={submit} data-testid="password-form">
        {/* Lets password managers tie the new password to this account. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <label className="field">
          <span className="field-label">{t("account.current")}</span>
          <input type="password" required maxLength={200} autoComplete="current-password" value={f.current} onChange={set("current")} data-testid="password-current" />
        </label>
        <label className="field">
          <span className="field-label">{t("account.new")}</span>
          <input type="password" required maxLength={200} autoComplete="new-password" value={f.next} onChange={set("next")} data-testid="password-new" />
          <span className="field-hint">{t("staff.create.passwordHint")}</span>
        </label>
        <label className="field">
          <span className="field-label">{t("account.confirm")}</span>
          <input type="password" required maxLength={200} autoComplete="new-password" value={f.confirm} onChange={set("confirm")} data-testid="password-confirm" />
        </label>
        {mismatch && (
          <p className="field-error" role="alert" data-testid="password-mismatch">
            {t("account.mismatch")}
          </p>
        )}
        {problem && <ProblemMessage problem={problem} testId="password-error" />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="password-submit">
            {t("account.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
