/** The sale's notices, newest last, each with its number. */
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { Notice } from "./trading-types.ts";

export function NoticesPanel({ notices }: { notices: Notice[] }) {
  const { t, locale } = useI18n();
  return (
    <section className="card" data-testid="notices">
      <h2 className="card-title">
        {t("notices.title")}
        <span className="card-count">{notices.length}</span>
      </h2>
      {notices.length === 0 ? (
        <p className="muted">{t("notices.none")}</p>
      ) : (
        <ol className="notice-list">
          {notices.map((n) => (
            <li key={n.id} data-kind={n.kind}>
              <details>
                <summary>
                  <strong>{n.title}</strong> <span className="muted">{n.number} · {formatTime(n.publishedAt, locale)}</span>
                </summary>
                <p className="notice-body">{n.body}</p>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
