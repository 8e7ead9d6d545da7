/** The staff login form; shows why the last attempt (or the last session) failed. */
import { useState, type FormEvent } from "react";
import { post, problemOf } from "../api/client.ts";
import type { Problem, Session } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import type { MessageKey } from "../i18n/zh.ts";
import { LanguageSwitch } from "./language-switch.tsx";
import { Notice, ProblemMessage } from "./problem-message.tsx";

export interface LoginNotice {
  problem?: Problem;
  key?: MessageKey;
}

export function LoginPage({ notice, onLoggedIn }: { notice: LoginNotice | null; onLoggedIn(s: Session): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const s = await post<Session>("/api/auth/login", { username: username.trim(), password }, { quiet401: true });
      onLoggedIn(s);
    } catch (err) {
      setProblem(problemOf(err));
      setPassword("");
    } finally {
      setBusy(false);
    }
  }

  const shown = problem ?? notice?.problem ?? null;

  return (
    <div className="login-screen">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <main className="login-card" aria-labelledby="login-title">
        <div className="login-brand">
          <div className="brand-name">{t("app.name")}</div>
          <div className="brand-sub">
            {t("app.console")} · <span className="brand-code">landtrade</span>
          </div>
        </div>
        <h1 id="login-title">{t("login.title")}</h1>
        {!problem && notice?.key && <Notice text={t(notice.key)} testId="login-notice" />}
        {shown && <ProblemMessage problem={shown} testId="login-error" />}
        <form onSubmit={submit} className="form" data-testid="login-form">
          <label className="field">
            <span className="field-label">{t("login.username")}</span>
            <input
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              maxLength={64}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="login-username"
            />
          </label>
          <label className="field">
            <span className="field-label">{t("login.password")}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={200}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </label>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
            {busy ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
        <p className="login-footnote">{t("login.notice")}</p>
      </main>
    </div>
  );
}
