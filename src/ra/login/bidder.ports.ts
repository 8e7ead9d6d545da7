/** Storage for bidder certificate login: one-time challenges, sessions, certificate → applicant bindings. */

export interface ChallengeRecord {
  id: string;
  nonce: string;
  /** SHA-256 of the attempt cookie the challenge was handed out with. */
  attemptHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface BidderSessionRecord {
  id: string; // SHA-256 of the cookie token
  applicantId: string;
  certSerial: string;
  certSha256: string;
  /** Our CA that issued the certificate, or null for an imported external CA. */
  issuerCa: string | null;
  suite: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface CertBindingRecord {
  certSha256: string;
  applicantId: string;
  serial: string;
  issuer: string;
  source: "issued" | "login";
  boundAt: Date;
}

export interface BidderAuthRepo {
  insertChallenge(c: ChallengeRecord): Promise<void>;
  challengeForUpdate(id: string): Promise<ChallengeRecord | undefined>;
  markChallengeUsed(id: string, at: Date): Promise<void>;
  deleteChallengesBefore(at: Date): Promise<number>;

  insertSession(s: BidderSessionRecord & { ip: string | null; userAgent: string | null }): Promise<void>;
  session(id: string): Promise<BidderSessionRecord | undefined>;
  touchSession(id: string, at: Date, expiresAt: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteSessionsOfCert(certSerial: string): Promise<number>;

  binding(certSha256: string): Promise<CertBindingRecord | undefined>;
  insertBinding(b: CertBindingRecord): Promise<void>;
  bindingsOf(applicantId: string): Promise<CertBindingRecord[]>;
}
