/** Download files with version, platform, size and the SHA-256 to check against. */
import { useState } from "react";
import { formatTime } from "../format.ts";
import { useKbText } from "./kb-text.ts";
import { formatSize, type KbFileView } from "./kb-types.ts";

function CopyHash({ hash }: { hash: string }) {
  const { t } = useKbText();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small btn-quiet"
      onClick={() => {
        void navigator.clipboard?.writeText(hash).then(() => setCopied(true), () => undefined);
      }}
    >
      {copied ? t("help.file.copied") : t("help.file.copy")}
    </button>
  );
}

export function FileTable({ files, extra }: { files: KbFileView[]; extra?: (f: KbFileView) => React.ReactNode }) {
  const { t, locale } = useKbText();
  return (
    <div className="table-wrap">
      <table className="data-table kb-files stack-on-phone" data-testid="kb-file-table">
        <thead>
          <tr>
            <th>{t("help.file.name")}</th>
            <th>{t("help.file.version")}</th>
            <th>{t("help.file.platform")}</th>
            <th>{t("help.file.size")}</th>
            <th>{t("help.file.sha256")}</th>
            {extra && <th />}
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.id} data-testid={`kb-file-${f.fileName}`} className={f.withdrawnAt ? "is-withdrawn" : undefined}>
              <td data-label={t("help.file.name")}>
                <a href={f.downloadUrl} download={f.fileName} data-testid="kb-file-link">
                  {f.fileName}
                </a>
                <div className="muted small">{formatTime(f.uploadedAt, locale)}</div>
              </td>
              <td data-label={t("help.file.version")}>{f.version}</td>
              <td data-label={t("help.file.platform")}>{f.platform}</td>
              <td data-label={t("help.file.size")} className="nowrap">
                {formatSize(f.size)}
              </td>
              <td data-label={t("help.file.sha256")}>
                <code className="kb-hash" data-testid="kb-file-sha256">
                  {f.sha256}
                </code>{" "}
                <CopyHash hash={f.sha256} />
              </td>
              {extra && <td>{extra(f)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
