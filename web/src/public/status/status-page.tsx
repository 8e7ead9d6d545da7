/**
 * The public status page (/status, no login): each component's state, the
 * incidents people should know about with their updates, and a form to
 * follow one's own report with its tracking token.
 */
import { useEffect, useState, type FormEvent } from "react";
import { get, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { LanguageSwitch } from "../../components/language-switch.tsx";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ReportForm } from "./report-form.tsx";

type State = "operational" | "degraded" | "outage";

interface PublicStatus {
  generatedAt: string;
  overall: State;
  components: { id: string; zh: string; en: string; state: State; since: string | null }[];
  incidents: { incidentNo: string; title: string; severity: string; major: boolean; component: string | null; status: string; startedAt: string; resolvedAt: string | null; updates: { at: string; message: string }[] }[];
}

interface Tracking {
  incidentNo: string;
  title: string;
  statusZh: string;
  statusEn: string;
  createdAt: string;
  firstContactAt: string | null;
  resolvedAt: string | null;
  updates: { at: string; type: string; message: string | null }[];
}

const TEXT = {
  zh: {
    title: "系统运行状态",
    sub: "长沙县国土资源局网上交易系统及数字证书服务",
    overall: { operational: "全部服务运行正常", degraded: "部分服务性能下降", outage: "部分服务中断" },
    state: { operational: "正常", degraded: "性能下降", outage: "中断" },
    incidents: "当前事件",
    none: "当前没有影响服务的事件。",
    major: "重大事件",
    since: "开始于",
    resolved: "已恢复",
    track: "查询我的问题处理进度",
    no: "事件编号",
    token: "查询码",
    go: "查询",
    reported: "提交时间",
    contacted: "工程师已联系",
    hotline: "7×24 小时服务：电话 800-810-1303 · 邮件 customer-service@itrus.com.cn",
    updated: "更新于",
    types: { created: "已受理", contacted: "工程师已联系您", handover_created: "已转技术支持组", handover_accepted: "技术支持工程师已接手", solution: "已给出解决方案", resolved: "已解决", closed: "已归档", paused: "等待您的回复", resumed: "继续处理", reply: "客服回复", major_declared: "定为重大事件", major_update: "状态更新", escalated_to_centre: "已上报服务中心", dispatch_requested: "安排现场服务", onsite_arrived: "工程师已到现场" } as Record<string, string>,
  },
  en: {
    title: "System status",
    sub: "Online land trading system and certificate services of the county land & resources bureau",
    overall: { operational: "All services operational", degraded: "Some services degraded", outage: "Some services interrupted" },
    state: { operational: "operational", degraded: "degraded", outage: "outage" },
    incidents: "Current incidents",
    none: "No incident affects the service now.",
    major: "Major incident",
    since: "since",
    resolved: "resolved",
    track: "Follow my report",
    no: "Incident number",
    token: "Tracking token",
    go: "Look up",
    reported: "Reported",
    contacted: "Engineer contacted",
    hotline: "7×24 support: phone 800-810-1303 · e-mail customer-service@itrus.com.cn",
    updated: "updated",
    types: { created: "received", contacted: "an engineer contacted you", handover_created: "passed to tech support", handover_accepted: "a tech-support engineer took it", solution: "solution given", resolved: "resolved", closed: "closed", paused: "waiting for your reply", resumed: "work resumed", reply: "reply from the desk", major_declared: "declared a major incident", major_update: "status update", escalated_to_centre: "escalated to the centre", dispatch_requested: "on-site service arranged", onsite_arrived: "engineer on site" } as Record<string, string>,
  },
};

export function StatusPage() {
  const { lang, locale } = useI18n();
  const x = TEXT[lang];
  const [status, setStatus] = useState<PublicStatus | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const params = new URLSearchParams(window.location.search);
  const [no, setNo] = useState(params.get("incident") ?? "");
  const [token, setToken] = useState(params.get("token") ?? "");
  const [tracking, setTracking] = useState<Tracking | null>(null);
  const [trackProblem, setTrackProblem] = useState<Problem | null>(null);

  useEffect(() => {
    get<PublicStatus>("/api/public/status", { quiet401: true }).then(setStatus, (e: unknown) => setProblem(problemOf(e)));
  }, []);

  async function track(e?: FormEvent) {
    e?.preventDefault();
    setTrackProblem(null);
    try {
      setTracking(await get<Tracking>(`/api/public/incidents/${encodeURIComponent(no.trim())}?token=${encodeURIComponent(token.trim())}`, { quiet401: true }));
    } catch (err) {
      setTracking(null);
      setTrackProblem(problemOf(err));
    }
  }
  useEffect(() => {
    if (params.get("incident") && params.get("token")) void track();
    // Only on first load, from the link in the acknowledgement mail.
  }, []);

  return (
    <div className="public-page" data-testid="status-page">
      <header className="public-head">
        <div>
          <h1 className="public-title">{x.title}</h1>
          <p className="public-sub">{x.sub}</p>
        </div>
        <LanguageSwitch />
      </header>
      <main className="public-main">
        {problem && <ProblemMessage problem={problem} />}
        {status && (
          <>
            <div className={`overall overall-${status.overall}`} data-testid="status-overall" data-state={status.overall}>
              {x.overall[status.overall]}
              <span className="muted small">
                {" "}
                · {x.updated} {formatTime(status.generatedAt, locale)}
              </span>
            </div>
            <ul className="component-list">
              {status.components.map((c) => (
                <li key={c.id} data-testid={`component-${c.id}`} data-state={c.state}>
                  <span>{lang === "zh" ? c.zh : c.en}</span>
                  <span className={`comp-state comp-${c.state}`}>{x.state[c.state]}</span>
                </li>
              ))}
            </ul>
            <section className="card">
              <h2 className="card-title">{x.incidents}</h2>
              {status.incidents.length === 0 && <p className="muted">{x.none}</p>}
              {status.incidents.map((i) => (
                <article key={i.incidentNo} className="record" data-testid="status-incident" data-no={i.incidentNo}>
                  <p>
                    {i.major && <strong className="major-chip">★ {x.major}</strong>} <strong>{i.title}</strong>{" "}
                    <span className="muted small">
                      {i.incidentNo} · {x.since} {formatTime(i.startedAt, locale)}
                      {i.resolvedAt && ` · ${x.resolved} ${formatTime(i.resolvedAt, locale)}`}
                    </span>
                  </p>
                  <ul className="timeline">
                    {i.updates.map((u) => (
                      <li key={u.at}>
                        <span className="muted small">{formatTime(u.at, locale)}</span>
                        <span>{u.message}</span>
                      </li>
                    ))}
                  </ul>
                </article>
              ))}
            </section>
          </>
        )}
        <section className="card" data-testid="track-card">
          <h2 className="card-title">{x.track}</h2>
          <form className="filter-bar support-filter" onSubmit={track}>
            <label className="field">
              <span className="field-label">{x.no}</span>
              <input value={no} onChange={(e) => setNo(e.target.value)} placeholder="INC-20260302-0001" data-testid="track-no" required />
            </label>
            <label className="field">
              <span className="field-label">{x.token}</span>
              <input value={token} onChange={(e) => setToken(e.target.value)} data-testid="track-token" required />
            </label>
            <button type="submit" className="btn btn-primary" data-testid="track-go">
              {x.go}
            </button>
          </form>
          {trackProblem && <ProblemMessage problem={trackProblem} testId="track-error" />}
          {tracking && (
            <div data-testid="track-result">
              <p>
                <strong>{tracking.incidentNo}</strong> {tracking.title} — <strong>{lang === "zh" ? tracking.statusZh : tracking.statusEn}</strong>
              </p>
              <ul className="timeline">
                {tracking.updates.map((u, k) => (
                  <li key={k}>
                    <span className="muted small">{formatTime(u.at, locale)}</span>
                    <span>
                      {x.types[u.type] ?? u.type}
                      {u.message && `：${u.message}`}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
        <ReportForm
          onReported={(n, t) => {
            setNo(n);
            setToken(t);
          }}
        />
        <p className="muted small">{x.hotline}</p>
      </main>
    </div>
  );
}
