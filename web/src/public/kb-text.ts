/**
 * Messages of the help centre, the self-diagnosis and the staff KB editor.
 * Kept apart from i18n/zh.ts so this area does not edit the shared
 * dictionary; the language itself comes from the shared I18nProvider.
 */
import { format, useI18n } from "../i18n/i18n.tsx";
import { KB_EN } from "./kb-text-en.ts";
import { KB_ZH, type KbKey } from "./kb-text-zh.ts";

export type { KbKey } from "./kb-text-zh.ts";

export type KbTranslate = (key: KbKey, vars?: Record<string, string | number>) => string;

export function useKbText(): { t: KbTranslate; lang: "zh" | "en"; locale: string } {
  const { lang, locale } = useI18n();
  const dict = lang === "en" ? KB_EN : KB_ZH;
  return { t: (key, vars) => format(dict[key], vars), lang, locale };
}
