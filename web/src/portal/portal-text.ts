/** The portal's messages in the current language (shared I18nProvider). */
import { format, useI18n } from "../i18n/i18n.tsx";
import { PORTAL_EN } from "./portal-text-en.ts";
import { PORTAL_ZH, type PortalKey } from "./portal-text-zh.ts";

export type { PortalKey } from "./portal-text-zh.ts";

export function usePortalText() {
  const { lang, locale } = useI18n();
  const dict = lang === "en" ? PORTAL_EN : PORTAL_ZH;
  return { t: (key: PortalKey, vars?: Record<string, string | number>) => format(dict[key], vars), lang, locale };
}
