/** An API error for people: the message in the current language, then the code (and details) in small print. */
import { BAD_RESPONSE, NETWORK_ERROR } from "../api/client.ts";
import type { Problem } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";

export function ProblemMessage({ problem, testId = "problem" }: { problem: Problem; testId?: string }) {
  const { lang, t } = useI18n();
  let message = lang === "zh" ? problem.messageZh : problem.messageEn;
  if (problem.code === NETWORK_ERROR) message = t("error.network");
  else if (problem.code === BAD_RESPONSE || !message) message = t("error.unexpected", { status: problem.status });

  return (
    <div className="alert alert-error" role="alert" data-testid={testId} data-code={problem.code}>
      <p className="alert-message">{message}</p>
      {typeof problem.retryAfter === "number" && <p>{t("error.retryAfter", { seconds: problem.retryAfter })}</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul className="alert-fields">
          {problem.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <code>{e.field}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
      <p className="alert-meta">
        {t("error.code")}: <code data-testid={`${testId}-code`}>{problem.code}</code>
        {problem.detail && !problem.errors && <> · {problem.detail}</>}
        {problem.requestId && (
          <>
            {" "}
            · {t("error.requestId")}: <code>{problem.requestId}</code>
          </>
        )}
      </p>
    </div>
  );
}

/** A short success or information line. */
export function Notice({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="alert alert-info" role="status" data-testid={testId}>
      <p className="alert-message">{text}</p>
    </div>
  );
}
