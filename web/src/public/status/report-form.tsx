/**
 * The public "report a problem" form (no login): the same endpoint the
 * self-diagnosis page uses. Answers with the incident number and the
 * tracking token to follow it.
 */
import { useState, type FormEvent } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

const TEXT = {
  zh: {
    title: "报告问题",
    name: "姓名 / 单位",
    phone: "电话",
    email: "电子邮箱（用于接收处理进度）",
    cert: "证书序列号（如知道）",
    category: "问题类型",
    cats: { client: "客户端：页面异常、USBKey 或驱动问题", software: "软件：签名/验签报错、证书申请", hardware: "硬件：服务无法访问" },
    description: "问题描述",
    submit: "提交",
    done: "已受理，事件编号 {no}。请保存查询码：",
  },
  en: {
    title: "Report a problem",
    name: "Name / company",
    phone: "Phone",
    email: "E-mail (for progress updates)",
    cert: "Certificate serial (if known)",
    category: "Kind of problem",
    cats: { client: "Client: page errors, USB key or driver", software: "Software: signing/verification errors, certificate requests", hardware: "Hardware: service unreachable" },
    description: "What happened",
    submit: "Submit",
    done: "Received as {no}. Keep this tracking token:",
  },
};

export function ReportForm({ onReported }: { onReported(no: string, token: string): void }) {
  const { lang } = useI18n();
  const x = TEXT[lang];
  const [f, setF] = useState({ name: "", phone: "", email: "", cert: "", category: "client", description: "" });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<{ incidentNo: string; trackingToken: string } | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const opt = (v: string) => (v.trim() ? v.trim() : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const r = await post<{ incidentNo: string; trackingToken: string }>(
        "/api/public/incidents",
        { reporter: { name: f.name.trim(), phone: opt(f.phone), email: opt(f.email), certificateSerial: opt(f.cert) }, category: f.category, description: f.description },
        { quiet401: true },
      );
      setDone(r);
      onReported(r.incidentNo, r.trackingToken);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" data-testid="report-card">
      <h2 className="card-title">{x.title}</h2>
      {done ? (
        <div className="alert alert-ok" data-testid="report-done" data-no={done.incidentNo}>
          <p className="alert-message">{x.done.replace("{no}", done.incidentNo)}</p>
          <p>
            <code data-testid="report-token">{done.trackingToken}</code>
          </p>
        </div>
      ) : (
        <form className="form form-grid" onSubmit={submit}>
          <label className="field">
            <span className="field-label">{x.name}</span>
            <input required maxLength={100} value={f.name} onChange={set("name")} data-testid="report-name" />
          </label>
          <label className="field">
            <span className="field-label">{x.phone}</span>
            <input maxLength={40} value={f.phone} onChange={set("phone")} />
          </label>
          <label className="field">
            <span className="field-label">{x.email}</span>
            <input type="email" maxLength={200} value={f.email} onChange={set("email")} data-testid="report-email" />
          </label>
          <label className="field">
            <span className="field-label">{x.cert}</span>
            <input maxLength={100} value={f.cert} onChange={set("cert")} />
          </label>
          <label className="field field-wide">
            <span className="field-label">{x.category}</span>
            <select value={f.category} onChange={set("category")} data-testid="report-category">
              {(["client", "software", "hardware"] as const).map((c) => (
                <option key={c} value={c}>
                  {x.cats[c]}
                </option>
              ))}
            </select>
          </label>
          <label className="field field-wide">
            <span className="field-label">{x.description}</span>
            <textarea required rows={4} maxLength={10000} value={f.description} onChange={set("description")} data-testid="report-description" />
          </label>
          {problem && (
            <div className="field-wide">
              <ProblemMessage problem={problem} testId="report-error" />
            </div>
          )}
          <div className="form-actions field-wide">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="report-submit">
              {x.submit}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
