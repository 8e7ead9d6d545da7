/**
 * PostgreSQL LISTEN/NOTIFY between the nodes sharing one database: NOTIFY
 * goes through the pool (`select pg_notify(…)`, delivered at commit, in
 * order per sender); LISTEN holds one dedicated connection, opened on the
 * first listen and re-opened (re-listening every channel) after it breaks.
 * Delivery is best-effort: whoever relies on it must be able to catch up
 * from the database (the live board does, by seq).
 */
import pg from "pg";

export type NotifyHandler = (payload: string) => void;

export interface NotifyChannel {
  notify(channel: string, payload: string): Promise<void>;
  /** Resolves once the LISTEN is in place; returns the unlisten function. */
  listen(channel: string, handler: NotifyHandler): Promise<() => void>;
  close(): Promise<void>;
}

/** PostgreSQL's limit is 8000 bytes; keep a margin. */
export const NOTIFY_MAX_BYTES = 7900;
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export function pgNotifyChannel(url: string, pool: pg.Pool, log?: { warn(o: object, m: string): void }): NotifyChannel {
  const handlers = new Map<string, Set<NotifyHandler>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;

  const checkName = (ch: string) => {
    if (!CHANNEL.test(ch)) throw new Error(`bad notify channel name ${ch}`);
  };

  const connect = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url });
      c.on("notification", (m) => {
        for (const h of handlers.get(m.channel) ?? []) {
          try {
            h(m.payload ?? "");
          } catch (e) {
            log?.warn({ err: e, channel: m.channel }, "notify handler failed");
          }
        }
      });
      c.on("error", (e) => {
        log?.warn({ err: e }, "LISTEN connection lost; reconnecting");
        if (client === c) client = null;
        void c.end().catch(() => undefined);
        if (!closed && handlers.size) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
      });
      await c.connect();
      for (const ch of handlers.keys()) await c.query(`LISTEN ${ch}`);
      client = c;
      return c;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    async notify(channel, payload) {
      checkName(channel);
      await pool.query("select pg_notify($1, $2)", [channel, payload]);
    },
    async listen(channel, handler) {
      checkName(channel);
      let set = handlers.get(channel);
      const fresh = !set;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      const c = await connect();
      if (fresh) await c.query(`LISTEN ${channel}`);
      return () => {
        set.delete(handler);
        if (set.size === 0) {
          handlers.delete(channel);
          void client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
        }
      };
    },
    async close() {
      closed = true;
      handlers.clear();
      const c = client ?? (connecting ? await connecting.catch(() => null) : null);
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
