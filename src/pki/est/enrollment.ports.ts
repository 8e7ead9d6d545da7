/** What EST enrollment needs from storage: one-time grants (only the code's hash is stored). */
export interface GrantRecord {
  id: string;
  codeHash: string;
  suite: string;
  profile: string;
  /** Vetted subject attributes from the RA, in order: [["CN", "张三"], …]. */
  subject: [string, string][];
  holder: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  serial: string | null;
  failures: number;
  cancelledAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export interface EnrollmentRepo {
  grant(id: string): Promise<GrantRecord | undefined>;
  /** Inserts, or replaces an unused grant with the same id (a new code for the same application). */
  putGrant(g: GrantRecord): Promise<void>;
  /** Counts a wrong code; returns the count after this one. */
  recordFailure(id: string): Promise<number>;
  /**
   * Marks the grant used by `serial` if, and only if, it is still open —
   * one conditional UPDATE, so two concurrent enrollments cannot both win.
   */
  consume(id: string, serial: string, at: Date): Promise<boolean>;
  cancel(id: string, at: Date): Promise<boolean>;
}
