/** Storage for the key-management component: its escrow key reference, escrow records, recovery requests. */
import type { KeyRef } from "../../pki/keys/key-store.js";

export interface EscrowRecord {
  id: string;
  /** Serial of the encryption certificate. */
  serial: string;
  /** Serial of the signing certificate it pairs with (the envelope goes to it). */
  signSerial: string;
  applicantId: string;
  suite: string;
  /** keyRefText of the escrow key that wrapped it. */
  escrowKey: string;
  wrappedKey: Uint8Array;
  iv: Uint8Array;
  createdAt: Date;
}

export type RecoveryKind = "holder" | "judicial";
export type RecoveryState = "requested" | "approved" | "released" | "rejected";

export interface RecoveryRecord {
  id: string;
  escrowId: string;
  kind: RecoveryKind;
  state: RecoveryState;
  reason: string;
  caseRef: string | null;
  requestedBy: string;
  approvals: { by: string; at: string }[];
  releasedBy: string | null;
  releasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface KmRepo {
  kmKey(purpose: string): Promise<{ keyRef: KeyRef; spki: Uint8Array } | undefined>;
  insertKmKey(purpose: string, keyRef: KeyRef, spki: Uint8Array, at: Date): Promise<void>;
  insertEscrow(e: EscrowRecord): Promise<void>;
  escrowBySerial(serial: string): Promise<EscrowRecord | undefined>;
  escrow(id: string): Promise<EscrowRecord | undefined>;
  escrowsOf(applicantId: string): Promise<EscrowRecord[]>;
  insertRecovery(r: RecoveryRecord): Promise<void>;
  recoveryForUpdate(id: string): Promise<RecoveryRecord | undefined>;
  updateRecovery(id: string, patch: Pick<RecoveryRecord, "state" | "approvals" | "updatedAt"> & Partial<Pick<RecoveryRecord, "releasedBy" | "releasedAt">>): Promise<void>;
  listRecoveries(limit: number): Promise<RecoveryRecord[]>;
}
