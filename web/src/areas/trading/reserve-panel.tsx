/**
 * The sealed reserve: the trading administrator enters it, the supervisor
 * confirms it by entering it again blind; nobody sees it before the result.
 */
import { useState, type FormEvent } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { localNow } from "../../clock.ts";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { wan, wanToFen } from "./money.ts";
import type { ReserveStatus } from "./trading-types.ts";
import { useResource } from "./use-resource.ts";

export function ReservePanel({ parcelId, role }: { parcelId: string; role: "admin" | "supervisor" }) {
  const { t, locale } = useI18n();
  const { data, problem, reload } = useResource<ReserveStatus>(`/api/trading/parcels/${parcelId}/reserve`);
  const [amount, setAmount] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<Problem | null>(null);
  const [ok, setOk] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fen = wanToFen(amount);
    if (!fen) return setErr({ code: "CLIENT_BAD_AMOUNT", status: 0, messageZh: t("parcel.badMoney"), messageEn: t("parcel.badMoney") });
    setBusy(true);
    setErr(null);
    setOk(false);
    try {
      await post(`/api/trading/parcels/${parcelId}/reserve${role === "supervisor" ? "/confirm" : ""}`, { reserveFen: fen });
      setAmount("");
      setOk(true);
    } catch (e2) {
      setErr(problemOf(e2));
    } finally {
      setBusy(false);
      await reload();
    }
  }

  // The server decides; the form is offered only while the entry window is open (by this device's clock).
  const inWindow = data && localNow() >= Date.parse(data.windowOpensAt) && localNow() < Date.parse(data.windowClosesAt);
  const canAct = data && inWindow && !data.revealedFen && (role === "admin" ? !data.confirmed : data.entered && !data.confirmed);
  return (
    <section className="card" data-testid="reserve-panel">
      <h2 className="card-title">{t("reserve.title")}</h2>
      {problem && <ProblemMessage problem={problem} />}
      {data && (
        <>
          <p className="muted">{t("reserve.window", { from: formatTime(data.windowOpensAt, locale), to: formatTime(data.windowClosesAt, locale) })}</p>
          <p data-testid="reserve-status">
            {data.revealedFen
              ? t("reserve.revealed", { at: formatTime(data.revealedAt!, locale), amount: wan(data.revealedFen) })
              : data.confirmed
                ? t("reserve.confirmed", { by: data.confirmedBy ?? "", at: formatTime(data.confirmedAt!, locale) })
                : data.entered
                  ? t("reserve.entered", { by: data.enteredBy ?? "", at: formatTime(data.enteredAt!, locale) })
                  : t("reserve.notEntered")}
          </p>
          {canAct && (
            <form className="form-inline" onSubmit={submit} data-testid="reserve-form">
              <label className="field">
                <span className="field-label">{role === "admin" ? t("reserve.amount") : t("reserve.confirm")}</span>
                <input type="password" inputMode="decimal" autoComplete="off" required value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="reserve-amount" />
              </label>
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="reserve-submit">
                {role === "admin" ? t("reserve.enter") : t("reserve.confirm")}
              </button>
            </form>
          )}
          {role === "supervisor" && canAct && <p className="muted small">{t("reserve.confirmHint")}</p>}
        </>
      )}
      <div aria-live="polite">
        {ok && <Notice text={t("reserve.ok")} testId="reserve-ok" />}
        {err && <ProblemMessage problem={err} testId="reserve-error" />}
      </div>
    </section>
  );
}
