/** Sets a new password for another staff member (ends their sessions). */
import { useState, type FormEvent } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function PasswordResetForm({ username, onDone, onCancel }: { username: string; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await post<void>(`/api/staff/${encodeURIComponent(username)}/password`, { password });
      onDone();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form form-inline" onSubmit={submit} data-testid="staff-reset-form">
      <label className="field">
        <span className="field-label">{t("staff.resetFor", { username })}</span>
        <input
          type="password"
          autoComplete="new-password"
          required
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="staff-reset-password"
        />
        <span className="field-hint">{t("staff.create.passwordHint")}</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="staff-reset-submit">
          {t("common.save")}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
      {problem && <ProblemMessage problem={problem} testId="staff-reset-error" />}
    </form>
  );
}
