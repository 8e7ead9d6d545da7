/** Certificate / CA status as a coloured word. */
import { useI18n } from "../../i18n/i18n.tsx";
import type { MessageKey } from "../../i18n/zh.ts";

const CLASS: Record<string, string> = { issued: "status-on", active: "status-on", revoked: "status-off", expired: "status-off", hold: "status-warn", pending: "status-warn", notYetValid: "status-warn" };

export function StatusBadge({ status, expired, testId }: { status: string; expired?: boolean; testId?: string }) {
  const { t } = useI18n();
  const shown = expired && status === "issued" ? "expired" : status;
  return (
    <span className={`status ${CLASS[shown] ?? ""}`} data-testid={testId} data-status={shown}>
      {t(`pki.status.${shown}` as MessageKey)}
    </span>
  );
}
