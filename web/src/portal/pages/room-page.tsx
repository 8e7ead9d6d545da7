/**
 * The bidding room (竞价室): the live board over WebSocket (price, history by
 * bidder number shown as "my bid" / "other bid", countdown on the server's
 * clock), a bid signed by the soft token and submitted, the system-signed
 * receipt, and the continue-intent when the listing has closed.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Countdown } from "../../areas/trading/countdown.tsx";
import { fenToWanInput, wan, wanToFen } from "../../areas/trading/money.ts";
import { PhaseBadge } from "../../areas/trading/phase-badge.tsx";
import { LiveBoardClient, type LiveState } from "../../board/live-client.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime } from "../../format.ts";
import { biddingApi, type BidReceipt, type Room } from "../bidding/bidding-api.ts";
import { newClientBidId, signBid } from "../bidding/sign-bid.ts";
import type { BidderSession } from "../portal-api.ts";
import { usePortalText } from "../portal-text.ts";

export function RoomPage({ parcelId, session }: { parcelId: string; session: BidderSession | null }) {
  const { t, locale } = usePortalText();
  const [room, setRoom] = useState<Room | null>(null);
  const [live, setLive] = useState<LiveState | null>(null);
  const [client, setClient] = useState<LiveBoardClient | null>(null);
  const [amount, setAmount] = useState("");
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<BidReceipt | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    try {
      setRoom(await biddingApi.room(parcelId));
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, [parcelId]);
  useEffect(() => {
    void load();
    const c = new LiveBoardClient(parcelId, setLive);
    c.start();
    setClient(c);
    return () => c.stop();
  }, [parcelId, load]);

  const view = live?.view ?? room?.view ?? null;
  const myNo = room?.application.bidderNo;
  // A phase change on the board (intent window, timed bidding, result) refreshes what this bidder may do.
  const phase = view?.phase;
  useEffect(() => {
    if (phase) void load();
  }, [phase, load]);
  const minNext = view?.minNextFen ?? null;
  useEffect(() => {
    if (minNext) setAmount(fenToWanInput(minNext));
  }, [minNext]);

  const bids = useMemo(() => [...(live?.bids ?? [])].reverse(), [live]);
  const round = phase === "timed" ? "timed" : "listing";
  const canBid = (phase === "listing" || phase === "timed") && !!minNext && view?.highest?.bidderNo !== myNo;

  async function submit() {
    if (!room || !session) return;
    const amountFen = wanToFen(amount);
    if (!amountFen) return setProblem({ code: "VALIDATION_FAILED", status: 422, messageZh: "金额格式不正确", messageEn: "The amount is not valid" } as Problem);
    setBusy(true);
    setProblem(null);
    try {
      const clientBidId = newClientBidId();
      const signed = await signBid(session.bidder.certSerial, { parcelId, bidderNo: room.application.bidderNo, amountFen, clientBidId, round });
      setReceipt(await biddingApi.bid(parcelId, { clientBidId, amountFen, ...signed }));
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function intent(cont: boolean) {
    setProblem(null);
    try {
      await biddingApi.intent(parcelId, cont);
      await load();
    } catch (e) {
      setProblem(problemOf(e));
    }
  }

  if (!room || !view) return <section className="card">{problem ? <ProblemMessage problem={problem} testId="portal-room-error" /> : t("portal.room.loading")}</section>;
  const now = client ? () => client.clock.now() : undefined;
  const winner = view.result?.winner;
  return (
    <section className="card portal-room" data-testid="portal-room" data-phase={view.phase}>
      <h1 className="card-title">
        {room.parcel.parcelNo} {room.parcel.name} <PhaseBadge phase={view.phase} />
      </h1>
      <p className="muted">
        {t("portal.trading.bidderNo")}: <code data-testid="portal-room-bidder-no">{myNo}</code> · {t("portal.room.live")}: <span data-testid="portal-room-live">{live?.status ?? "connecting"}</span>
      </p>
      <div className="portal-room-price">
        <div>
          <div className="muted">{t("portal.room.highest")}</div>
          <div className="portal-room-amount" data-testid="portal-room-highest" data-fen={view.highest?.amountFen ?? ""}>
            {view.highest ? `${wan(view.highest.amountFen)} ${t("portal.trading.wan")}` : "—"}
          </div>
          {view.highest && <div data-testid="portal-room-highest-who">{view.highest.bidderNo === myNo ? t("portal.room.mine") : t("portal.room.other")}</div>}
        </div>
        {view.deadline && (
          <div>
            <div className="muted">{t(`portal.room.deadline.${view.deadlineKind ?? "none"}` as never)}</div>
            <Countdown deadline={view.deadline} {...(now ? { now } : {})} className="portal-room-amount" testId="portal-room-countdown" />
          </div>
        )}
      </div>

      {view.result && (
        <p className="notice" data-testid="portal-room-result" data-outcome={view.result.outcome} data-won={winner?.bidderNo === myNo ? "yes" : "no"}>
          {winner && winner.bidderNo === myNo ? t("portal.trading.won", { amount: wan(winner.amountFen) }) : t(`portal.outcome.${view.result.outcome}` as never)}
        </p>
      )}

      {room.intentOpen && (
        <div className="form-actions" data-testid="portal-intent">
          <span>{t("portal.room.intentAsk")}</span>
          <button type="button" className="btn btn-primary" onClick={() => void intent(true)} data-testid="portal-intent-yes">
            {t("portal.room.intentYes")}
          </button>
          <button type="button" className="btn" onClick={() => void intent(false)} data-testid="portal-intent-no">
            {t("portal.room.intentNo")}
          </button>
        </div>
      )}
      {room.intent !== null && phase === "intent" && <p data-testid="portal-intent-given">{room.intent ? t("portal.room.intentYes") : t("portal.room.intentNo")}</p>}

      {canBid && (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label className="field">
            <span className="field-label">
              {t("portal.room.amount")} ({t("portal.room.min", { amount: wan(minNext) })})
            </span>
            <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" data-testid="portal-bid-amount" />
          </label>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="portal-bid-submit">
              {busy ? t("portal.room.signing") : t("portal.room.signAndBid")}
            </button>
          </div>
        </form>
      )}
      {problem && <ProblemMessage problem={problem} testId="portal-room-error" />}
      {receipt && (
        <div className="alert alert-ok" role="status" data-testid="portal-receipt" data-seq={receipt.seq}>
          <strong>{t("portal.room.receipt")}</strong> #{receipt.seq} · {wan(receipt.amountFen)} {t("portal.trading.wan")} · {formatTime(receipt.receivedAt, locale)}
          <div className="ra-sub">
            {t("portal.room.hash")}: <code>{receipt.hash.slice(0, 24)}…</code>
          </div>
          <a download={`bid-receipt-${receipt.seq}.p7m`} href={`data:application/pkcs7-mime;base64,${receipt.receipt}`} data-testid="portal-receipt-download">
            {t("portal.room.download")}
          </a>
        </div>
      )}

      <h2>{t("portal.room.history")}</h2>
      <table className="table" data-testid="portal-room-history">
        <tbody>
          {bids.map((b) => (
            <tr key={b.bidId} data-testid="portal-room-bid" data-mine={b.bidderNo === myNo ? "yes" : "no"}>
              <td>{b.bidderNo === myNo ? t("portal.room.mine") : t("portal.room.other")}</td>
              <td>{b.bidderNo}</td>
              <td>{t(`portal.round.${b.round}` as never)}</td>
              <td>
                {wan(b.amountFen)} {t("portal.trading.wan")}
              </td>
              <td>{formatTime(b.at, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
