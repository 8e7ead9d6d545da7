/** A path that names no area. */
import { useI18n } from "../i18n/i18n.tsx";
import { Link } from "../router.tsx";

export function NotFound({ path, home }: { path: string; home: string }) {
  const { t } = useI18n();
  return (
    <section className="page" data-testid="not-found">
      <h1 className="page-title">{t("notFound.title")}</h1>
      <p>{t("notFound.body", { path })}</p>
      <p>
        <Link to={home}>{t("common.backHome")}</Link>
      </p>
    </section>
  );
}
