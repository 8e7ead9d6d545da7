/**
 * The live-board client: a WebSocket to /api/trading/parcels/:id/live that
 * keeps the view, the bid history and the last message number; reconnects
 * with ?since=<last seq> (exponential back-off, capped at 10 s) and corrects
 * the local clock against the server's with ping/pong every 10 s.
 */
import { localNow, ServerClock } from "../clock.ts";
import type { BidView, BoardMessage, BoardSnapshot, SaleView } from "../areas/trading/trading-types.ts";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "notFound";

export interface LiveState {
  status: LiveStatus;
  snapshot: Omit<BoardSnapshot, "view" | "bids" | "lastSeq" | "serverTime"> | null;
  view: SaleView | null;
  bids: BidView[];
  lastSeq: number;
}

export class LiveBoardClient {
  readonly clock = new ServerClock();
  private ws: WebSocket | null = null;
  private stopped = false;
  private retry = 0;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private state: LiveState = { status: "connecting", snapshot: null, view: null, bids: [], lastSeq: -1 };

  constructor(
    private readonly parcelId: string,
    private readonly onChange: (s: LiveState) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.ws?.close();
  }

  private set(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  private connect(): void {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const since = this.state.lastSeq >= 0 ? `?since=${this.state.lastSeq}` : "";
    const ws = new WebSocket(`${proto}//${location.host}/api/trading/parcels/${encodeURIComponent(this.parcelId)}/live${since}`);
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.ping();
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.ping(), 10_000);
    };
    ws.onmessage = (ev) => this.handle(JSON.parse(String(ev.data)) as { type: string });
    ws.onclose = (ev) => {
      // A socket replaced by a newer one (or stopped) must not reconnect.
      if (this.stopped || this.ws !== ws) return;
      if (this.pingTimer) clearInterval(this.pingTimer);
      if (ev.code === 4404) return this.set({ status: "notFound" });
      this.set({ status: "reconnecting" });
      const delay = Math.min(10_000, 500 * 2 ** this.retry++);
      setTimeout(() => this.connect(), delay);
    };
  }

  private ping(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: "ping", t: localNow() }));
  }

  private handle(m: { type: string }): void {
    if (m.type === "snapshot") {
      const { view, bids, lastSeq, serverTime, ...rest } = (m as unknown as { snapshot: BoardSnapshot }).snapshot;
      this.clock.seed(serverTime);
      this.set({ status: "live", snapshot: rest, view, bids, lastSeq });
    } else if (m.type === "board") {
      const msg = (m as unknown as { message: BoardMessage }).message;
      if (msg.seq <= this.state.lastSeq) return;
      const bids = msg.bid && !this.state.bids.some((b) => b.bidId === msg.bid!.bidId) ? [...this.state.bids, msg.bid] : this.state.bids;
      this.set({ status: "live", view: msg.view, bids, lastSeq: msg.seq });
    } else if (m.type === "time") {
      this.clock.seed((m as unknown as { serverTime: string }).serverTime);
      this.set({ status: "live" });
    } else if (m.type === "pong") {
      const p = m as unknown as { t: number; serverTime: string };
      this.clock.sample(p.t, p.serverTime);
      this.onChange(this.state);
    }
  }
}
