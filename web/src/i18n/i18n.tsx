/**
 * Language state: zh-CN by default, English on request; the choice is kept in
 * localStorage and mirrored on <html lang>.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { en } from "./en.ts";
import { zh, type Dict, type MessageKey } from "./zh.ts";

export type Lang = "zh" | "en";

const DICTS: Record<Lang, Dict> = { zh, en };
const STORAGE_KEY = "landtrade.lang";
const HTML_LANG: Record<Lang, string> = { zh: "zh-CN", en: "en" };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** BCP 47 tag for Intl formatting and <html lang>. */
  locale: string;
}

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
    document.title = `${DICTS[lang]["app.name"]} · landtrade`;
  }, [lang]);

  const value = useMemo<I18n>(() => {
    const dict = DICTS[lang];
    return { lang, setLang, locale: HTML_LANG[lang], t: (key, vars) => format(dict[key], vars) };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}

/** Both languages' text for one key, for messages that must appear in both. */
export function bothLangs(key: MessageKey, vars?: Record<string, string | number>): Record<Lang, string> {
  return { zh: format(zh[key], vars), en: format(en[key], vars) };
}
