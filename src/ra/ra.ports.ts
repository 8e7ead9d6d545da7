/** What the RA needs from storage: applicants and scans, applications, the USB key registry. */
import type { ApplicationState, ApplicationType, Channel, IdentityCheck } from "./application-state.js";
import type { TokenKind, TokenState } from "./token-state.js";

export type ApplicantKind = "individual" | "enterprise";

export interface ApplicantRecord {
  id: string;
  kind: ApplicantKind;
  name: string;
  identityKey: string;
  idNumber: string | null;
  uscc: string | null;
  phone: string;
  email: string;
  legalRepName: string | null;
  legalRepIdNumber: string | null;
  agentName: string | null;
  agentIdNumber: string | null;
  agentPhone: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const DOCUMENT_KINDS = ["id_card", "business_licence", "legal_rep_id", "agent_id", "authorisation_letter", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentRecord {
  id: string;
  applicantId: string;
  applicationId: string | null;
  kind: DocumentKind;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
}

export interface ApplicationRecord {
  id: string;
  applicantId: string;
  type: ApplicationType;
  state: ApplicationState;
  channel: Channel;
  suite: string;
  dual: boolean;
  tokenKind: TokenKind | null;
  tokenId: string | null;
  targetSerial: string | null;
  revocationReason: number | null;
  requestNote: string | null;
  submittedBy: string;
  submittedAt: Date;
  vettedBy: string | null;
  vettedAt: Date | null;
  vetNote: string | null;
  identityCheck: IdentityCheck | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  rejectedBy: string | null;
  rejectedAt: Date | null;
  rejectReason: string | null;
  codeIssuedBy: string | null;
  codeIssuedAt: Date | null;
  codeExpiresAt: Date | null;
  enrolledAt: Date | null;
  signSerial: string | null;
  encSerial: string | null;
  activatedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
}

export type ApplicationUpdate = Partial<Omit<ApplicationRecord, "id" | "applicantId" | "type" | "channel" | "submittedBy" | "submittedAt">>;

export interface TokenRecord {
  id: string;
  serial: string;
  model: string;
  kind: TokenKind;
  state: TokenState;
  applicantId: string | null;
  issuedAt: Date | null;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface TokenCertRecord {
  serial: string;
  tokenId: string | null;
  applicantId: string;
  usage: "sign" | "enc";
  spkiSha256: string;
  addedAt: Date;
}

export interface ApplicantQuery {
  q?: string;
  kind?: ApplicantKind;
  limit: number;
}

export interface ApplicationQuery {
  states?: ApplicationState[];
  applicantId?: string;
  limit: number;
}

export interface TokenQuery {
  state?: TokenState;
  q?: string;
  applicantId?: string;
  limit: number;
}

export interface ExpiringCert {
  serial: string;
  profile: string;
  subject: string;
  notAfter: Date;
  holder: string;
}

export interface RaRepo {
  insertApplicant(a: ApplicantRecord): Promise<void>;
  applicant(id: string): Promise<ApplicantRecord | undefined>;
  applicantByIdentity(identityKey: string): Promise<ApplicantRecord | undefined>;
  searchApplicants(q: ApplicantQuery): Promise<ApplicantRecord[]>;
  countApplicants(): Promise<number>;

  insertDocument(d: DocumentRecord, content: Uint8Array): Promise<void>;
  documents(applicantId: string): Promise<DocumentRecord[]>;
  document(id: string): Promise<(DocumentRecord & { content: Uint8Array }) | undefined>;

  insertApplication(a: ApplicationRecord): Promise<void>;
  application(id: string): Promise<ApplicationRecord | undefined>;
  /** Locks the row (SELECT … FOR UPDATE) for a state change. */
  applicationForUpdate(id: string): Promise<ApplicationRecord | undefined>;
  updateApplication(id: string, patch: ApplicationUpdate): Promise<void>;
  listApplications(q: ApplicationQuery): Promise<ApplicationRecord[]>;
  /** Applications about a certificate that are neither finished nor rejected. */
  openApplicationsFor(serial: string): Promise<ApplicationRecord[]>;
  countApplications(): Promise<number>;

  insertToken(t: TokenRecord): Promise<void>;
  token(id: string): Promise<TokenRecord | undefined>;
  tokenBySerial(serial: string): Promise<TokenRecord | undefined>;
  tokenForUpdate(id: string): Promise<TokenRecord | undefined>;
  updateToken(id: string, patch: Partial<Pick<TokenRecord, "state" | "applicantId" | "issuedAt" | "note">> & { updatedAt: Date }): Promise<void>;
  listTokens(q: TokenQuery): Promise<TokenRecord[]>;
  countTokens(): Promise<number>;

  addTokenCert(c: TokenCertRecord): Promise<void>;
  tokenCerts(tokenId: string): Promise<TokenCertRecord[]>;
  tokenCert(serial: string): Promise<TokenCertRecord | undefined>;
  tokenCertsBySpki(spkiSha256: string): Promise<TokenCertRecord[]>;

  /** Valid holder certificates with notAfter in (from, until] that have had no expiry notice yet. */
  expiringUnnoticed(from: Date, until: Date, limit: number): Promise<ExpiringCert[]>;
  insertExpiryNotice(n: { serial: string; notAfter: Date; recipients: string[]; notifiedAt: Date }): Promise<void>;
}
