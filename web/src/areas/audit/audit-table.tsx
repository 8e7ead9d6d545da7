/** Audit entries, newest first; payloads fold open, hashes are shortened (full on hover). */
import type { AuditEntry } from "../../api/types.ts";
import { formatTime, shortHash } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";

function payloadText(p: unknown): string {
  try {
    return JSON.stringify(p) ?? "";
  } catch {
    return String(p);
  }
}

export function AuditTable({ items }: { items: AuditEntry[] }) {
  const { t, locale } = useI18n();
  const col = {
    seq: t("audit.col.seq"),
    at: t("audit.col.at"),
    actor: t("audit.col.actor"),
    action: t("audit.col.action"),
    subject: t("audit.col.subject"),
    payload: t("audit.col.payload"),
    hash: t("audit.col.hash"),
  };
  return (
    <table className="data-table stack-on-phone audit-table" data-testid="audit-table">
      <thead>
        <tr>
          {Object.values(col).map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((e) => {
          const text = payloadText(e.payload);
          return (
            <tr key={e.seq} data-testid="audit-row" data-seq={e.seq} data-action={e.action}>
              <td data-label={col.seq} className="num">
                {e.seq}
              </td>
              <td data-label={col.at} className="nowrap">
                {formatTime(e.at, locale)}
              </td>
              <td data-label={col.actor}>
                <code>{e.actor}</code>
              </td>
              <td data-label={col.action}>
                <code>{e.action}</code>
              </td>
              <td data-label={col.subject}>
                <code>{e.subject}</code>
              </td>
              <td data-label={col.payload} className="payload-cell">
                {text.length <= 48 ? (
                  <code className="wrap-anywhere">{text}</code>
                ) : (
                  <details>
                    <summary>
                      <code>{text.slice(0, 44)}…</code>
                    </summary>
                    <pre className="payload-full">{JSON.stringify(e.payload, null, 2)}</pre>
                  </details>
                )}
              </td>
              <td data-label={col.hash}>
                <code title={e.hash}>{shortHash(e.hash)}</code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
