/** The expert group's consultations, the local point's dispatches, the archive, notifications and mail. */
import { useState } from "react";
import { post, query } from "../../api/client.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { Link } from "../../router.tsx";
import { ActionPanel } from "./action-form.tsx";
import { SeverityChip } from "./bits.tsx";
import { incidentPath, type Severity } from "./support-api.ts";
import { useSupportT } from "./support-i18n.ts";
import { useLoad } from "./use-load.ts";

interface WithIncident {
  incidentId: string;
  incidentNo: string;
  title: string;
  severity: Severity;
}

export function ExpertPage() {
  const { st, locale } = useSupportT();
  const { data, problem, reload } = useLoad<{ items: (WithIncident & { id: string; question: string; requestedBy: string; requestedAt: string })[] }>("/api/support/consultations");
  return (
    <section className="card" data-testid="expert-page">
      <h2 className="card-title">{st("expert.title")}</h2>
      {problem && <ProblemMessage problem={problem} />}
      {data?.items.length === 0 && <p className="muted">{st("expert.empty")}</p>}
      {data?.items.map((c) => (
        <div key={c.id} className="record" data-testid="consultation">
          <p>
            <Link to={incidentPath(c.incidentNo)}>{c.incidentNo}</Link> <SeverityChip severity={c.severity} /> {c.title}
          </p>
          <p>
            <strong>Q</strong> {c.question} <span className="muted small">({c.requestedBy}, {formatTime(c.requestedAt, locale)})</span>
          </p>
          <ActionPanel
            onDone={() => void reload()}
            actions={[{ id: `answer-${c.id.slice(0, 8)}`, label: "expert.answer", url: `/api/support/consultations/${c.id}/answer`, fields: [{ name: "answer", label: "f.answer", kind: "textarea" }], primary: true }]}
          />
        </div>
      ))}
    </section>
  );
}

export function DispatchList({ canAct }: { canAct: boolean }) {
  const { st, locale } = useSupportT();
  const { data, problem, reload } = useLoad<{ items: (WithIncident & { id: string; site: string; reason: string; requestedAt: string; arrivedAt: string | null })[] }>("/api/support/dispatches");
  return (
    <section className="card" data-testid="dispatch-list">
      <h2 className="card-title">{st("local.dispatches")}</h2>
      {problem && <ProblemMessage problem={problem} />}
      {data?.items.length === 0 && <p className="muted">{st("local.noDispatch")}</p>}
      {data?.items.map((x) => (
        <div key={x.id} className="record">
          <p>
            <Link to={incidentPath(x.incidentNo)}>{x.incidentNo}</Link> <SeverityChip severity={x.severity} /> <strong>{x.site}</strong> · {x.reason}
          </p>
          <p className="muted small">
            {st("local.due", { t: formatTime(new Date(Date.parse(x.requestedAt) + 4 * 3_600_000).toISOString(), locale) })}
            {x.arrivedAt && ` · ${st("act.arrive")} ${formatTime(x.arrivedAt, locale)}`}
          </p>
          {canAct && (
            <ActionPanel
              onDone={() => void reload()}
              actions={
                x.arrivedAt
                  ? [{ id: "complete", label: "act.complete", url: `/api/support/dispatches/${x.id}/complete`, fields: [{ name: "result", label: "f.result", kind: "textarea" }] }]
                  : [{ id: "arrive", label: "act.arrive", url: `/api/support/dispatches/${x.id}/arrive`, fields: [], body: () => ({}), primary: true }]
              }
            />
          )}
        </div>
      ))}
    </section>
  );
}

interface ArchiveEntry {
  incidentNo: string;
  archivedAt: string;
  customer: string;
  severity: Severity;
  title: string;
  problem: string;
  solution: string;
}

export function ArchivePage() {
  const { st, locale } = useSupportT();
  const [q, setQ] = useState("");
  const [applied, setApplied] = useState("");
  const { data, problem } = useLoad<{ items: ArchiveEntry[] }>(`/api/support/archive${query({ q: applied, limit: 50 })}`);
  return (
    <section className="card" data-testid="archive-page">
      <h2 className="card-title">{st("tab.archive")}</h2>
      <form
        className="filter-bar support-filter"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(q.trim());
        }}
      >
        <label className="field">
          <span className="visually-hidden">{st("archive.search")}</span>
          <input value={q} onChange={(e) => setQ(e.target.value)} placeholder={st("archive.search")} data-testid="archive-q" />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="archive-search">
          {st("common.refresh")}
        </button>
      </form>
      {problem && <ProblemMessage problem={problem} />}
      {data?.items.length === 0 && (
        <p className="muted" data-testid="archive-empty">
          {st("archive.empty")}
        </p>
      )}
      {data?.items.map((a) => (
        <article key={a.incidentNo} className="record archive-entry" data-testid="archive-hit" data-no={a.incidentNo}>
          <p>
            <Link to={incidentPath(a.incidentNo)}>{a.incidentNo}</Link> <SeverityChip severity={a.severity} /> <strong>{a.title}</strong>{" "}
            <span className="muted small">
              {a.customer} · {formatTime(a.archivedAt, locale)}
            </span>
          </p>
          <p className="prewrap small">
            <strong>{st("archive.problem")}</strong> {a.problem.slice(0, 300)}
          </p>
          <p className="prewrap small">
            <strong>{st("archive.solution")}</strong> {a.solution.slice(0, 300)}
          </p>
        </article>
      ))}
    </section>
  );
}

interface Note {
  id: number;
  kind: string;
  titleZh: string;
  titleEn: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  incidentId: string | null;
}

export function NotificationsPage() {
  const { st, lang, locale } = useSupportT();
  const { data, problem, reload } = useLoad<{ items: Note[]; unread: number }>("/api/support/notifications?limit=100");
  return (
    <section className="card" data-testid="notifications-page">
      <h2 className="card-title">
        {st("note.title")}
        {data && <span className="card-count">{st("note.unread", { n: data.unread })}</span>}
      </h2>
      {problem && <ProblemMessage problem={problem} />}
      {data && data.unread > 0 && (
        <button type="button" className="btn btn-small" onClick={() => void post("/api/support/notifications/read", { ids: "all" }).then(reload)} data-testid="notes-read-all">
          {st("note.readAll")}
        </button>
      )}
      {data?.items.length === 0 && <p className="muted">{st("note.empty")}</p>}
      <ul className="timeline">
        {data?.items.map((n) => {
          const no = /INC-\d{8}-\d{4,}/.exec(n.titleZh)?.[0];
          return (
            <li key={n.id} className={n.readAt ? "is-read" : "is-unread"} data-testid="notification" data-kind={n.kind}>
              <span className="muted small">{formatTime(n.createdAt, locale)}</span>
              <span>{no ? <Link to={incidentPath(no)}>{lang === "zh" ? n.titleZh : n.titleEn}</Link> : lang === "zh" ? n.titleZh : n.titleEn}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function MailPage() {
  const { st, locale } = useSupportT();
  const out = useLoad<{ items: { id: string; to: string; subject: string; status: string; createdAt: string; lastError: string | null }[] }>("/api/support/mail/outbox?limit=50");
  const inb = useLoad<{ items: { id: string; from: string | null; subject: string | null; status: string; errorCode: string | null; receivedAt: string }[] }>("/api/support/mail/inbound?limit=50");
  return (
    <>
      <section className="card" data-testid="mail-inbound">
        <h2 className="card-title">{st("mail.inbound")}</h2>
        {inb.problem && <ProblemMessage problem={inb.problem} />}
        <ul className="plain-list">
          {inb.data?.items.map((m) => (
            <li key={m.id}>
              {formatTime(m.receivedAt, locale)} · {m.from ?? "?"} · {m.subject ?? "—"} · <strong>{m.status}</strong> {m.errorCode && <code>{m.errorCode}</code>}{" "}
              <a href={`/api/support/mail/inbound/${m.id}/raw`}>{st("mail.raw")}</a>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" data-testid="mail-outbox">
        <h2 className="card-title">{st("mail.outbox")}</h2>
        {out.problem && <ProblemMessage problem={out.problem} />}
        <ul className="plain-list">
          {out.data?.items.map((m) => (
            <li key={m.id}>
              {formatTime(m.createdAt, locale)} · {m.to} · {m.subject} · <strong>{m.status === "not_sent" ? st("detail.notSent") : m.status}</strong>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
