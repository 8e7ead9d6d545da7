/**
 * fetch wrapper: JSON in and out, the CSRF header on unsafe methods, and
 * every failure turned into an ApiError carrying a problem+json body (a
 * network failure or an unreadable response gets a local code).
 */
import type { Problem } from "./types.ts";

export const NETWORK_ERROR = "CLIENT_NETWORK_ERROR";
export const BAD_RESPONSE = "CLIENT_BAD_RESPONSE";

/** Codes meaning "your session is gone": the app returns to the login page. */
export const SESSION_LOST = new Set(["AUTH_REQUIRED", "AUTH_SESSION_EXPIRED", "AUTH_ACCOUNT_DISABLED"]);

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.code}: ${problem.messageEn}`);
    this.name = "ApiError";
  }
}

let csrfToken: string | null = null;
let onSessionLost: ((p: Problem) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For requests api() does not make (raw uploads): the CSRF header value of this session. */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Called when an authenticated call answers with a SESSION_LOST code. */
export function setSessionLostHandler(fn: ((p: Problem) => void) | null): void {
  onSessionLost = fn;
}

function isProblem(v: unknown): v is Problem {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return typeof p.code === "string" && typeof p.messageZh === "string" && typeof p.messageEn === "string";
}

function localProblem(code: string, status: number, detail?: string): Problem {
  return { code, status, messageZh: "", messageEn: "", ...(detail ? { detail } : {}) };
}

export interface CallOptions {
  /** Do not hand SESSION_LOST answers to the global handler (login, /me). */
  quiet401?: boolean;
}

export async function api<T>(method: string, url: string, body?: unknown, opts: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["x-csrf-token"] = csrfToken;

  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(localProblem(NETWORK_ERROR, 0, (e as Error).message));
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Falls through to BAD_RESPONSE below.
  }
  if (res.ok && parsed !== undefined) return parsed as T;
  if (isProblem(parsed)) {
    if (!opts.quiet401 && SESSION_LOST.has(parsed.code)) onSessionLost?.(parsed);
    throw new ApiError(parsed);
  }
  throw new ApiError(localProblem(BAD_RESPONSE, res.status, text.slice(0, 200)));
}

export const get = <T>(url: string, opts?: CallOptions) => api<T>("GET", url, undefined, opts);
export const post = <T>(url: string, body?: unknown, opts?: CallOptions) => api<T>("POST", url, body, opts);
export const patch = <T>(url: string, body: unknown) => api<T>("PATCH", url, body);

/** The problem inside an error thrown by api(), or a local one for anything else. */
export function problemOf(e: unknown): Problem {
  if (e instanceof ApiError) return e.problem;
  return localProblem(BAD_RESPONSE, 0, e instanceof Error ? e.message : String(e));
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const put = <T>(url: string, body: unknown) => api<T>("PUT", url, body);
