/**
 * Buttons for the actions a person may take now, each opening a small form;
 * submitting posts it and reports the server's answer (or its coded error).
 */
import { useState, type FormEvent } from "react";
import { api, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { useSupportT, type SupportKey } from "./support-i18n.ts";

export interface Field {
  name: string;
  label: SupportKey;
  kind?: "text" | "textarea" | "select" | "number" | "file";
  options?: { value: string; label: string }[];
  optional?: boolean;
  initial?: string;
}

export interface ActionDef {
  id: string;
  label: SupportKey;
  url: string;
  method?: "POST" | "PUT";
  fields: Field[];
  /** Body from the form values (default: the values as they are). */
  body?: (v: Record<string, string>) => unknown | Promise<unknown>;
  primary?: boolean;
}

export function ActionPanel({ actions, onDone, testId = "actions" }: { actions: ActionDef[]; onDone(): void; testId?: string }) {
  const { st } = useSupportT();
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (actions.length === 0) return null;
  const current = actions.find((a) => a.id === open) ?? null;
  return (
    <div className="action-panel" data-testid={testId}>
      <div className="action-buttons">
        {actions.map((a) => (
          <button
            key={a.id}
            type="button"
            className={`btn btn-small ${a.primary ? "btn-primary" : ""} ${open === a.id ? "is-active" : ""}`}
            onClick={() => {
              setNotice(null);
              setOpen(open === a.id ? null : a.id);
            }}
            data-testid={`act-${a.id}`}
          >
            {st(a.label)}
          </button>
        ))}
      </div>
      {notice && <Notice text={notice} testId="action-notice" />}
      {current && (
        <ActionForm
          key={current.id}
          action={current}
          onCancel={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            setNotice(st("act.done", { what: st(current.label) }));
            onDone();
          }}
        />
      )}
    </div>
  );
}

function readFile(f: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });
}

function ActionForm({ action, onDone, onCancel }: { action: ActionDef; onDone(): void; onCancel(): void }) {
  const { st } = useSupportT();
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(action.fields.map((f) => [f.name, f.initial ?? f.options?.[0]?.value ?? ""])));
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const v = { ...values };
      if (file) {
        v.__filename = file.name;
        v.__type = file.type || "application/octet-stream";
        v.__base64 = await readFile(file);
      }
      const body = action.body ? await action.body(v) : v;
      await api(action.method ?? "POST", action.url, body);
      onDone();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form action-form" onSubmit={submit} data-testid={`act-${action.id}-form`}>
      {action.fields.map((f) => {
        const id = `act-${action.id}-${f.name}`;
        const set = (v: string) => setValues((x) => ({ ...x, [f.name]: v }));
        return (
          <label className="field" key={f.name}>
            <span className="field-label">{st(f.label)}</span>
            {f.kind === "textarea" ? (
              <textarea required={!f.optional} rows={3} maxLength={10000} value={values[f.name]} onChange={(e) => set(e.target.value)} data-testid={id} />
            ) : f.kind === "select" ? (
              <select value={values[f.name]} onChange={(e) => set(e.target.value)} data-testid={id}>
                {f.options!.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : f.kind === "file" ? (
              <input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid={id} />
            ) : (
              <input type={f.kind === "number" ? "number" : "text"} required={!f.optional} value={values[f.name]} onChange={(e) => set(e.target.value)} data-testid={id} />
            )}
          </label>
        );
      })}
      {problem && <ProblemMessage problem={problem} testId={`act-${action.id}-error`} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid={`act-${action.id}-submit`}>
          {st("act.submit")}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {st("act.cancel")}
        </button>
      </div>
    </form>
  );
}
