/**
 * Download a certificate into the browser token: look the application up
 * with (id, code), generate the key in the browser (non-extractable), send
 * the PKCS#10 over EST, store the certificate with the key, then prove the
 * key holds the certificate by signing the activation text.
 */
import { useState, type FormEvent } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { certSummary } from "../cert-parse.ts";
import { portalApi, type EnrollmentInfo } from "../portal-api.ts";
import { usePortalText } from "../portal-text.ts";
import { browserToken } from "../token/browser-token.ts";
import { localNow } from "../token/local-clock.ts";
import { utf8 } from "../token/bytes.ts";
import { buildCsr } from "../token/csr.ts";
import { EstError, simpleEnroll } from "../token/est.ts";

const activationMessage = (id: string, serial: string) => ["landtrade certificate activation", `application: ${id}`, `serial: ${serial}`].join("\n");

export function EnrollPage() {
  const { t } = usePortalText();
  const [id, setId] = useState("");
  const [code, setCode] = useState("");
  const [info, setInfo] = useState<EnrollmentInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);

  const fail = (e: unknown) => setProblem(e instanceof EstError ? { ...e.problem } : problemOf(e));

  async function check(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setInfo(null);
    try {
      setInfo(await portalApi.enrollmentInfo(id.trim(), code.trim()));
    } catch (err) {
      fail(err);
    }
  }

  async function enroll() {
    if (!info || (info.suite !== "ecdsa-p256" && info.suite !== "sm2")) return;
    setBusy(true);
    setProblem(null);
    const appId = id.trim();
    try {
      const key = await browserToken.generate(info.suite, info.subject.replace(/^.*CN=([^,]+).*$/, "$1"), appId, localNow());
      const signer = await browserToken.signer(key.id);
      try {
        const certDer = await simpleEnroll({ suite: info.suite, id: appId, code: code.trim(), csr: await buildCsr(signer, key.label) });
        const { serial } = certSummary(certDer);
        await browserToken.attachCertificate(key.id, certDer, serial);
        const act = await portalApi.activate(appId, code.trim(), await signer.sign(utf8(activationMessage(appId, serial))));
        setDone([t("portal.enroll.done", { serial: act.serial }), ...(act.delivery ? [t("portal.enroll.encIssued", { serial: act.delivery.encSerial })] : [])]);
        setInfo(null);
      } catch (err) {
        // A key without a certificate is of no use: do not leave it behind.
        const left = (await browserToken.list()).find((k) => k.id === key.id);
        if (left && !left.certificate) await browserToken.remove(key.id);
        throw err;
      }
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" data-testid="portal-enroll">
      <h1 className="card-title">{t("portal.enroll.title")}</h1>
      <p className="muted">{t("portal.enroll.hint")}</p>
      {done.map((d) => (
        <Notice key={d} text={d} testId="portal-enroll-done" />
      ))}
      <form className="form form-grid" onSubmit={check}>
        <label className="field">
          <span className="field-label">{t("portal.enroll.id")}</span>
          <input required value={id} onChange={(e) => setId(e.target.value)} autoComplete="off" data-testid="portal-enroll-id" />
        </label>
        <label className="field">
          <span className="field-label">{t("portal.enroll.code")}</span>
          <input required value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} data-testid="portal-enroll-code" />
        </label>
        <div className="form-actions field-wide">
          <button type="submit" className="btn" data-testid="portal-enroll-check">
            {t("portal.enroll.check")}
          </button>
        </div>
      </form>
      {info && (
        <div className="ra-receipt" data-testid="portal-enroll-info">
          <dl>
            <dt>{t("portal.enroll.subject")}</dt>
            <dd>{info.subject}</dd>
            <dt>{t("portal.key.suite")}</dt>
            <dd>{info.suite}</dd>
          </dl>
          {info.tokenKind === "usb" ? (
            <p data-testid="portal-enroll-usb">{t("portal.enroll.usbOnly", { serial: info.tokenSerial ?? "?" })}</p>
          ) : (
            <>
              {info.suite === "sm2" && <p className="ra-dual-note">{t("portal.enroll.sm2Note")}</p>}
              {info.dual && <p className="ra-dual-note">{t("portal.enroll.dualNote")}</p>}
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void enroll()} data-testid="portal-enroll-go">
                {busy ? t("portal.enroll.busy") : t("portal.enroll.go")}
              </button>
            </>
          )}
        </div>
      )}
      {problem && <ProblemMessage problem={problem} testId="portal-enroll-error" />}
    </section>
  );
}
