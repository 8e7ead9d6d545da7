/** The RA desk's messages in the current language (the shared I18nProvider chooses it). */
import { format, useI18n } from "../../i18n/i18n.tsx";
import { RA_EN } from "./ra-text-en.ts";
import { RA_ZH, type RaKey } from "./ra-text-zh.ts";

export type { RaKey } from "./ra-text-zh.ts";
export type RaTranslate = (key: RaKey, vars?: Record<string, string | number>) => string;

export function useRaText(): { t: RaTranslate; lang: "zh" | "en"; locale: string } {
  const { lang, locale } = useI18n();
  const dict = lang === "en" ? RA_EN : RA_ZH;
  return { t: (key, vars) => format(dict[key], vars), lang, locale };
}
