import type { Kysely } from "kysely";
import { Migrator, type Migration, type MigrationProvider } from "kysely/migration";
import { AppError } from "../shared/errors.js";
import * as m001 from "./migrations/001-foundation.js";
import * as m002 from "./migrations/002-pki.js";
import * as m003 from "./migrations/003-scheduler.js";
import * as m006 from "./migrations/006-ra.js";
import * as m004 from "./migrations/004-support.js";
import * as m007 from "./migrations/007-security.js";
import * as m005 from "./migrations/005-knowledge.js";
import * as m008 from "./migrations/008-pki-enroll.js";
import * as m009 from "./migrations/009-trading.js";
import * as m010 from "./migrations/010-ops.js";
import type { Database } from "./schema.js";

/** Migrations are listed in code (not read from a folder) so they work the same under tsx and bundlers. */
export const MIGRATIONS: Record<string, Migration> = {
  "001-foundation": m001,
  "002-pki": m002,
  "003-scheduler": m003,
  "006-ra": m006,
  "004-support": m004,
  "007-security": m007,
  "005-knowledge": m005,
  "008-pki-enroll": m008,
  "009-trading": m009,
  "010-ops": m010,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider, migrationTableName: "schema_migration", migrationLockTableName: "schema_migration_lock" });
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export async function migrationStatus(db: Kysely<Database>): Promise<MigrationStatus> {
  const all = await migrator(db).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt).map((m) => m.name),
    pending: all.filter((m) => !m.executedAt).map((m) => m.name),
  };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new AppError("MIGRATION_FAILED", { detail: `${failed}: ${(error as Error).message}`, cause: error });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
