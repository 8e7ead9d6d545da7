/** What the CA needs from storage. Rows carry key references, never key material. */
import type { KeyRef } from "../keys/key-store.js";

export interface CaRecord {
  id: string;
  suite: string;
  kind: "root" | "sub" | "external";
  name: string;
  parentId: string | null;
  keyRef: KeyRef | null;
  certDer: Uint8Array;
  ski: string;
  notBefore: Date;
  notAfter: Date;
  crlNumber: number;
  createdAt: Date;
}

export type CertStatus = "pending" | "issued" | "revoked" | "hold";

export interface CertRecord {
  serial: string;
  caId: string;
  profile: string;
  suite: string;
  subject: string;
  spkiSha256: string;
  tbsDer: Uint8Array;
  certDer: Uint8Array | null;
  status: CertStatus;
  notBefore: Date;
  notAfter: Date;
  revokedAt: Date | null;
  revocationReason: number | null;
  holder: string | null;
  requestedBy: string;
  createdAt: Date;
  issuedAt: Date | null;
}

export interface CrlRecord {
  caId: string;
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  der: Uint8Array;
  entries: number;
}

export interface CertQuery {
  serial?: string;
  subject?: string;
  status?: CertStatus;
  caId?: string;
  holder?: string;
  limit: number;
}

export interface TsaTokenRecord {
  serial: number;
  suite: string;
  genTime: Date;
  hashAlg: string;
  imprint: string;
  policy: string;
  requestedBy: string;
  tokenDer: Uint8Array;
}

export interface EnrollmentRecord {
  id: string;
  codeHash: string;
  suite: string;
  profile: string;
  /** Vetted subject attributes from the RA, in order: [["CN","张三"], ...]. */
  subject: [string, string][];
  holder: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  serial: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface PkiRepo {
  nextTsaSerial(): Promise<number>;
  insertTsaToken(t: TsaTokenRecord): Promise<void>;
  tsaToken(serial: number): Promise<TsaTokenRecord | undefined>;
  insertEnrollment(e: EnrollmentRecord): Promise<void>;
  enrollmentForUpdate(id: string): Promise<EnrollmentRecord | undefined>;
  markEnrollmentUsed(id: string, serial: string, at: Date): Promise<void>;
  insertCa(ca: CaRecord): Promise<void>;
  cas(): Promise<CaRecord[]>;
  ca(id: string): Promise<CaRecord | undefined>;
  /** Locks the CA row for the rest of the transaction (CRL issuance is serialised per CA). */
  caForUpdate(id: string): Promise<CaRecord | undefined>;
  /** Current CRL number of every CA (the OCSP cache's cross-node invalidation signal). */
  crlNumbers(): Promise<{ caId: string; crlNumber: number }[]>;
  certificateCounts(): Promise<{ caId: string; status: CertStatus; count: number }[]>;
  /** Atomically takes the next CRL number for a CA (strictly increasing across nodes). */
  nextCrlNumber(caId: string): Promise<number>;
  insertCertificates(certs: CertRecord[]): Promise<void>;
  markIssued(items: { serial: string; certDer: Uint8Array; issuedAt: Date }[]): Promise<void>;
  certificate(serial: string): Promise<CertRecord | undefined>;
  /** Locks the row for a status change. */
  certificateForUpdate(serial: string): Promise<CertRecord | undefined>;
  setStatus(serial: string, status: CertStatus, revokedAt: Date | null, reason: number | null): Promise<void>;
  findCertificates(q: CertQuery): Promise<CertRecord[]>;
  holdersOfKey(spkiSha256: string): Promise<{ serial: string; subject: string; status: CertStatus }[]>;
  holdersOfKeys(spkiSha256s: string[]): Promise<{ serial: string; subject: string; status: CertStatus; spkiSha256: string }[]>;
  revokedOf(caId: string): Promise<{ serial: string; revokedAt: Date; reason: number }[]>;
  pendingCertificates(): Promise<CertRecord[]>;
  insertCrl(crl: CrlRecord): Promise<void>;
  latestCrl(caId: string): Promise<CrlRecord | undefined>;
  setServiceKey(purpose: "ocsp" | "tsa", suite: string, serial: string, keyRef: KeyRef, at: Date): Promise<void>;
  serviceKey(purpose: "ocsp" | "tsa", suite: string): Promise<{ serial: string; keyRef: KeyRef } | undefined>;
}
