/** One button that switches between 中文 and English. */
import { useI18n } from "../i18n/i18n.tsx";

export function LanguageSwitch({ className = "" }: { className?: string }) {
  const { lang, setLang, t } = useI18n();
  const other = lang === "zh" ? "en" : "zh";
  return (
    <button
      type="button"
      className={`btn btn-quiet lang-switch ${className}`}
      data-testid="lang-switch"
      lang={other === "zh" ? "zh-CN" : "en"}
      title={t("lang.switch")}
      aria-label={t("lang.switch")}
      onClick={() => setLang(other)}
    >
      {t("lang.other")}
    </button>
  );
}
