/**
 * The public big-screen display (/board/:parcelId): current price, countdown
 * on the server's clock, bid history by bidder number and the price curve.
 * No login; nothing on it identifies a bidder.
 */
import { useEffect, useMemo, useState } from "react";
import { formatTime } from "../format.ts";
import type { MessageKey } from "../i18n/zh.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { LanguageSwitch } from "../components/language-switch.tsx";
import { Countdown } from "../areas/trading/countdown.tsx";
import { PhaseBadge } from "../areas/trading/phase-badge.tsx";
import { wan } from "../areas/trading/money.ts";
import { LiveBoardClient, type LiveState } from "./live-client.ts";
import { PriceCurve } from "./price-curve.tsx";

export function BoardPage({ parcelId }: { parcelId: string }) {
  const { t, locale } = useI18n();
  const [s, setS] = useState<LiveState | null>(null);
  const client = useMemo(() => new LiveBoardClient(parcelId, setS), [parcelId]);
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);

  if (s?.status === "notFound") return <p className="board-empty">{t("board.notFound")}</p>;
  const v = s?.view;
  const snap = s?.snapshot;
  const result = v?.result;
  return (
    <div className="board" data-testid="board">
      <header className="board-head">
        <div>
          <h1>{snap ? `${snap.parcelNo} ${snap.name}` : t("board.title")}</h1>
          {snap && <p>{t("board.start", { start: wan(snap.startPriceFen), inc: wan(snap.incrementFen) })}</p>}
        </div>
        <div className="board-status">
          {v && <PhaseBadge phase={v.phase} />}
          <span className={`board-conn board-conn-${s?.status ?? "connecting"}`} data-testid="board-status" data-status={s?.status ?? "connecting"}>
            {t(s?.status === "live" ? "board.live" : s?.status === "reconnecting" ? "board.reconnecting" : "board.connecting")}
          </span>
          <LanguageSwitch />
        </div>
      </header>
      <main className="board-main">
        <section className="board-price">
          <p className="board-label">{t("board.current")}</p>
          <p className="board-amount" data-testid="board-amount">
            {v?.highest ? wan(v.highest.amountFen) : snap ? wan(snap.startPriceFen) : "—"}
          </p>
          {v?.highest && <p className="board-who">{t("sale.highestBy", { no: v.highest.bidderNo })}</p>}
          {v?.deadline && !result && (
            <p className="board-countdown">
              <span>{t("board.countdown", { kind: t(`board.kind.${v.deadlineKind}` as MessageKey) })}</span>
              <Countdown deadline={v.deadline} now={() => client.clock.now()} className="board-clock" testId="board-countdown" />
            </p>
          )}
          {result?.outcome === "sold" && result.winner && (
            <p className="board-result board-result-sold" data-testid="board-result">
              {t("board.sold", { amount: wan(result.winner.amountFen), no: result.winner.bidderNo })}
            </p>
          )}
          {result?.outcome === "withdrawn" && (
            <p className="board-result" data-testid="board-result">
              {t("board.withdrawn")}
            </p>
          )}
          {result?.outcome === "terminated" && (
            <p className="board-result" data-testid="board-result">
              {t("board.terminated")}
            </p>
          )}
        </section>
        <section className="board-curve">
          <h2>{t("board.curve")}</h2>
          {snap && <PriceCurve bids={s?.bids ?? []} startFen={snap.startPriceFen} />}
        </section>
        <section className="board-history">
          <h2>{t("board.history")}</h2>
          {s && s.bids.length === 0 && <p>{t("board.noBids")}</p>}
          <ol reversed data-testid="board-history">
            {[...(s?.bids ?? [])].reverse().map((b) => (
              <li key={b.bidId}>
                <span className="board-bid-amount">{wan(b.amountFen)}</span>
                <span>{t("sale.highestBy", { no: b.bidderNo })}</span>
                <span>{t(b.round === "timed" ? "board.round.timed" : "board.round.listing")}</span>
                <span className="board-bid-time">{formatTime(b.at, locale)}</span>
              </li>
            ))}
          </ol>
        </section>
      </main>
      <footer className="board-foot">
        {t("board.serverTime")}: <ServerTime now={() => client.clock.now()} />
      </footer>
    </div>
  );
}

function ServerTime({ now }: { now: () => number }) {
  const { locale } = useI18n();
  const [, setTick] = useState(0);
  useEffect(() => {
    const h = setInterval(() => setTick((x) => x + 1), 1000);
    return () => clearInterval(h);
  }, []);
  return <span data-testid="board-server-time">{formatTime(new Date(now()).toISOString(), locale)}</span>;
}
