/** Driver files of one article: the list with hashes, withdraw, and upload (raw bytes). */
import { useState, type FormEvent } from "react";
import { post, problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { Notice, ProblemMessage } from "../../../components/problem-message.tsx";
import { FileTable } from "../../../public/file-table.tsx";
import { useKbText } from "../../../public/kb-text.ts";
import type { KbFileView } from "../../../public/kb-types.ts";
import { uploadFile } from "./kb-editor-api.ts";

export function KbFilesPanel({ articleId, files, writable, onChanged }: { articleId: string; files: KbFileView[]; writable: boolean; onChanged(): void }) {
  const { t } = useKbText();
  const [file, setFile] = useState<File | null>(null);
  const [version, setVersion] = useState("");
  const [platform, setPlatform] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const f = await uploadFile(articleId, file, { version, platform });
      setNotice(t("kb.uploaded", { name: f.fileName, sha: f.sha256 }));
      setFile(null);
      onChanged();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function withdraw(id: string) {
    try {
      await post(`/api/kb/files/${id}/withdraw`);
      setNotice(t("kb.withdrawn"));
      onChanged();
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <section className="card" data-testid="kb-files">
      <h2 className="card-title">{t("kb.files")}</h2>
      {notice && <Notice text={notice} testId="kb-files-notice" />}
      {problem && <ProblemMessage problem={problem} testId="kb-files-error" />}
      {files.length > 0 && (
        <FileTable
          files={files}
          extra={(f) =>
            writable && !f.withdrawnAt ? (
              <button type="button" className="btn btn-small" onClick={() => void withdraw(f.id)}>
                {t("kb.action.withdraw")}
              </button>
            ) : f.withdrawnAt ? (
              <span className="status status-off">{t("kb.state.retired")}</span>
            ) : null
          }
        />
      )}
      {writable && (
        <form className="form-inline" onSubmit={(e) => void upload(e)}>
          <label className="field">
            <span className="field-label">{t("kb.files.choose")}</span>
            <input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="kb-upload-file" />
          </label>
          <label className="field">
            <span className="field-label">{t("kb.files.version")}</span>
            <input required maxLength={50} value={version} onChange={(e) => setVersion(e.target.value)} data-testid="kb-upload-version" />
          </label>
          <label className="field">
            <span className="field-label">{t("kb.files.platform")}</span>
            <input required maxLength={50} value={platform} onChange={(e) => setPlatform(e.target.value)} data-testid="kb-upload-platform" />
          </label>
          <button type="submit" className="btn" disabled={busy || !file} data-testid="kb-upload-submit">
            {t("kb.action.upload")}
          </button>
        </form>
      )}
    </section>
  );
}
