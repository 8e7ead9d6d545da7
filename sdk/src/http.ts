/**
 * JSON over fetch with the server's conventions: session cookie (the browser
 * keeps it; in Node a one-cookie jar does), the x-csrf-token header on unsafe
 * methods, problem+json errors → SdkError with the server's code. Node's
 * fetch keeps connections alive, so a client makes one TCP connection.
 */
import { SdkError } from "./errors.js";

export interface HttpOptions {
  baseUrl: string;
  fetch?: typeof fetch;
}

export class Http {
  private cookie: string | undefined;
  csrfToken: string | undefined;
  private readonly f: typeof fetch;
  private readonly base: string;

  constructor(opts: HttpOptions) {
    this.f = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.base = opts.baseUrl.replace(/\/$/, "");
  }

  async request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
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
    if (!res.ok) throw SdkError.fromProblem(res.status, json);
    return json as T;
  }
}
