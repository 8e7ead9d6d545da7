/**
 * What backup and restore need from storage. Rows travel as PostgreSQL's own
 * JSON encoding of each row (row_to_json) and come back through
 * json_populate_recordset, so no value passes through a JavaScript number or
 * Date: microsecond timestamps, int8, numeric, bytea and jsonb are exact, and
 * the same file restores into PGlite (PostgreSQL 18) or PostgreSQL 15.
 */
import type { Repos, Store } from "../../storage/store.js";

export interface ColumnInfo {
  name: string;
  /** format_type() of the column, e.g. "timestamp with time zone", "bytea". */
  type: string;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export interface MigrationRow {
  name: string;
  timestamp: string;
}

/** A read-only view of the whole database at one instant (one REPEATABLE READ transaction). */
export interface SnapshotReader {
  repos: Repos;
  migrations(): Promise<MigrationRow[]>;
  tables(): Promise<TableInfo[]>;
  /** Streams the table's rows (one JSON text per row, primary-key order) in batches. */
  rows(table: TableInfo, onBatch: (lines: string[]) => Promise<void>): Promise<number>;
  sequences(): Promise<SequenceState[]>;
}

/** Loads a backup into the database inside ONE transaction: any throw rolls everything back. */
export interface RestoreWriter {
  /** Drops every table, sequence, view, function and type of the application schema, then runs the given migrations. */
  recreateSchema(migrations: MigrationRow[]): Promise<void>;
  tables(): Promise<TableInfo[]>;
  /** Empties all tables, detaches foreign keys and user triggers for the load. */
  beginLoad(): Promise<void>;
  load(table: string, lines: string[]): Promise<void>;
  /** Re-attaches foreign keys (validating every row) and triggers. */
  endLoad(): Promise<void>;
  setSequences(seqs: SequenceState[]): Promise<void>;
  counts(): Promise<Map<string, number>>;
  repos: Repos;
  /** A Store whose tx() joins this transaction (for services used by restore checks). */
  store: Store;
}

export interface BackupStorage {
  kind: "pglite" | "postgres";
  snapshot<T>(fn: (s: SnapshotReader) => Promise<T>): Promise<T>;
  restore<T>(fn: (w: RestoreWriter) => Promise<T>): Promise<T>;
  /** True when the database has no audit entries (a fresh install). */
  isEmpty(): Promise<boolean>;
  /** Names of this program's migrations, in order. */
  knownMigrations(): string[];
  /** Names of the migrations applied to this database, in order. */
  appliedMigrations(): Promise<string[]>;
}

/** One check of a restore verification. */
export interface CheckResult {
  id: string;
  title: string;
  ok: boolean;
  skipped: boolean;
  detail: string;
  ms: number;
}

export interface VerifyReport {
  ok: boolean;
  at: string;
  /** Where it was restored: "scratch" (in-memory PGlite) or "target" (the configured database). */
  into: "scratch" | "target";
  checks: CheckResult[];
  seconds: number;
}

export interface BackupRecord {
  id: string;
  createdAt: Date;
  createdBy: string;
  origin: "local" | "foreign";
  file: string | null;
  bytes: number;
  archiveSha256: string;
  manifestSha256: string;
  schemaVersion: string;
  auditSeq: number;
  auditHash: string;
  totalRows: number;
  signerSpkiSha256: string;
  verifiedAt: Date | null;
  verifyOk: boolean | null;
  verifyReport: VerifyReport | null;
  restoredAt: Date | null;
}

export interface BackupRepo {
  insert(r: BackupRecord): Promise<void>;
  get(id: string): Promise<BackupRecord | undefined>;
  setVerified(id: string, at: Date, ok: boolean, report: VerifyReport): Promise<void>;
  setRestored(id: string, at: Date): Promise<void>;
  list(limit: number): Promise<BackupRecord[]>;
  /** The newest backup of this database that passed verification. */
  latestVerifiedLocal(): Promise<BackupRecord | undefined>;
}
