/**
 * JSON over fetch with the server's conventions: session cookie (the browser
 * keeps it; in Node a one-cookie jar does), the x-csrf-token header on unsafe
 * methods, problem+json errors → SdkError with the server's code. Node's
 * fetch keeps connections alive, so a client makes one TCP connection.
 * A standby's 503 OPS_NOT_LEADER is retried after its Retry-After (bounded;
 * see leader-retry.ts) for GET and for requests marked idempotent.
 */
import { systemNow, type Now } from "./clock.js";
import { SdkError } from "./errors.js";
import { dateHeader, DEFAULT_RETRY, isNotLeader, retryAfterMs, sleep, type RetryPolicy } from "./leader-retry.js";

export interface HttpOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** Retry of a standby's OPS_NOT_LEADER (default: 4 attempts, Retry-After honoured, ≤ 5 s apart). */
  retry?: Partial<RetryPolicy>;
  now?: Now;
}

export interface RequestOptions {
  /**
   * Safe to send again after a standby refused it: no effect beyond its answer,
   * or it carries its own idempotency key (a bid's clientBidId). GET always is.
   */
  idempotent?: boolean;
}

export class Http {
  private cookie: string | undefined;
  csrfToken: string | undefined;
  private readonly f: typeof fetch;
  private readonly base: string;
  readonly retry: RetryPolicy;
  private readonly now: Now;

  constructor(opts: HttpOptions) {
    this.f = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.base = opts.baseUrl.replace(/\/$/, "");
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.now = opts.now ?? systemNow;
  }

  async request<T>(method: "GET" | "POST", path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const attempts = method === "GET" || opts.idempotent ? Math.max(1, this.retry.attempts) : 1;
    for (let attempt = 1; ; attempt++) {
      const r = await this.once(method, path, body);
      if (r.ok) return r.json as T;
      const err = SdkError.fromProblem(r.status, r.json);
      if (attempt >= attempts || !isNotLeader(r.status, err.code)) throw err;
      await sleep(retryAfterMs(r.retryAfter, r.date ?? this.now(), this.retry));
    }
  }

  private async once(method: "GET" | "POST", path: string, body: unknown): Promise<{ ok: boolean; status: number; json: unknown; retryAfter: string | null; date: Date | undefined }> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET" && this.csrfToken) headers["x-csrf-token"] = this.csrfToken;
    if (this.cookie) headers.cookie = this.cookie;
    let res: Response;
    try {
      res = await this.f(`${this.base}${path}`, { method, headers, credentials: "same-origin", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (e) {
      throw new SdkError("NETWORK_ERROR", 0, "无法连接安全服务", "Cannot reach the security service", e instanceof Error ? e.message : String(e));
    }
    // Outside a browser nobody keeps cookies for us: remember the session cookie.
    const setCookie = typeof res.headers.getSetCookie === "function" ? res.headers.getSetCookie() : [];
    for (const c of setCookie) {
      const pair = c.split(";")[0]!;
      if (pair.startsWith("lt_session=")) this.cookie = pair.endsWith("=") ? undefined : pair;
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { ok: res.ok, status: res.status, json, retryAfter: res.headers.get("retry-after"), date: dateHeader(res.headers.get("date")) };
  }
}
