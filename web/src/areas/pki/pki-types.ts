/** Shapes of /api/pki/* (see src/http/routes/pki.routes.ts). */
export type CertStatus = "pending" | "issued" | "revoked" | "hold";

export interface CrlStatus {
  caId: string;
  caName: string;
  suite: string;
  kind: string;
  crlNumber: number | null;
  thisUpdate: string | null;
  nextUpdate: string | null;
  entries: number | null;
  stale: boolean;
  url: string;
}

export interface CaInfo {
  id: string;
  kind: string;
  suite: string;
  name: string;
  parentId: string | null;
  key: string | null;
  notBefore: string;
  notAfter: string;
  status: "active" | "expired" | "notYetValid";
  counts: Record<string, number>;
  crl: CrlStatus | null;
  certUrl: string;
}

export interface ServiceCert {
  purpose: string;
  suite: string;
  serial: string;
  subject: string;
  status: string;
  notAfter: string;
}

export interface CertSummary {
  serial: string;
  caId: string;
  profile: string;
  suite: string;
  subject: string;
  status: CertStatus;
  notBefore: string;
  notAfter: string;
  expired: boolean;
  revokedAt: string | null;
  reason: string | null;
  holder: string | null;
  requestedBy: string;
  issuedAt: string | null;
}

export interface CertDetail extends CertSummary {
  pem: string | null;
  chainPem: string | null;
  issuerName: string;
  history: { seq: number; at: string; actor: string; action: string }[];
}

export interface RevocationResult {
  serial: string;
  caId: string;
  status: string;
  reason: string | null;
  revokedAt: string | null;
  crlNumber: number;
}

/** RFC 5280 reasons offered for revocation (certificateHold is the separate "hold" action). */
export const REVOKE_REASONS = ["unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation", "privilegeWithdrawn", "aACompromise"] as const;
