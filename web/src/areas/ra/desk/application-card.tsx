/**
 * One application at the desk with its next step: record the in-person
 * vetting, or hand out the enrollment code (the receipt shows it once).
 * Approval happens in the auditor's queue, by someone else.
 */
import { useState, type FormEvent } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { Notice, ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { raApi, type Application } from "../ra-api.ts";
import { StateBadge, typeKey } from "../ra-bits.tsx";
import { useRaText } from "../ra-text.ts";

export function ApplicationCard({ app, onChanged }: { app: Application; onChanged(): void }) {
  const { t, locale } = useRaText();
  const [originals, setOriginals] = useState(false);
  const [byLogin, setByLogin] = useState(false);
  const [note, setNote] = useState("");
  const [tokenSerial, setTokenSerial] = useState("");
  const [ttl, setTtl] = useState(72);
  const [receipt, setReceipt] = useState<{ code: string; expiresAt: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const certLoginAllowed = app.channel === "certificate" && (app.type === "revoke" || app.type === "suspend");

  async function run(fn: () => Promise<unknown>, done?: string) {
    setBusy(true);
    setProblem(null);
    try {
      await fn();
      if (done) setNotice(done);
      onChanged();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const vet = (e: FormEvent) => {
    e.preventDefault();
    void run(() => raApi.vet(app.id, { originalsChecked: originals, ...(byLogin ? { identityCheck: "certificate_login" } : {}), ...(note.trim() ? { note: note.trim() } : {}) }), t("ra.vet.done"));
  };
  const code = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await raApi.issueCode(app.id, { ...(app.tokenKind === "usb" && tokenSerial.trim() ? { tokenSerial: tokenSerial.trim() } : {}), ttlHours: ttl });
      setReceipt({ code: r.code, expiresAt: r.expiresAt });
    });
  };

  return (
    <article className="ra-app" data-testid="ra-app" data-app={app.id} data-state={app.state}>
      <div className="ra-app-head">
        <span>
          <strong>{t(typeKey(app))}</strong> · {app.suite}
          {app.dual ? " · 双证" : ""} · {app.tokenKind ? t(app.tokenKind === "usb" ? "ra.apps.tokenUsb" : "ra.apps.tokenSoft") : ""}
          <span className="ra-sub">
            {t("ra.apps.id")} <code data-testid="ra-app-id">{app.id}</code> · {formatTime(app.submittedAt, locale)} · {app.submittedBy}
            {app.targetSerial ? ` · ${app.targetSerial}` : ""}
          </span>
        </span>
        <StateBadge state={app.state} kind="app" />
      </div>
      {app.rejectReason && <p className="muted">{app.rejectReason}</p>}
      {notice && <Notice text={notice} />}
      <div className="ra-app-steps">
        {app.next.includes("vet") && (
          <form className="form" onSubmit={vet} data-testid="ra-vet-form">
            <strong>{t("ra.vet.title")}</strong>
            <label className="checkbox">
              <input type="checkbox" checked={originals} onChange={(e) => setOriginals(e.target.checked)} data-testid="ra-vet-originals" />
              <span>{t("ra.vet.originals")}</span>
            </label>
            {certLoginAllowed && (
              <label className="checkbox">
                <input type="checkbox" checked={byLogin} onChange={(e) => setByLogin(e.target.checked)} data-testid="ra-vet-bylogin" />
                <span>{t("ra.vet.byLogin")}</span>
              </label>
            )}
            <label className="field">
              <span className="field-label">{t("ra.vet.note")}</span>
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="ra-vet-note" />
            </label>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ra-vet-submit">
                {t("ra.vet.submit")}
              </button>
            </div>
          </form>
        )}
        {app.next.includes("issueCode") && !receipt && (
          <form className="form" onSubmit={code} data-testid="ra-code-form">
            <strong>{t("ra.code.title")}</strong>
            {app.tokenKind === "usb" && (
              <label className="field">
                <span className="field-label">{t("ra.code.token")}</span>
                <input value={tokenSerial} onChange={(e) => setTokenSerial(e.target.value)} data-testid="ra-code-token" />
              </label>
            )}
            <label className="field">
              <span className="field-label">{t("ra.code.ttl")}</span>
              <input type="number" min={1} max={720} value={ttl} onChange={(e) => setTtl(Number(e.target.value))} data-testid="ra-code-ttl" />
            </label>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ra-code-submit">
                {app.state === "code_issued" ? t("ra.code.reissue") : t("ra.code.submit")}
              </button>
            </div>
          </form>
        )}
        {receipt && (
          <div className="ra-receipt" data-testid="ra-receipt">
            <strong>{t("ra.code.receipt")}</strong>
            <dl>
              <dt>{t("ra.apps.id")}</dt>
              <dd>
                <code data-testid="ra-receipt-id">{app.id}</code>
              </dd>
              <dt>{t("ra.code.title")}</dt>
              <dd className="ra-code" data-testid="ra-receipt-code">
                {receipt.code}
              </dd>
              <dt>{t("ra.code.expires")}</dt>
              <dd>{formatTime(receipt.expiresAt, locale)}</dd>
            </dl>
            <p className="muted">{t("ra.code.receiptHint")}</p>
            <p className="muted">{t("ra.code.enrollHow")}</p>
          </div>
        )}
      </div>
      {problem && <ProblemMessage problem={problem} testId="ra-app-step-error" />}
    </article>
  );
}
