/** Demo: import a demo bidder's key and certificate (files under data/demo-bidders/) into this browser's token. */
import { useState, type FormEvent } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { certSummary } from "../cert-parse.ts";
import { usePortalText } from "../portal-text.ts";
import { browserToken } from "../token/browser-token.ts";
import { localNow } from "../token/local-clock.ts";
import { pemBlocks } from "../token/bytes.ts";

export function ImportPage() {
  const { t } = usePortalText();
  const [keyPem, setKeyPem] = useState("");
  const [certPem, setCertPem] = useState("");
  const [label, setLabel] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const readFile = (set: (s: string) => void) => (e: { target: HTMLInputElement }) => {
    const f = e.target.files?.[0];
    if (f) void f.text().then(set);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    try {
      const pkcs8 = pemBlocks(keyPem, "PRIVATE KEY")[0];
      const cert = pemBlocks(certPem, "CERTIFICATE")[0];
      if (!pkcs8 || !cert) throw new Error("PEM: expected -----BEGIN PRIVATE KEY----- and -----BEGIN CERTIFICATE-----");
      const s = certSummary(cert);
      const name = label.trim() || s.subject;
      await browserToken.importKey({ suite: s.suite, label: name, pkcs8, certDer: cert, spki: s.spki, serial: s.serial, now: localNow() });
      setDone(t("portal.import.done", { label: name }));
      setKeyPem("");
      setCertPem("");
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <section className="card" data-testid="portal-import">
      <h1 className="card-title">{t("portal.import.title")}</h1>
      <p className="muted">{t("portal.import.hint")}</p>
      {done && <Notice text={done} testId="portal-import-done" />}
      <form className="form form-grid" onSubmit={submit}>
        <label className="field field-wide">
          <span className="field-label">{t("portal.import.key")}</span>
          <input type="file" accept=".pem,.key" onChange={readFile(setKeyPem)} />
          <textarea rows={4} value={keyPem} onChange={(e) => setKeyPem(e.target.value)} data-testid="portal-import-key" spellCheck={false} />
        </label>
        <label className="field field-wide">
          <span className="field-label">{t("portal.import.cert")}</span>
          <input type="file" accept=".pem,.crt,.cer" onChange={readFile(setCertPem)} />
          <textarea rows={4} value={certPem} onChange={(e) => setCertPem(e.target.value)} data-testid="portal-import-cert" spellCheck={false} />
        </label>
        <label className="field">
          <span className="field-label">{t("portal.import.label")}</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} data-testid="portal-import-label" />
        </label>
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" data-testid="portal-import-go">
            {t("portal.import.go")}
          </button>
        </div>
      </form>
      {problem && <ProblemMessage problem={problem} testId="portal-import-error" />}
    </section>
  );
}
