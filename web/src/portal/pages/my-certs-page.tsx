/** My certificates and applications (after a certificate login); ask the RA to revoke or suspend a certificate. */
import { useCallback, useEffect, useState } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import type { Application, Cert } from "../../areas/ra/ra-api.ts";
import { StateBadge, typeKey } from "../../areas/ra/ra-bits.tsx";
import { useRaText } from "../../areas/ra/ra-text.ts";
import { portalApi, type BidderSession } from "../portal-api.ts";
import { usePortalText } from "../portal-text.ts";
import { Link } from "../../router.tsx";

export function MyCertsPage({ session }: { session: BidderSession | null }) {
  const { t, locale } = usePortalText();
  const { t: r } = useRaText();
  const [certs, setCerts] = useState<Cert[] | null>(null);
  const [apps, setApps] = useState<Application[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setCerts((await portalApi.certificates()).items);
      setApps((await portalApi.applications()).items);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, []);
  useEffect(() => {
    if (session) void load();
  }, [session, load]);

  if (!session) {
    return (
      <section className="card">
        <p>
          <Link to="/portal">{t("portal.nav.login")}</Link>
        </p>
        {problem && <ProblemMessage problem={problem} />}
      </section>
    );
  }

  async function request(serial: string, type: "revoke" | "suspend") {
    if (!window.confirm(t("portal.certs.confirm", { what: t(type === "revoke" ? "portal.certs.revoke" : "portal.certs.suspend") }))) return;
    setProblem(null);
    try {
      const a = await portalApi.request(serial, type);
      setNotice(t("portal.certs.requested", { id: a.id }));
      await load();
    } catch (e) {
      setProblem(problemOf(e));
    }
  }

  return (
    <>
      <section className="card" data-testid="portal-certs">
        <h1 className="card-title">{t("portal.certs.title")}</h1>
        {notice && <Notice text={notice} testId="portal-certs-notice" />}
        {problem && <ProblemMessage problem={problem} testId="portal-certs-error" />}
        <table className="data-table stack-on-phone">
          <tbody>
            {certs?.map((c) => (
              <tr key={c.serial} data-testid="portal-cert" data-serial={c.serial}>
                <td className="wrap-anywhere">
                  <code>{c.serial}</code>
                  <span className="ra-sub">{c.subject}</span>
                </td>
                <td>
                  {c.profile} · {c.suite}
                </td>
                <td>{formatTime(c.notAfter, locale)}</td>
                <td>
                  <StateBadge state={c.status} kind="cert" />
                </td>
                <td className="row-actions">
                  {c.status === "issued" && c.profile.endsWith("-sign") && (
                    <>
                      <button type="button" className="btn btn-small" onClick={() => void request(c.serial, "suspend")} data-testid="portal-cert-suspend">
                        {t("portal.certs.suspend")}
                      </button>
                      <button type="button" className="btn btn-small" onClick={() => void request(c.serial, "revoke")} data-testid="portal-cert-revoke">
                        {t("portal.certs.revoke")}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2 className="card-title">{t("portal.certs.apps")}</h2>
        <ul>
          {apps?.map((a) => (
            <li key={a.id}>
              {r(typeKey(a))} · <code>{a.id}</code> · {formatTime(a.submittedAt, locale)} <StateBadge state={a.state} kind="app" />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
