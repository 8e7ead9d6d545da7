/**
 * Top level: asks the server who is logged in, then shows either the login
 * page or the app shell. A session lost mid-way (expired, ended elsewhere)
 * brings the login page back with the server's reason.
 */
import { useCallback, useEffect, useState } from "react";
import { get, post, problemOf, setCsrfToken, setSessionLostHandler, SESSION_LOST } from "./api/client.ts";
import type { Session } from "./api/types.ts";
import { areaOfPath, areaPath } from "./areas/catalog.ts";
import { AppShell } from "./components/app-shell.tsx";
import { LoginPage, type LoginNotice } from "./components/login-page.tsx";
import { useI18n } from "./i18n/i18n.tsx";
import { navigate } from "./router.tsx";

type State = { kind: "loading" } | { kind: "out"; notice: LoginNotice | null } | { kind: "in"; session: Session };

export function App() {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: "loading" });
  const [loggingOut, setLoggingOut] = useState(false);

  const enter = useCallback((session: Session, fromLogin: boolean) => {
    setCsrfToken(session.csrfToken);
    // After a login, land on the first area unless the address already names one this user has.
    const wanted = areaOfPath(window.location.pathname);
    const first = session.areas[0];
    if (first && (wanted === null || (fromLogin && !session.areas.some((a) => a.id === wanted)))) {
      navigate(areaPath(first.id), { replace: true });
    }
    setState({ kind: "in", session });
  }, []);

  const leave = useCallback((notice: LoginNotice | null) => {
    setCsrfToken(null);
    setState({ kind: "out", notice });
  }, []);

  useEffect(() => {
    setSessionLostHandler((problem) => leave({ problem }));
    let live = true;
    get<Session>("/api/auth/me", { quiet401: true }).then(
      (s) => live && enter(s, false),
      (e: unknown) => {
        if (!live) return;
        const problem = problemOf(e);
        // No session is the normal start; anything else is worth showing.
        leave(SESSION_LOST.has(problem.code) ? null : { problem });
      },
    );
    return () => {
      live = false;
      setSessionLostHandler(null);
    };
  }, [enter, leave]);

  async function logout() {
    setLoggingOut(true);
    try {
      await post<void>("/api/auth/logout", undefined, { quiet401: true });
      leave({ key: "login.loggedOut" });
    } catch (e) {
      const problem = problemOf(e);
      // An already-ended session is logged out all the same.
      leave(SESSION_LOST.has(problem.code) ? { key: "login.loggedOut" } : { problem });
    } finally {
      setLoggingOut(false);
    }
  }

  if (state.kind === "loading") {
    return (
      <div className="splash" data-testid="splash">
        {t("common.loading")}
      </div>
    );
  }
  if (state.kind === "out") return <LoginPage notice={state.notice} onLoggedIn={(s) => enter(s, true)} />;
  return (
    <AppShell
      session={state.session}
      loggingOut={loggingOut}
      onLogout={() => void logout()}
      onPasswordChanged={() => leave({ key: "login.passwordChanged" })}
    />
  );
}
