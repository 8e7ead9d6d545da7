/** One certificate: its fields, PEM download, history; revoke with a reason, hold and release (RA administrators). */
import { useCallback, useEffect, useState } from "react";
import { get, post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import type { CertDetail, RevocationResult } from "./pki-types.ts";
import { RevokeForm } from "./revoke-form.tsx";
import { StatusBadge } from "./status-badge.tsx";

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/x-pem-file" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function CertDetailPage({ serial, canManage }: { serial: string; canManage: boolean }) {
  const { t, locale } = useI18n();
  const [cert, setCert] = useState<CertDetail | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setCert(await get<CertDetail>(`/api/pki/certificates/${encodeURIComponent(serial)}`));
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, [serial]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(action: "revoke" | "hold" | "release", reason?: string) {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const r = await post<RevocationResult>(`/api/pki/certificates/${encodeURIComponent(serial)}/${action}`, reason ? { reason } : undefined);
      setNotice(t(`pki.done.${action}`, { crl: r.crlNumber, ca: r.caId }));
      await load();
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }

  const when = (iso: string | null) => (iso ? formatTime(iso, locale) : t("common.none"));
  return (
    <div data-testid="pki-cert-detail">
      <p>
        <Link to="/pki/certificates">← {t("pki.backToSearch")}</Link>
      </p>
      <div aria-live="polite">
        {notice && <Notice text={notice} testId="pki-notice" />}
        {problem && <ProblemMessage problem={problem} testId="pki-detail-error" />}
      </div>
      {cert && (
        <>
          <section className="card">
            <h2 className="card-title wrap-anywhere">{cert.subject}</h2>
            <dl className="facts">
              <dt>{t("pki.cert.serial")}</dt>
              <dd>
                <code className="wrap-anywhere" data-testid="pki-detail-serial">
                  {cert.serial}
                </code>
              </dd>
              <dt>{t("pki.cert.status")}</dt>
              <dd data-testid="pki-detail-status">
                <StatusBadge status={cert.status} expired={cert.expired} />
                {cert.reason && <span className="muted"> · {t(`pki.reason.${cert.reason}` as never)}</span>}
                {cert.revokedAt && <span className="muted"> · {when(cert.revokedAt)}</span>}
              </dd>
              <dt>{t("pki.cert.issuer")}</dt>
              <dd>
                {cert.issuerName} (<code>{cert.caId}</code>)
              </dd>
              <dt>{t("pki.cert.profile")}</dt>
              <dd>
                {cert.profile} · {cert.suite}
              </dd>
              <dt>{t("pki.cert.validity")}</dt>
              <dd>
                {when(cert.notBefore)} → {when(cert.notAfter)}
              </dd>
              <dt>{t("pki.cert.requestedBy")}</dt>
              <dd>
                <code>{cert.requestedBy}</code>
                {cert.holder && <> · {cert.holder}</>}
              </dd>
            </dl>
            <div className="row-actions">
              {cert.pem && (
                <button type="button" className="btn" onClick={() => download(`${cert.serial}.pem`, cert.pem!)} data-testid="pki-download-pem">
                  {t("pki.downloadPem")}
                </button>
              )}
              {cert.chainPem && (
                <button type="button" className="btn" onClick={() => download(`${cert.caId}-chain.pem`, cert.chainPem!)}>
                  {t("pki.downloadChain")}
                </button>
              )}
            </div>
          </section>
          {canManage && (cert.status === "issued" || cert.status === "hold") && (
            <section className="card" data-testid="pki-actions">
              <h2 className="card-title">{t("pki.actions")}</h2>
              <RevokeForm busy={busy} onRevoke={(reason) => void act("revoke", reason)} />
              <div className="row-actions">
                {cert.status === "issued" && (
                  <button type="button" className="btn" disabled={busy} onClick={() => void act("hold")} data-testid="pki-hold">
                    {t("pki.hold")}
                  </button>
                )}
                {cert.status === "hold" && (
                  <button type="button" className="btn" disabled={busy} onClick={() => void act("release")} data-testid="pki-release">
                    {t("pki.release")}
                  </button>
                )}
              </div>
            </section>
          )}
          <section className="card">
            <h2 className="card-title">{t("pki.history")}</h2>
            <ul className="plain-list" data-testid="pki-history">
              {cert.history.map((h) => (
                <li key={h.seq}>
                  {when(h.at)} · <code>{h.action}</code> · <code>{h.actor}</code>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
