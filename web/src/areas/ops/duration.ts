/** "60 s" / "15 min" style intervals in the current language. */
import type { Translate } from "../../i18n/i18n.tsx";

export function interval(t: Translate, seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? t("ops.minutes", { n: seconds / 60 }) : t("ops.seconds", { n: seconds });
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Milliseconds for people: one decimal under 10 ms, whole numbers above. */
export function ms(n: number): string {
  return n < 10 ? n.toFixed(1) : String(Math.round(n));
}
