/** Shapes and calls of the RA desk API (/api/ra/…). */
import { ApiError, currentCsrfToken, get, post, query } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";

export interface Applicant {
  id: string;
  kind: "individual" | "enterprise";
  name: string;
  idNumber: string | null;
  uscc: string | null;
  phone: string;
  email: string;
  legalRepName: string | null;
  agentName: string | null;
  agentIdNumber: string | null;
  agentPhone: string | null;
  createdBy: string;
  createdAt: string;
}

export interface DocumentScan {
  id: string;
  kind: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface Application {
  id: string;
  applicantId: string;
  applicantName?: string;
  type: "new" | "renew" | "replace" | "revoke" | "suspend" | "unsuspend";
  state: "submitted" | "vetted" | "approved" | "code_issued" | "enrolled" | "active" | "completed" | "rejected";
  channel: string;
  suite: string;
  dual: boolean;
  tokenKind: string | null;
  targetSerial: string | null;
  requestNote: string | null;
  submittedBy: string;
  submittedAt: string;
  vettedBy: string | null;
  vetNote: string | null;
  approvedBy: string | null;
  rejectReason: string | null;
  codeExpiresAt: string | null;
  signSerial: string | null;
  encSerial: string | null;
  next: string[];
}

export interface Cert {
  serial: string;
  profile: string;
  suite: string;
  subject: string;
  status: "issued" | "revoked" | "hold" | "pending";
  notBefore: string;
  notAfter: string;
  revocationReason: number | null;
  holder: string | null;
  holderName?: string | null;
}

export interface Token {
  id: string;
  serial: string;
  model: string;
  kind: string;
  state: "stock" | "issued" | "lost" | "damaged" | "destroyed";
  applicantId: string | null;
  note: string | null;
  updatedAt: string;
  certificates?: { serial: string; usage: string; status?: string }[];
}

export interface Recovery {
  id: string;
  kind: "holder" | "judicial";
  state: string;
  reason: string;
  caseRef: string | null;
  requestedBy: string;
  approvals: { by: string; at: string }[];
  createdAt: string;
}

export interface ApplicantDetail {
  applicant: Applicant;
  documents: DocumentScan[];
  applications: Application[];
  certificates: Cert[];
  tokens: Token[];
}

export const raApi = {
  searchApplicants: (q: string) => get<{ items: Applicant[] }>(`/api/ra/applicants${query({ q, limit: 30 })}`),
  registerApplicant: (body: Record<string, string>) => post<Applicant>("/api/ra/applicants", body),
  applicant: (id: string) => get<ApplicantDetail>(`/api/ra/applicants/${encodeURIComponent(id)}`),
  submit: (body: Record<string, unknown>) => post<Application>("/api/ra/applications", body),
  applications: (state?: string) => get<{ items: Application[] }>(`/api/ra/applications${query({ state, limit: 200 })}`),
  vet: (id: string, body: { originalsChecked: boolean; identityCheck?: string; note?: string }) => post<Application>(`/api/ra/applications/${id}/vet`, body),
  approve: (id: string) => post<Application>(`/api/ra/applications/${id}/approve`, { confirm: true }),
  reject: (id: string, reason: string) => post<Application>(`/api/ra/applications/${id}/reject`, { reason }),
  issueCode: (id: string, body: { tokenSerial?: string; ttlHours?: number }) => post<{ application: Application; code: string; expiresAt: string }>(`/api/ra/applications/${id}/code`, body),
  tokens: (state?: string) => get<{ items: Token[] }>(`/api/ra/tokens${query({ state, limit: 300 })}`),
  registerToken: (body: { serial: string; model: string }) => post<Token>("/api/ra/tokens", body),
  reportToken: (id: string, what: "lost" | "damaged") => post<{ token: Token; revoked: string[]; replacement: Application | null }>(`/api/ra/tokens/${id}/report`, { what }),
  destroyToken: (id: string) => post<Token>(`/api/ra/tokens/${id}/destroy`, { confirm: true }),
  certificates: (q: string, status: string) => get<{ items: Cert[] }>(`/api/ra/certificates${query({ q, status, limit: 200 })}`),
  recoveries: () => get<{ items: Recovery[] }>("/api/ra/recoveries"),
  approveRecovery: (id: string) => post<Recovery>(`/api/ra/recoveries/${id}/approve`, { confirm: true }),

  /** A scan as the raw request body (the API reads its first bytes to check the type). */
  async upload(applicantId: string, kind: string, file: File): Promise<DocumentScan> {
    const url = `/api/ra/applicants/${encodeURIComponent(applicantId)}/documents${query({ kind, fileName: file.name })}`;
    const res = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": file.type || "application/octet-stream", "x-csrf-token": currentCsrfToken() ?? "", accept: "application/json" },
      body: file,
    });
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) throw new ApiError((body as Problem) ?? { code: "CLIENT_BAD_RESPONSE", status: res.status, messageZh: "", messageEn: "" });
    return body as DocumentScan;
  },
};
