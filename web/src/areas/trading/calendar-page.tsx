/** The working-day calendar: public holidays and make-up working days. */
import { useState, type FormEvent } from "react";
import { api, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import type { CalendarDay } from "./trading-types.ts";
import { useResource } from "./use-resource.ts";

export function CalendarPage({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { data, reload } = useResource<{ items: CalendarDay[] }>("/api/trading/calendar");
  const [f, setF] = useState<CalendarDay>({ day: "", kind: "holiday", name: "" });
  const [err, setErr] = useState<Problem | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setErr(null);
    try {
      await api("PUT", `/api/trading/calendar/${f.day}`, { kind: f.kind, name: f.name });
      setF({ day: "", kind: f.kind, name: "" });
      await reload();
    } catch (x) {
      setErr(problemOf(x));
    }
  }

  async function remove(day: string) {
    try {
      await api("DELETE", `/api/trading/calendar/${day}`);
      await reload();
    } catch (x) {
      setErr(problemOf(x));
    }
  }

  return (
    <section data-testid="calendar-page">
      <header className="page-head">
        <h1 className="page-title">{t("calendar.title")}</h1>
      </header>
      <section className="card">
        <p className="muted">{t("calendar.hint")}</p>
        {canEdit && (
          <form className="form-inline" onSubmit={add}>
            <label className="field">
              <span className="field-label">{t("calendar.day")}</span>
              <input type="date" required value={f.day} onChange={(e) => setF({ ...f, day: e.target.value })} />
            </label>
            <label className="field">
              <span className="field-label">{t("calendar.kind")}</span>
              <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as CalendarDay["kind"] })}>
                <option value="holiday">{t("calendar.holiday")}</option>
                <option value="workday">{t("calendar.workday")}</option>
              </select>
            </label>
            <label className="field">
              <span className="field-label">{t("calendar.name")}</span>
              <input required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
            </label>
            <button type="submit" className="btn btn-primary">
              {t("calendar.add")}
            </button>
          </form>
        )}
        {err && <ProblemMessage problem={err} />}
        {data && data.items.length === 0 && <p className="muted">{t("calendar.none")}</p>}
        {data && data.items.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("calendar.day")}</th>
                <th>{t("calendar.kind")}</th>
                <th>{t("calendar.name")}</th>
                {canEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td>{t(d.kind === "holiday" ? "calendar.holiday" : "calendar.workday")}</td>
                  <td>{d.name}</td>
                  {canEdit && (
                    <td>
                      <button type="button" className="btn btn-small btn-quiet" onClick={() => void remove(d.day)}>
                        {t("calendar.remove")}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
