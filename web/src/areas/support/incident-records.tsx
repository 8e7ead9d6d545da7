/** Everything on record for one incident, newest last. */
import type { SessionUser } from "../../api/types.ts";
import { formatTime } from "../../format.ts";
import { ActionPanel } from "./action-form.tsx";
import type { Detail } from "./support-api.ts";
import { useSupportT, type SupportKey } from "./support-i18n.ts";

const EVENT_LABELS: Record<string, [string, string]> = {
  created: ["登记", "recorded"],
  contacted: ["联系客户", "contacted the customer"],
  assigned: ["指派", "assigned"],
  severity_changed: ["调整等级", "severity changed"],
  triaged: ["分类", "triaged"],
  handover_created: ["生成工作移交清单", "handover list created"],
  handover_accepted: ["技术支持接收", "handover accepted"],
  handover_returned: ["回交客户服务组", "handover returned"],
  tracking: ["跟踪记录", "tracking entry"],
  solution: ["给出解决方案", "solution recorded"],
  resolved: ["已解决", "resolved"],
  closed: ["归档", "closed and archived"],
  paused: ["等待客户（暂停计时）", "waiting on the customer"],
  resumed: ["恢复计时", "clock resumed"],
  reply: ["回复客户", "replied to the customer"],
  routed_local: ["转本地服务点", "sent to the local point"],
  escalated_to_centre: ["上报服务中心", "escalated to the centre"],
  consultation_requested: ["咨询专家", "experts consulted"],
  consultation_answered: ["专家答复", "experts answered"],
  dispatch_requested: ["派现场服务", "on-site dispatch"],
  dispatch_cancelled: ["取消现场服务", "dispatch cancelled"],
  onsite_arrived: ["到达现场", "arrived on site"],
  onsite_completed: ["现场处理完成", "on-site work done"],
  remote_session: ["远程诊断", "remote session"],
  attachment_added: ["附件", "attachment"],
  attachment_skipped: ["附件过大未拆分", "attachment too large to split out"],
  diagnosis_attached: ["附自诊断报告", "self-diagnosis attached"],
  major_declared: ["宣布重大事件", "major incident declared"],
  major_update: ["状态更新", "status update"],
  review_submitted: ["事后复盘", "post-incident review"],
  escalated: ["升级通知", "escalation"],
  sla_breached: ["超时", "deadline missed"],
  mail_in: ["收到邮件", "e-mail received"],
  probe_repeated: ["监测再次报警", "probe fired again"],
  auto_resolved: ["自动恢复", "recovered automatically"],
};

function eventText(type: string, data: Record<string, unknown>, lang: "zh" | "en"): string {
  const label = EVENT_LABELS[type]?.[lang === "zh" ? 0 : 1] ?? type;
  const detail =
    (data.note ?? data.reason ?? data.message ?? data.answer ?? data.question ?? data.result ?? data.resolution ?? data.solution ?? data.handoverNo ?? data.filename ?? data.subject ?? data.deadline ?? data.role ?? "") as string;
  const extra = type === "severity_changed" ? `${String(data.from)} → ${String(data.to)}` : "";
  return [label, extra, typeof detail === "string" ? detail : ""].filter(Boolean).join(" · ");
}

export function IncidentRecords({ d, me, onChange }: { d: Detail; me: SessionUser; onChange(): void }) {
  const { st, lang, locale } = useSupportT();
  const t = (iso: string | null) => (iso ? formatTime(iso, locale) : "—");
  const is = (r: string) => me.roles.includes(r);
  const base = `/api/support/incidents/${d.incident.incidentNo}`;

  return (
    <>
      {d.handovers.length > 0 && (
        <section className="card" data-testid="handovers">
          <h2 className="card-title">{st("detail.handovers")}</h2>
          {d.handovers.map((h) => (
            <div key={h.id} className="record" data-testid={`handover-${h.handoverNo}`} data-status={h.status}>
              <p>
                <strong>{h.handoverNo}</strong> · {st(`ho.${h.status}` as SupportKey)} · {t(h.createdAt)} · {h.createdBy}
                {h.acceptedBy && ` → ${h.acceptedBy} (${t(h.acceptedAt)})`}
              </p>
              <p className="prewrap">{h.problemRecord}</p>
              {h.result && <p className="prewrap muted">↩ {h.result}</p>}
            </div>
          ))}
        </section>
      )}

      <section className="card" data-testid="tracking">
        <h2 className="card-title">{st("detail.tracking")}</h2>
        {d.tracking.length === 0 ? (
          <p className="muted">{st("detail.none")}</p>
        ) : (
          <ul className="timeline">
            {d.tracking.map((x) => (
              <li key={x.id} data-testid="tracking-entry" data-kind={x.kind}>
                <span className="muted small">
                  {t(x.at)} · {x.author} · {st(`kind.${x.kind}` as SupportKey)}
                </span>
                <span className="prewrap">{x.text}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {d.consultations.length > 0 && (
        <section className="card" data-testid="consultations">
          <h2 className="card-title">{st("detail.consultations")}</h2>
          {d.consultations.map((c) => (
            <div key={c.id} className="record">
              <p>
                <strong>Q</strong> {c.question} <span className="muted small">({c.requestedBy}, {t(c.requestedAt)})</span>
              </p>
              {c.answer ? (
                <p>
                  <strong>A</strong> {c.answer} <span className="muted small">({c.answeredBy})</span>
                </p>
              ) : (
                is("expert") && (
                  <ActionPanel
                    testId={`consultation-${c.id}`}
                    onDone={onChange}
                    actions={[{ id: `answer-${c.id.slice(0, 8)}`, label: "expert.answer", url: `/api/support/consultations/${c.id}/answer`, fields: [{ name: "answer", label: "f.answer", kind: "textarea" }] }]}
                  />
                )
              )}
            </div>
          ))}
        </section>
      )}

      {d.dispatches.length > 0 && (
        <section className="card" data-testid="dispatches">
          <h2 className="card-title">{st("detail.dispatches")}</h2>
          {d.dispatches.map((x) => (
            <div key={x.id} className="record">
              <p>
                <strong>{x.site}</strong> · {x.reason} · {t(x.requestedAt)}
                {x.arrivedAt && ` · ${st("act.arrive")} ${t(x.arrivedAt)} (${x.engineer})`}
                {x.completedAt && ` · ✓ ${x.result}`}
              </p>
              {is("local_service_point") && !x.completedAt && !x.cancelledAt && (
                <ActionPanel
                  testId={`dispatch-${x.id}`}
                  onDone={onChange}
                  actions={
                    x.arrivedAt
                      ? [{ id: "complete", label: "act.complete", url: `/api/support/dispatches/${x.id}/complete`, fields: [{ name: "result", label: "f.result", kind: "textarea" }] }]
                      : [{ id: "arrive", label: "act.arrive", url: `/api/support/dispatches/${x.id}/arrive`, fields: [], body: () => ({}) }]
                  }
                />
              )}
            </div>
          ))}
        </section>
      )}

      {d.remoteSessions.length > 0 && (
        <section className="card">
          <h2 className="card-title">{st("detail.sessions")}</h2>
          {d.remoteSessions.map((r) => (
            <p key={r.id} className="record">
              {t(r.startedAt)} – {t(r.endedAt)} · {r.engineer} · {r.method} · <strong>{st(`outcome.${r.outcome}` as SupportKey)}</strong>
              <br />
              {r.findings}
            </p>
          ))}
        </section>
      )}

      {d.review && (
        <section className="card" data-testid="review">
          <h2 className="card-title">{st("detail.review")}</h2>
          <dl className="facts">
            <dt>{st("f.summary")}</dt>
            <dd>{d.review.summary}</dd>
            <dt>{st("f.rootCause")}</dt>
            <dd>{d.review.rootCause}</dd>
            <dt>{st("f.actions")}</dt>
            <dd>{d.review.actions}</dd>
          </dl>
        </section>
      )}

      <section className="card" data-testid="timeline">
        <h2 className="card-title">{st("detail.timeline")}</h2>
        <ul className="timeline">
          {d.events.map((e) => (
            <li key={e.id} data-type={e.type}>
              <span className="muted small">
                {t(e.at)} · {e.actor}
              </span>
              <span>{eventText(e.type, e.data, lang)}</span>
            </li>
          ))}
        </ul>
      </section>

      {(d.attachments.length > 0 || d.mails.length > 0 || d.escalations.length > 0) && (
        <section className="card">
          {d.attachments.length > 0 && (
            <>
              <h2 className="card-title">{st("detail.attachments")}</h2>
              <ul className="plain-list">
                {d.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`${base}/attachments/${a.id}`} download={a.filename}>
                      {a.filename}
                    </a>{" "}
                    <span className="muted small">
                      {a.sizeBytes} B · SHA-256 <code>{a.sha256.slice(0, 16)}…</code>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.escalations.length > 0 && (
            <>
              <h2 className="card-title">{st("detail.escalations")}</h2>
              <ul className="plain-list">
                {d.escalations.map((x) => (
                  <li key={`${x.severity}${x.step}`}>
                    {t(x.firedAt)} · {st(`role.${x.role}` as SupportKey)} · {st("esc.notified")}: {x.notified.join(", ") || "—"}
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.mails.length > 0 && (
            <>
              <h2 className="card-title">{st("detail.mails")}</h2>
              <ul className="plain-list">
                {d.mails.map((m) => (
                  <li key={m.id}>
                    {m.to} · {m.subject} · <span className={m.status === "sent" ? "" : "muted"}>{m.status === "not_sent" ? st("detail.notSent") : m.status}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}
