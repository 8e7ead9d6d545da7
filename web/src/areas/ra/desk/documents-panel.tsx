/** Scans on file for an applicant, and the upload form (the file goes up as-is; the server checks type, size and hashes it). */
import { useRef, useState, type FormEvent } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { raApi, type Applicant, type DocumentScan } from "../ra-api.ts";
import { docKey } from "../ra-bits.tsx";
import { useRaText } from "../ra-text.ts";

const KINDS = ["id_card", "business_licence", "legal_rep_id", "agent_id", "authorisation_letter", "other"];
const REQUIRED: Record<string, string[]> = { individual: ["id_card"], enterprise: ["business_licence", "agent_id", "authorisation_letter"] };

export function DocumentsPanel({ applicant, documents, onUploaded }: { applicant: Applicant; documents: DocumentScan[]; onUploaded(text: string): void }) {
  const { t, locale } = useRaText();
  const [kind, setKind] = useState(REQUIRED[applicant.kind]![0]!);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const missing = REQUIRED[applicant.kind]!.filter((k) => !documents.some((d) => d.kind === k));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const f = file.current?.files?.[0];
    if (!f) return;
    setBusy(true);
    setProblem(null);
    try {
      const d = await raApi.upload(applicant.id, kind, f);
      if (file.current) file.current.value = "";
      onUploaded(t("ra.docs.uploaded", { file: d.fileName, sha: `${d.sha256.slice(0, 16)}…` }));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h2 className="card-title">{t("ra.docs.title")}</h2>
      {missing.length > 0 && <p className="ra-dual-note" data-testid="ra-docs-missing">{t("ra.docs.required", { list: missing.map((k) => t(docKey(k))).join("、") })}</p>}
      {documents.length === 0 ? (
        <p className="muted">{t("ra.docs.none")}</p>
      ) : (
        <ul data-testid="ra-docs">
          {documents.map((d) => (
            <li key={d.id} data-testid="ra-doc">
              <a href={`/api/ra/documents/${d.id}`} target="_blank" rel="noreferrer">
                {t(docKey(d.kind))} · {d.fileName}
              </a>{" "}
              <span className="muted">
                {Math.ceil(d.sizeBytes / 1024)} KiB · SHA-256 <code>{d.sha256.slice(0, 16)}…</code> · {formatTime(d.uploadedAt, locale)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="form form-inline" onSubmit={submit} data-testid="ra-upload-form">
        <label className="field">
          <span className="field-label">{t("ra.docs.kind")}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="ra-upload-kind">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(docKey(k))}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("ra.docs.file")}</span>
          <input ref={file} type="file" accept="image/jpeg,image/png,application/pdf" required data-testid="ra-upload-file" />
        </label>
        <button type="submit" className="btn" disabled={busy} data-testid="ra-upload-submit">
          {t("ra.docs.upload")}
        </button>
      </form>
      {problem && <ProblemMessage problem={problem} testId="ra-upload-error" />}
    </section>
  );
}
