/**
 * The CA area: overview (CAs, OCSP/TSA certificates, CRLs), certificate
 * search and certificate detail with revoke / hold / release. RA
 * administrators manage; RA auditors see the same pages without the actions.
 */
import type { Session } from "../../api/types.ts";
import { NotFound } from "../../components/not-found.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { CertDetailPage } from "./cert-detail.tsx";
import { CertSearchPage } from "./cert-search.tsx";
import { PkiOverview } from "./pki-overview.tsx";

export function PkiArea({ session, rest, path }: { session: Session; rest: string[]; path: string }) {
  const { t } = useI18n();
  const canManage = session.user.roles.includes("ra_admin");
  const tab = rest[0] ?? "";
  let body;
  if (rest.length === 0) body = <PkiOverview />;
  else if (tab === "certificates" && rest.length === 1) body = <CertSearchPage />;
  else if (tab === "certificates" && rest.length === 2) body = <CertDetailPage serial={rest[1]!} canManage={canManage} />;
  else return <NotFound path={path} home="/pki" />;
  return (
    <section className="page" data-testid="pki-area">
      <header className="page-head">
        <h1 className="page-title">{t("area.pki")}</h1>
        <nav className="sub-nav" aria-label={t("pki.nav")}>
          <Link to="/pki" className={`sub-nav-link ${tab === "" ? "is-active" : ""}`} aria-current={tab === "" ? "page" : undefined} data-testid="pki-tab-overview">
            {t("pki.tab.overview")}
          </Link>
          <Link to="/pki/certificates" className={`sub-nav-link ${tab === "certificates" ? "is-active" : ""}`} aria-current={tab === "certificates" ? "page" : undefined} data-testid="pki-tab-certificates">
            {t("pki.tab.certificates")}
          </Link>
        </nav>
      </header>
      {body}
    </section>
  );
}
