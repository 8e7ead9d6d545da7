/** The bidder portal's API calls: certificate login, pre-application, enrollment steps, my certificates. */
import { ApiError, get, post, setCsrfToken } from "../api/client.ts";
import type { Cert, Application } from "../areas/ra/ra-api.ts";
import { toBase64, utf8 } from "./token/bytes.ts";
import { basicAuth } from "./token/est.ts";
import type { BrowserSigner } from "./token/csr.ts";

export interface BidderSession {
  bidder: { applicantId: string; displayName: string; kind: string; certSerial: string; suite: string; sessionId: string };
  csrfToken: string;
  expiresAt: string;
}

export interface EnrollmentInfo {
  applicationId: string;
  state: string;
  suite: "ecdsa-p256" | "sm2" | "rsa-2048";
  dual: boolean;
  tokenKind: string | null;
  tokenSerial: string | null;
  subject: string;
  codeExpiresAt: string | null;
  signSerial: string | null;
}

export interface Delivery {
  encSerial: string;
  encCertificate: string;
  envelope: string | null;
}

async function basicJson<T>(method: "GET" | "POST", url: string, id: string, code: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { authorization: basicAuth(id, code), accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const parsed = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    throw new ApiError((parsed as never) ?? { code: "CLIENT_BAD_RESPONSE", status: res.status, messageZh: "", messageEn: "" });
  }
  return parsed as T;
}

export const portalApi = {
  me: () => get<BidderSession>("/api/bidder-auth/me", { quiet401: true }),

  /** The whole certificate login: challenge → token signature → session. */
  async login(certificateDer: Uint8Array, signer: BrowserSigner): Promise<BidderSession> {
    const ch = await post<{ challengeId: string; toSign: string }>("/api/bidder-auth/challenge", undefined, { quiet401: true });
    const signature = await signer.sign(utf8(ch.toSign));
    const s = await post<BidderSession>("/api/bidder-auth/login", { challengeId: ch.challengeId, certificate: toBase64(certificateDer), signature: toBase64(signature) }, { quiet401: true });
    setCsrfToken(s.csrfToken);
    return s;
  },

  logout: () => post<void>("/api/bidder-auth/logout", undefined, { quiet401: true }),
  preApply: (body: unknown) => post<{ applicationId: string; state: string }>("/api/portal/pre-applications", body),
  enrollmentInfo: (id: string, code: string) => basicJson<EnrollmentInfo>("GET", `/api/portal/enrollment/${encodeURIComponent(id)}`, id, code),
  activate: (id: string, code: string, signature: Uint8Array) =>
    basicJson<{ serial: string; delivery: Delivery | null }>("POST", `/api/portal/enrollment/${encodeURIComponent(id)}/activate`, id, code, { signature: toBase64(signature) }),
  certificates: () => get<{ items: Cert[] }>("/api/portal/certificates", { quiet401: true }),
  applications: () => get<{ items: Application[] }>("/api/portal/applications", { quiet401: true }),
  request: (serial: string, type: "revoke" | "suspend") => post<Application>("/api/portal/requests", { serial, type }),
};
