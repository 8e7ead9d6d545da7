/** What audit anchoring needs from storage. The token itself lives in pki_tsa_token (joined by serial). */
export interface AuditAnchor {
  id: number;
  auditSeq: number;
  headHash: string;
  tsaSerial: number;
  tokenDer: Uint8Array;
  anchoredAt: Date;
  anchoredBy: string;
}

export interface AuditAnchorRepo {
  insert(a: Omit<AuditAnchor, "id" | "tokenDer">): Promise<number>;
  /** All anchors, oldest first, with their tokens. */
  list(): Promise<AuditAnchor[]>;
}
