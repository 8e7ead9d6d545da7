/** Shapes of POST /api/security/verify/report (see src/signing/security-api.ts verifyReportResponse). */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface PartyName {
  commonName: string | null;
  organization: string | null;
  dn: string;
}

export interface CertSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  suite: string | null;
}

export interface VerifyResult {
  valid: boolean;
  code: string | null;
  format: "cms" | "raw";
  signingTime: string | null;
  timestampTime: string | null;
  contentType: string | null;
  detached: boolean;
  validation: {
    valid: boolean;
    code: string | null;
    at: string;
    chain: CertSummary[];
    revocation: { status: string; source: string | null; checkedAt: string | null; revokedAt: string | null; reason: string | null };
    softFail: boolean;
  } | null;
}

export interface VerifyReport {
  outcome: "valid" | "invalid" | "error";
  code: string | null;
  explanation: { code: string; message: Bilingual; cause: Bilingual | null; remedy: Bilingual | null } | null;
  detail: string | null;
  encoding: "der" | "pem" | "base64";
  signer: (PartyName & { serial: string; notBefore: string; notAfter: string; suite: string | null }) | null;
  issuer: PartyName | null;
  root: PartyName | null;
  result: VerifyResult | null;
}
