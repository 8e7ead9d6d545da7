/** What the security service needs from storage. */
import type { KeyRef } from "../pki/keys/key-store.js";

export type ServiceKeyPurpose = "sign" | "encrypt";

export interface ServiceKeyRecord {
  purpose: ServiceKeyPurpose;
  suite: string;
  serial: string;
  keyRef: KeyRef;
  certDer: Uint8Array;
  createdAt: Date;
}

export interface ChallengeRecord {
  id: string;
  challenge: Uint8Array;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface CallRecord {
  at: Date;
  caller: string;
  fn: string;
  /** "OK" or the SEC_* / other error code the call ended with. */
  outcome: string;
  micros: number;
  detail: string | null;
}

export interface StoredCall extends CallRecord {
  id: string;
  batchId: string;
}

export interface CallBatch {
  id: string;
  firstCallId: string;
  lastCallId: string;
  calls: number;
  prevDigest: string;
  digest: string;
  createdAt: Date;
  anchoredSeq: string | null;
}

export interface CallStats {
  fn: string;
  outcome: string;
  calls: number;
  avgMicros: number;
}

export interface SecurityRepo {
  serviceKeys(): Promise<ServiceKeyRecord[]>;
  putServiceKey(k: ServiceKeyRecord): Promise<void>;

  insertChallenge(c: ChallengeRecord): Promise<void>;
  /** Marks a live, unused challenge used and returns it; undefined when unknown, used or expired. */
  consumeChallenge(id: string, at: Date): Promise<ChallengeRecord | undefined>;
  deleteExpiredChallenges(before: Date): Promise<number>;

  lastBatch(): Promise<CallBatch | undefined>;
  /** Inserts the calls under a new batch and returns their ids (in order) and the batch id. */
  insertCalls(calls: CallRecord[], batch: { prevDigest: string; createdAt: Date }, digestOf: (rows: StoredCall[]) => string): Promise<CallBatch>;
  callsOfBatch(batchId: string): Promise<StoredCall[]>;
  batches(afterId: string, limit: number): Promise<CallBatch[]>;
  unanchoredBatches(limit: number): Promise<CallBatch[]>;
  markAnchored(batchIds: string[], auditSeq: number): Promise<void>;
  stats(since: Date): Promise<CallStats[]>;
}
