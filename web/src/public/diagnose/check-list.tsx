/** The outcome of each check, grouped by section, with a status badge. */
import { useKbText, type KbKey } from "../kb-text.ts";
import type { CheckResult, CheckStatus, Section } from "./report.ts";

const SECTIONS: [Section, KbKey][] = [
  ["browser", "diag.section.browser"],
  ["token", "diag.section.token"],
  ["cert", "diag.section.cert"],
  ["clock", "diag.section.clock"],
  ["network", "diag.section.network"],
];

export function StatusBadge({ status }: { status: CheckStatus }) {
  const { t } = useKbText();
  return <span className={`diag-badge diag-${status}`}>{t(`diag.status.${status}` as KbKey)}</span>;
}

export function CheckList({ results }: { results: CheckResult[] }) {
  const { t } = useKbText();
  return (
    <div className="diag-results" data-testid="diag-results">
      {SECTIONS.map(([section, title]) => {
        const rows = results.filter((r) => r.section === section);
        if (rows.length === 0) return null;
        return (
          <section key={section} className="diag-section">
            <h2>{t(title)}</h2>
            <ul className="diag-list">
              {rows.map((r) => (
                <li key={r.id} className="diag-row" data-testid={`diag-${r.id}`} data-status={r.status}>
                  <StatusBadge status={r.status} />
                  <div>
                    <div className="diag-row-title">{t(r.title)}</div>
                    <div className="diag-row-message">{t(r.message, r.vars)}</div>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
