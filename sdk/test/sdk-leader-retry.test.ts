/**
 * The SDK and the EST client ride out a standby: against a real HTTP server
 * (node:http on a real port — not a mock of the clients' transport) that
 * answers 503 OPS_NOT_LEADER with Retry-After, as a standby landtrade node
 * does, before it answers 200. Proves: the retry happens for idempotent
 * requests only (GET, the stateless security functions, requests marked
 * idempotent such as a bid with its clientBidId, EST enrollment), the
 * Retry-After wait is honoured, attempts are bounded, and other errors —
 * including other 503s — are not retried.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCertsOnly, toBase64Body } from "../../src/pki/asn1/pkcs7-certs.js";
import { estCaCerts, estSimpleEnroll } from "../../src/pki/est/est-client.js";
import { AppError } from "../../src/shared/errors.js";
import { miniCa } from "../../test/helpers/mini-ca.js";
import { isSdkError, LandtradeClient, retryAfterMs, SDK_FUNCTIONS, type SdkError } from "../src/index.js";

interface Hit {
  method: string;
  path: string;
  body: string;
  at: number;
}

/** Per path: how many 503s to give before the real answer, and with which Retry-After. */
type Plan = Record<string, { refusals: number; retryAfter?: string; other503?: boolean; answer: (req: IncomingMessage, res: ServerResponse) => void }>;

let server: Server;
let base: string;
let hits: Hit[] = [];
let plan: Plan = {};

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": status >= 400 ? "application/problem+json" : "application/json" });
  res.end(JSON.stringify(body));
};

const notLeader = (res: ServerResponse, retryAfter: string | undefined) => {
  res.writeHead(503, { "content-type": "application/problem+json", ...(retryAfter !== undefined ? { "retry-after": retryAfter } : {}) });
  res.end(JSON.stringify({ type: "about:blank", title: "Not the primary", status: 503, code: "OPS_NOT_LEADER", detail: "node b is a standby", retryAfter: Number(retryAfter ?? 1) }));
};

const functions = { apiVersion: "1", serverVersion: "test", functions: Object.entries(SDK_FUNCTIONS).map(([name, version]) => ({ name, version })), limits: { maxPayloadBytes: 1_000_000 }, missing: [] };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      hits.push({ method: req.method ?? "", path, body: Buffer.concat(chunks).toString("utf8"), at: performance.now() });
      const p = plan[path];
      if (!p) return json(res, 404, { status: 404, code: "NOT_FOUND" });
      const seen = hits.filter((h) => h.path === path).length;
      if (seen <= p.refusals) {
        if (p.other503) return json(res, 503, { status: 503, code: "DB_UNAVAILABLE", detail: "database down" });
        return notLeader(res, p.retryAfter);
      }
      p.answer(req, res);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  hits = [];
  plan = {};
});

const on = (path: string) => hits.filter((h) => h.path === path);
const caught = (p: Promise<unknown>): Promise<SdkError> =>
  p.then(
    () => {
      throw new Error("expected an SdkError");
    },
    (e: unknown) => {
      if (!isSdkError(e)) throw e;
      return e;
    },
  );

describe("Retry-After", () => {
  const policy = { defaultDelayMs: 1000, maxDelayMs: 5000 };
  const now = new Date("2026-03-02T08:00:00Z");
  it("reads delta-seconds and HTTP-dates, caps the wait and falls back to the default", () => {
    expect(retryAfterMs("2", now, policy)).toBe(2000);
    expect(retryAfterMs("0", now, policy)).toBe(0);
    expect(retryAfterMs("120", now, policy)).toBe(5000);
    expect(retryAfterMs("Mon, 02 Mar 2026 08:00:03 GMT", now, policy)).toBe(3000);
    expect(retryAfterMs("Mon, 02 Mar 2026 07:59:00 GMT", now, policy)).toBe(0);
    expect(retryAfterMs("Mon, 02 Mar 2026 08:00:03 GMT", undefined, policy)).toBe(1000); // no Date to measure from
    expect(retryAfterMs(undefined, now, policy)).toBe(1000);
    expect(retryAfterMs("soon", now, policy)).toBe(1000);
    expect(retryAfterMs("-3", now, policy)).toBe(1000);
  });
});

describe("SDK over a standby", () => {
  it("negotiation and a security function are retried until the primary answers, waiting as Retry-After says", async () => {
    plan["/api/security/functions"] = { refusals: 1, retryAfter: "1", answer: (_q, r) => json(r, 200, functions) };
    plan["/api/security/verify"] = { refusals: 2, retryAfter: "0", answer: (_q, r) => json(r, 200, { valid: true }) };
    const client = new LandtradeClient({ baseUrl: base });
    await client.negotiate();
    const f = on("/api/security/functions");
    expect(f).toHaveLength(2);
    expect(f[1]!.at - f[0]!.at).toBeGreaterThanOrEqual(950); // Retry-After: 1
    expect(f[1]!.body).toBe(f[0]!.body); // the same request again
    expect(await client.api.verify({ cms: "AAAA" } as never)).toEqual({ valid: true });
    expect(on("/api/security/verify")).toHaveLength(3);
  });

  it("a request carrying its own idempotency key (a bid's clientBidId) is retried when marked idempotent; the same body each time", async () => {
    plan["/api/bidder/parcels/p1/bids"] = { refusals: 2, retryAfter: "0", answer: (_q, r) => json(r, 201, { seq: 7 }) };
    const client = new LandtradeClient({ baseUrl: base });
    const bid = { clientBidId: "cb-123", amountFen: "1000", document: "{}", signature: "AAAA" };
    expect(await client.http.request("POST", "/api/bidder/parcels/p1/bids", bid, { idempotent: true })).toEqual({ seq: 7 });
    const h = on("/api/bidder/parcels/p1/bids");
    expect(h).toHaveLength(3);
    expect(new Set(h.map((x) => x.body))).toEqual(new Set([JSON.stringify(bid)]));
  });

  it("a request not known to be idempotent (password login) is not retried: the caller gets OPS_NOT_LEADER", async () => {
    plan["/api/auth/login"] = { refusals: 1, retryAfter: "0", answer: (_q, r) => json(r, 200, { csrfToken: "x" }) };
    const e = await caught(new LandtradeClient({ baseUrl: base }).loginWithPassword("ops", "pw"));
    expect([e.code, e.status]).toEqual(["OPS_NOT_LEADER", 503]);
    expect(on("/api/auth/login")).toHaveLength(1);
  });

  it("gives up after the configured attempts", async () => {
    plan["/api/security/trust"] = { refusals: 99, retryAfter: "0", answer: (_q, r) => json(r, 200, { certificates: [] }) };
    const client = new LandtradeClient({ baseUrl: base, retry: { attempts: 3 } });
    const e = await caught(client.http.request("GET", "/api/security/trust"));
    expect(e.code).toBe("OPS_NOT_LEADER");
    expect(on("/api/security/trust")).toHaveLength(3);
  });

  it("other 503s (not a standby's refusal) and retry turned off are answered at once", async () => {
    plan["/api/security/trust"] = { refusals: 1, other503: true, answer: (_q, r) => json(r, 200, { certificates: [] }) };
    expect((await caught(new LandtradeClient({ baseUrl: base }).http.request("GET", "/api/security/trust"))).code).toBe("DB_UNAVAILABLE");
    expect(on("/api/security/trust")).toHaveLength(1);
    hits = [];
    plan["/api/security/trust"] = { refusals: 1, retryAfter: "0", answer: (_q, r) => json(r, 200, { certificates: [] }) };
    expect((await caught(new LandtradeClient({ baseUrl: base, retry: { attempts: 1 } }).http.request("GET", "/api/security/trust"))).code).toBe("OPS_NOT_LEADER");
    expect(on("/api/security/trust")).toHaveLength(1);
  });
});

describe("EST client over a standby", () => {
  it("cacerts and simpleenroll are retried after Retry-After; the enrollment is sent again unchanged (the one-time code is its idempotency key)", async () => {
    const ca = await miniCa("ecdsa-p256", new Date("2026-03-02T08:00:00Z"));
    const leaf = await ca.issue(ca.signer.spki, "演练投标人");
    const pkcs7 = (certs: Uint8Array[]) => (_q: IncomingMessage, r: ServerResponse) => {
      r.writeHead(200, { "content-type": "application/pkcs7-mime; smime-type=certs-only", "content-transfer-encoding": "base64" });
      r.end(toBase64Body(buildCertsOnly(certs)));
    };
    plan["/.well-known/est/cacerts"] = { refusals: 1, retryAfter: "0", answer: pkcs7([ca.cert]) };
    plan["/.well-known/est/simpleenroll"] = { refusals: 2, retryAfter: "1", answer: pkcs7([leaf]) };
    expect(await estCaCerts({ baseUrl: base })).toEqual([ca.cert]);
    expect(on("/.well-known/est/cacerts")).toHaveLength(2);
    const csr = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00); // the server here does not parse it
    expect(await estSimpleEnroll({ baseUrl: base, id: "APP-1", code: "123456", csr })).toEqual(leaf);
    const h = on("/.well-known/est/simpleenroll");
    expect(h).toHaveLength(3);
    expect(h[1]!.at - h[0]!.at).toBeGreaterThanOrEqual(950);
    expect(new Set(h.map((x) => x.body)).size).toBe(1);
  });

  it("gives up after the configured attempts with the server's own code", async () => {
    plan["/.well-known/est/simpleenroll"] = { refusals: 99, retryAfter: "0", answer: () => undefined };
    const err = await estSimpleEnroll({ baseUrl: base, id: "APP-1", code: "123456", csr: Uint8Array.of(0x30, 0), retry: { attempts: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("OPS_NOT_LEADER");
    expect(on("/.well-known/est/simpleenroll")).toHaveLength(2);
  });
});
