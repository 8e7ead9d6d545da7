/** The sale's phase as a coloured badge. */
import type { MessageKey } from "../../i18n/zh.ts";
import { useI18n } from "../../i18n/i18n.tsx";

const TONE: Record<string, string> = {
  draft: "muted",
  announced: "info",
  listing: "live",
  intent: "live",
  timed: "hot",
  awaitingResult: "info",
  awaitingQualification: "info",
  suspended: "warn",
  sold: "ok",
  withdrawn: "muted",
  terminated: "err",
};

export function PhaseBadge({ phase }: { phase: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${TONE[phase] ?? "muted"}`} data-phase={phase}>
      {t(`phase.${phase}` as MessageKey)}
    </span>
  );
}
