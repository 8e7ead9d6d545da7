/**
 * The verification page (签名验证): staff drop a signed file someone handed
 * them — and the original for a detached signature — and read the answer in
 * plain words. The server does the verifying (POST /api/security/verify/report,
 * recorded in the security call log); the page only reads the files and
 * shows the report.
 */
import { useEffect, useState } from "react";
import { get, post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { DropZone, formatSize } from "./drop-zone.tsx";
import { useVerifyT } from "./verify-i18n.ts";
import { VerifyResultView } from "./verify-result.tsx";
import type { VerifyReport } from "./verify-types.ts";

const SIGNATURE_FILE = /\.(p7s|p7m|p7|p7b|pem|cms|sig|der)$/i;

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function VerifyPage() {
  const { t } = useI18n();
  const { vt } = useVerifyT();
  const [sig, setSig] = useState<File | null>(null);
  const [content, setContent] = useState<File | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [limit, setLimit] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ report: VerifyReport; fileName: string; contentName: string | null } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let live = true;
    get<{ limits: { maxPayloadBytes: number } }>("/api/security/functions").then(
      (f) => live && setLimit(f.limits.maxPayloadBytes),
      () => undefined, // the limit is only a friendlier early message; the server still enforces it
    );
    return () => {
      live = false;
    };
  }, []);

  const tooBig = [sig, content].find((f): f is File => !!f && limit !== null && f.size > limit) ?? null;

  function changed() {
    setReport(null);
    setProblem(null);
  }

  /** Several files at once: the one that looks like a signature file is the signature, the other the original. */
  function dropOnSignature(files: File[]) {
    changed();
    setNote(null);
    if (files.length >= 2) {
      const s = files.find((f) => SIGNATURE_FILE.test(f.name)) ?? files[0]!;
      const c = files.find((f) => f !== s)!;
      setSig(s);
      setContent(c);
      setNote(vt("drop.twoFiles", { sig: s.name, content: c.name }));
      return;
    }
    setSig(files[0]!);
  }

  async function verify() {
    if (!sig) return;
    setBusy(true);
    changed();
    try {
      const body = { file: await base64Of(sig), fileName: sig.name, ...(content ? { content: await base64Of(content), contentName: content.name } : {}) };
      const r = await post<VerifyReport>("/api/security/verify/report", body);
      setReport({ report: r, fileName: sig.name, contentName: content?.name ?? null });
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    setSig(null);
    setContent(null);
    setNote(null);
    changed();
  }

  return (
    <section className="page" data-testid="verify-area">
      <header className="page-head">
        <h1 className="page-title">{t("area.verify")}</h1>
      </header>
      <section className="card">
        <p className="verify-intro">{vt("intro")}</p>
        <div className="drop-grid">
          <DropZone
            label={vt("drop.signature")}
            hint={vt("drop.signatureHint")}
            file={sig}
            accept=".p7s,.p7m,.p7,.p7b,.pem,.cms,.sig,.der,application/pkcs7-signature,application/pkcs7-mime"
            testId="verify-signature"
            multiple
            onFiles={dropOnSignature}
            onClear={() => {
              setSig(null);
              setNote(null);
              changed();
            }}
          />
          <DropZone
            label={vt("drop.content")}
            hint={vt("drop.contentHint")}
            file={content}
            testId="verify-content"
            onFiles={(files) => {
              changed();
              setContent(files[0]!);
            }}
            onClear={() => {
              setContent(null);
              changed();
            }}
          />
        </div>
        {note && (
          <p className="muted small" data-testid="verify-note">
            {note}
          </p>
        )}
        {tooBig && limit !== null && (
          <div className="alert alert-error" role="alert" data-testid="verify-too-big">
            <p className="alert-message">{vt("drop.tooBig", { name: tooBig.name, size: formatSize(tooBig.size, vt), limit: formatSize(limit, vt) })}</p>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={!sig || busy || !!tooBig} onClick={() => void verify()} data-testid="verify-submit">
            {busy ? vt("verifying") : vt("verify")}
          </button>
          <button type="button" className="btn" disabled={busy || (!sig && !content)} onClick={reset} data-testid="verify-reset">
            {vt("reset")}
          </button>
        </div>
      </section>
      {problem && <ProblemMessage problem={problem} testId="verify-error" />}
      {report && <VerifyResultView report={report.report} fileName={report.fileName} contentName={report.contentName} />}
    </section>
  );
}
