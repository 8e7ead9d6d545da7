/** Shapes of the landtrade HTTP API that the staff app uses. */

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
}

export interface AreaGrant {
  id: string;
  built: boolean;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
  areas: AreaGrant[];
}

export interface RoleInfo {
  id: string;
  zh: string;
  en: string;
}

export interface Meta {
  name: string;
  version: string;
  apiVersion: string;
  roles: RoleInfo[];
}

export interface StaffAccount extends SessionUser {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: unknown;
  payloadDigest: string;
  prevHash: string;
  hash: string;
}

export interface AuditVerify {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  firstBreak: { seq: number; reason: string } | null;
  /** TSA timestamps of earlier chain heads (landtrade audit anchor). */
  anchors: { ok: boolean; count: number; lastAnchoredSeq: number | null; firstFailure: { id: number; seq: number; reason: string } | null };
}

/** application/problem+json body (RFC 9457) with landtrade's fields. */
export interface Problem {
  code: string;
  status: number;
  messageZh: string;
  messageEn: string;
  detail?: string;
  requestId?: string;
  retryAfter?: number;
  errors?: { field: string; message: string }[];
}
