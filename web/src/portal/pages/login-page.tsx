/** Certificate login: pick a key with a certificate from the browser token; it signs the server's one-time challenge. */
import { useEffect, useState } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { portalApi, type BidderSession } from "../portal-api.ts";
import { usePortalText } from "../portal-text.ts";
import { browserToken, type TokenKeyInfo } from "../token/browser-token.ts";

export function LoginPage({ onLoggedIn }: { onLoggedIn(s: BidderSession): void }) {
  const { t, locale } = usePortalText();
  const [keys, setKeys] = useState<TokenKeyInfo[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    browserToken.list().then(setKeys, (e: unknown) => setProblem(problemOf(e)));
  }, []);

  async function login(k: TokenKeyInfo) {
    setBusy(k.id);
    setProblem(null);
    try {
      onLoggedIn(await portalApi.login(k.certificate!, await browserToken.signer(k.id)));
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(null);
    }
  }

  const usable = keys?.filter((k) => k.certificate) ?? [];
  return (
    <section className="card" data-testid="portal-login">
      <h1 className="card-title">{t("portal.login.title")}</h1>
      <p className="muted">{t("portal.login.hint")}</p>
      {keys && usable.length === 0 && <p data-testid="portal-login-none">{t("portal.login.none")}</p>}
      <ul className="portal-keys">
        {usable.map((k) => (
          <li key={k.id} className="portal-key" data-testid="portal-key" data-suite={k.suite}>
            <span>
              <strong>{k.label}</strong>
              <span className="ra-sub">
                {t("portal.key.suite")}: {k.suite} · {t("portal.key.serial")}: <code>{k.serial}</code> · {formatTime(k.created, locale)}
              </span>
            </span>
            <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void login(k)} data-testid="portal-login-use">
              {busy === k.id ? t("portal.login.busy") : t("portal.login.use")}
            </button>
          </li>
        ))}
      </ul>
      {problem && <ProblemMessage problem={problem} testId="portal-login-error" />}
    </section>
  );
}
