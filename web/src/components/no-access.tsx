/** A known area this account has no role for. */
import { useI18n } from "../i18n/i18n.tsx";
import { Link } from "../router.tsx";
import { useAreaLabel } from "./area-nav.tsx";

export function NoAccess({ areaId, home }: { areaId: string; home: string }) {
  const { t } = useI18n();
  const label = useAreaLabel();
  return (
    <section className="page" data-testid="no-access" data-area={areaId}>
      <h1 className="page-title">{t("noAccess.title")}</h1>
      <div className="alert alert-warn" role="alert">
        <p className="alert-message">{t("noAccess.body", { area: label(areaId) })}</p>
      </div>
      <p>
        <Link to={home}>{t("common.backHome")}</Link>
      </p>
    </section>
  );
}
