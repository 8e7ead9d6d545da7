/**
 * One file slot: drop a file on it, or use the ordinary file picker (which
 * is also what a phone offers). Dropping several files hands them all to
 * `onFiles` so the page can sort signature and original apart.
 */
import { useId, useState, type DragEvent } from "react";
import { useVerifyT } from "./verify-i18n.ts";

interface Props {
  label: string;
  hint: string;
  file: File | null;
  accept?: string;
  /** The picker takes several files (the signature zone: signature and original in one go). */
  multiple?: boolean;
  testId: string;
  onFiles(files: File[]): void;
  onClear(): void;
}

export function formatSize(bytes: number, vt: ReturnType<typeof useVerifyT>["vt"]): string {
  return bytes >= 1024 * 1024 ? vt("size.mb", { n: (bytes / 1024 / 1024).toFixed(1) }) : vt("size.kb", { n: Math.max(1, Math.round(bytes / 1024)) });
}

export function DropZone({ label, hint, file, accept, multiple = false, testId, onFiles, onClear }: Props) {
  const { vt } = useVerifyT();
  const id = useId();
  const [over, setOver] = useState(false);

  const take = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      className={`drop-zone ${over ? "is-over" : ""} ${file ? "has-file" : ""}`}
      data-testid={testId}
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => e.preventDefault()}
      onDragLeave={() => setOver(false)}
      onDrop={take}
    >
      <div className="drop-zone-label">{label}</div>
      {file ? (
        <div className="drop-zone-file">
          <span className="drop-zone-name" data-testid={`${testId}-name`}>
            {file.name}
          </span>
          <span className="muted small">{formatSize(file.size, vt)}</span>
          <button type="button" className="btn btn-small btn-quiet" onClick={onClear} data-testid={`${testId}-clear`}>
            {vt("drop.remove")}
          </button>
        </div>
      ) : (
        <p className="drop-zone-hint">
          <span aria-hidden="true" className="drop-zone-icon">
            ⇩
          </span>{" "}
          {hint}{" "}
          <label htmlFor={id} className="drop-zone-pick">
            {vt("drop.pick")}
          </label>
        </p>
      )}
      <input
        id={id}
        type="file"
        className="visually-hidden"
        accept={accept}
        multiple={multiple}
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = "";
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
