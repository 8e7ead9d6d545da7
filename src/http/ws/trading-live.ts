/**
 * The live board over WebSocket: GET /api/trading/parcels/:id/live[?since=N].
 *
 * Server → client (JSON text frames):
 *   {type:"snapshot", snapshot}          first message without `since` (or when catch-up is too long)
 *   {type:"board", message}              every board message, in seq order, without gaps
 *   {type:"pong", t, serverTime}         answer to a ping
 * Client → server:
 *   {type:"ping", t}                     t = the client's clock; the client estimates its offset from
 *                                        serverTime and the round trip, and shows countdowns as
 *                                        deadline − (local now + offset)
 *
 * Reconnecting with ?since=<last seq seen> replays what was missed from the
 * database. The bus may lose or reorder nothing we rely on: a gap in seq is
 * filled from the database before the newer message is sent. A client that
 * cannot keep up (over 1 MiB buffered) is closed with 1013 and reconnects
 * with `since`.
 */
import type { FastifyInstance } from "fastify";
import type { WebSocket } from "ws";
import { z } from "zod";
import type { BoardMessage } from "../../trading/live/board-message.js";
import type { HttpDeps } from "../deps.js";

const MAX_BUFFERED = 1 << 20;
const frames = new WeakMap<BoardMessage, string>();

/** Each message is serialised once, however many watchers it goes to. */
function frameOf(m: BoardMessage): string {
  let f = frames.get(m);
  if (!f) frames.set(m, (f = JSON.stringify({ type: "board", message: m })));
  return f;
}

const params = z.object({ id: z.uuid() });
const query = z.object({ since: z.coerce.number().int().min(0).optional() });

export function registerTradingLive(app: FastifyInstance, deps: HttpDeps): void {
  const { bus, board } = deps.trading;

  app.route({
    method: "GET",
    url: "/api/trading/parcels/:id/live",
    websocket: true,
    config: { access: "public" },
    schema: { tags: ["trading-live"], summary: "Live board (WebSocket): price, anonymised history, countdown with server time; ?since=N catches up", params, querystring: query },
    handler: (socket: WebSocket, req) => {
      const { id } = req.params as z.infer<typeof params>;
      const { since } = req.query as z.infer<typeof query>;
      let lastSent = -1;
      let ready = false;
      let closed = false;
      const early: BoardMessage[] = [];
      let chain: Promise<void> = Promise.resolve();

      const send = (text: string) => {
        if (closed) return;
        if (socket.bufferedAmount > MAX_BUFFERED) {
          socket.close(1013, "too slow: reconnect with ?since");
          return;
        }
        socket.send(text);
      };

      const deliver = async (m: BoardMessage) => {
        if (m.seq <= lastSent) return;
        if (m.seq > lastSent + 1) {
          const missed = await board.after(id, lastSent, m.seq - lastSent - 1);
          for (const x of missed.messages) {
            if (x.seq <= lastSent || x.seq >= m.seq) continue;
            send(frameOf(x));
            lastSent = x.seq;
          }
        }
        send(frameOf(m));
        lastSent = m.seq;
      };
      const enqueue = (m: BoardMessage) => {
        chain = chain.then(() => deliver(m)).catch(() => socket.close(1011, "board read failed"));
      };

      const unsubscribe = bus.subscribe(id, (m) => (ready ? enqueue(m) : early.push(m)));
      // A client that vanishes (reset, network loss) must not take the process down; close cleans up.
      socket.on("error", () => socket.terminate());
      socket.on("close", () => {
        closed = true;
        unsubscribe();
      });
      socket.on("message", (data) => {
        let msg: unknown;
        try {
          msg = JSON.parse(String(data));
        } catch {
          return;
        }
        const ping = z.object({ type: z.literal("ping"), t: z.number().finite() }).safeParse(msg);
        if (ping.success) send(JSON.stringify({ type: "pong", t: ping.data.t, serverTime: deps.clock.now().toISOString() }));
      });

      const start = async () => {
        if (!(await board.exists(id))) {
          socket.close(4404, "TRADE_PARCEL_NOT_FOUND");
          return;
        }
        const caughtUp = since === undefined ? null : await board.after(id, since);
        if (caughtUp?.complete) {
          lastSent = since!;
          for (const m of caughtUp.messages) {
            send(frameOf(m));
            lastSent = m.seq;
          }
          send(JSON.stringify({ type: "time", serverTime: deps.clock.now().toISOString() }));
        } else {
          const snapshot = await board.snapshot(id);
          send(JSON.stringify({ type: "snapshot", snapshot }));
          lastSent = snapshot.lastSeq;
        }
        ready = true;
        for (const m of early.splice(0)) enqueue(m);
      };
      chain = start().catch(() => socket.close(1011, "board read failed"));
    },
  });
}
