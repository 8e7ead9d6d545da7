/**
 * A small EST client (RFC 7030) for our own tools: `landtrade token enroll`
 * (PKCS#11 USB keys) and the client SDK. It speaks exactly what curl does in
 * the README recipe: base64 PKCS#10 in, base64 certs-only PKCS#7 out, HTTP
 * Basic with the application id and one-time code. Server errors come back
 * as the server's own coded AppError. A standby's 503 OPS_NOT_LEADER is
 * retried after its Retry-After (bounded): the standby refused before
 * touching anything, and an enrollment carries its own idempotency key (the
 * one-time code), so asking again is safe.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isErrorCode } from "../../shared/error-catalogue.js";
import { AppError } from "../../shared/errors.js";
import type { SuiteId } from "../algs/suite.js";
import { fromBase64Body, parseCertsOnly } from "../asn1/pkcs7-certs.js";
import { dateHeader, DEFAULT_RETRY, isNotLeader, retryAfterMs, sleep, type RetryPolicy } from "../../../sdk/src/leader-retry.js";

export interface EstClientOptions {
  /** The server, e.g. http://127.0.0.1:8080 (the EST paths are added). */
  baseUrl: string;
  /** CA label (suite) in the path; omit for the server default. */
  label?: SuiteId;
  /** PEM trust anchors for an https:// server (our root CA). */
  caPem?: string;
  timeoutMs?: number;
  /** Retry of a standby's OPS_NOT_LEADER (default 4 attempts, Retry-After honoured, ≤ 5 s apart). */
  retry?: Partial<RetryPolicy>;
}

interface Raw {
  status: number;
  type: string;
  body: Buffer;
  retryAfter: string | undefined;
  date: string | undefined;
}

function problemCode(raw: Raw): string | undefined {
  if (!raw.type.includes("json")) return undefined;
  try {
    return (JSON.parse(raw.body.toString("utf8")) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

/** One EST operation, asking again while a standby answers OPS_NOT_LEADER. */
async function callRetrying(opts: EstClientOptions, op: string, init: { method: "GET" | "POST"; body?: string; auth?: string }): Promise<Raw> {
  const policy = { ...DEFAULT_RETRY, ...opts.retry };
  for (let attempt = 1; ; attempt++) {
    const raw = await call(opts, op, init);
    if (attempt >= policy.attempts || !isNotLeader(raw.status, problemCode(raw))) return raw;
    await sleep(retryAfterMs(raw.retryAfter, dateHeader(raw.date), policy));
  }
}

function call(opts: EstClientOptions, op: string, init: { method: "GET" | "POST"; body?: string; auth?: string }): Promise<Raw> {
  const url = new URL(`${opts.baseUrl.replace(/\/$/, "")}/.well-known/est/${opts.label ? `${opts.label}/` : ""}${op}`);
  const headers: Record<string, string> = { accept: "application/pkcs7-mime, application/problem+json" };
  if (init.body !== undefined) {
    headers["content-type"] = "application/pkcs10";
    headers["content-transfer-encoding"] = "base64";
  }
  if (init.auth) headers.authorization = `Basic ${Buffer.from(init.auth).toString("base64")}`;
  const req = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = req(url, { method: init.method, headers, timeout: opts.timeoutMs ?? 30_000, ...(opts.caPem ? { ca: opts.caPem } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks), retryAfter: res.headers["retry-after"], date: res.headers.date }),
      );
      res.on("error", reject);
    });
    r.on("timeout", () => r.destroy(new Error(`no answer from ${url.origin} within ${opts.timeoutMs ?? 30_000} ms`)));
    r.on("error", (e) => reject(new AppError("EST_SERVER_UNREACHABLE", { detail: `${url.origin}: ${e.message}` })));
    r.end(init.body);
  });
}

function certsOf(raw: Raw, url: string): Uint8Array[] {
  if (raw.status !== 200) {
    if (raw.type.includes("json")) {
      let p: { code?: string; detail?: string } = {};
      try {
        p = JSON.parse(raw.body.toString("utf8")) as typeof p;
      } catch {
        /* fall through */
      }
      if (p.code && isErrorCode(p.code)) throw new AppError(p.code, p.detail ? { detail: p.detail } : {});
    }
    throw new AppError("EST_SERVER_UNREACHABLE", { detail: `${url}: HTTP ${raw.status}` });
  }
  try {
    return parseCertsOnly(fromBase64Body(raw.body));
  } catch (e) {
    throw new AppError("EST_SERVER_UNREACHABLE", { detail: `${url}: the answer is not a certs-only PKCS#7 (${(e as Error).message})` });
  }
}

/** The issuing chain (sub-CA, root) the server publishes. */
export async function estCaCerts(opts: EstClientOptions): Promise<Uint8Array[]> {
  return certsOf(await callRetrying(opts, "cacerts", { method: "GET" }), opts.baseUrl);
}

/** Enrolls a PKCS#10 (DER) with the application id and one-time code; returns the issued certificate (DER). */
export async function estSimpleEnroll(opts: EstClientOptions & { id: string; code: string; csr: Uint8Array }): Promise<Uint8Array> {
  const certs = certsOf(await callRetrying(opts, "simpleenroll", { method: "POST", body: Buffer.from(opts.csr).toString("base64"), auth: `${opts.id}:${opts.code}` }), opts.baseUrl);
  if (certs.length !== 1) throw new AppError("EST_SERVER_UNREACHABLE", { detail: `expected one certificate, got ${certs.length}` });
  return certs[0]!;
}

/** Renews over plain HTTP with a request signed by the current certificate's own key (same-key renewal). */
export async function estSimpleReenroll(opts: EstClientOptions & { csr: Uint8Array }): Promise<Uint8Array> {
  const certs = certsOf(await callRetrying(opts, "simplereenroll", { method: "POST", body: Buffer.from(opts.csr).toString("base64") }), opts.baseUrl);
  if (certs.length !== 1) throw new AppError("EST_SERVER_UNREACHABLE", { detail: `expected one certificate, got ${certs.length}` });
  return certs[0]!;
}
