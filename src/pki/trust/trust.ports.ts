/** What external trust and path validation need from storage. */
import type { CaRecord } from "../ca/pki.ports.js";

/** Kept with an imported CA: where its certificates' revocation lives, as read from the CA's certificate at import. */
export interface ExternalCaInfo {
  label: string;
  fingerprint: string;
  /** CRL distribution points and OCSP URLs of this CA's own certificate (for checking it under its issuer). */
  crlUrls: string[];
  ocspUrls: string[];
  importedBy: string;
  importedAt: string;
}

export interface TrustedCaRow {
  ca: CaRecord;
  ext: ExternalCaInfo | null;
}

/** What revocation checking needs of one of our certificates (the DER only as its hash). */
export interface OwnCertStatus {
  serial: string;
  caId: string;
  status: "pending" | "issued" | "revoked" | "hold";
  revokedAt: Date | null;
  reason: number | null;
  derSha256: string | null;
}

export interface TrustRepo {
  certificateStatus(serial: string): Promise<OwnCertStatus | undefined>;
  /** Every CA we trust: our own roots and sub-CAs, and imported external CAs. */
  trusted(): Promise<TrustedCaRow[]>;
  insertExternal(ca: CaRecord, ext: ExternalCaInfo): Promise<void>;
}
