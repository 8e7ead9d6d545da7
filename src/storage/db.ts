/**
 * The database handle: Kysely over embedded PGlite (file-backed, or in memory
 * for tests) or over PostgreSQL when a URL is given. One SQL dialect serves
 * both: PGlite is PostgreSQL 18, Debian's server is 15, so migrations use only
 * SQL both understand.
 *
 * Kysely's own PGliteDialect serialises transactions on PGlite's single
 * connection (kysely-pglite 0.6.1 does not — see STACK-NOTES.md).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { pgNotifyChannel, type NotifyChannel } from "./pg-notify.js";
import { DurableNodeFS, durableStartParams } from "./pglite-durable-fs.js";
import { lockPgliteDir } from "./pglite-lock.js";
import type { Database } from "./schema.js";

export type DbKind = "pglite" | "postgres";

export interface DbHandle {
  db: Kysely<Database>;
  kind: DbKind;
  /** Where the data lives, for messages: a directory, "memory" or a redacted URL. */
  location: string;
  /** Whether an acknowledged commit is on disk (fsync'd), and how many syncs the embedded database made. */
  durability: { fsync: boolean; syncs(): number };
  /** The embedded engine itself (PGlite only): for data-directory dumps. */
  pglite?: PGlite;
  /** LISTEN/NOTIFY between nodes (PostgreSQL only: the embedded database serves one process). */
  notifications?: NotifyChannel;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; "memory" for an in-memory database. */
  pgliteDir?: string;
  /** Start an in-memory PGlite from this data-directory tarball (a migrated template) instead of an empty cluster. */
  pgliteLoadDataDir?: Blob;
  poolSize?: number;
  /** Embedded database only: fsync at commit and checkpoint (default true; see pglite-durable-fs.ts). */
  pgliteFsync?: boolean;
}

// int8 as a JS number (sequence numbers and counts stay far below 2^53), like PGlite.
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable)";
  }
}

export async function openDatabase(opts: DbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, types: pgTypes });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    // The server's own fsync setting decides; Debian's default (on) is durable.
    const notifications = pgNotifyChannel(opts.databaseUrl, pool);
    return {
      db,
      kind: "postgres",
      location: redactUrl(opts.databaseUrl),
      durability: { fsync: true, syncs: () => 0 },
      notifications,
      close: async () => {
        await notifications.close();
        await db.destroy();
      },
    };
  }
  const dir = opts.pgliteDir ?? "memory";
  let pglite: PGlite;
  let release = () => {};
  let fs: DurableNodeFS | undefined;
  if (dir === "memory") {
    pglite = opts.pgliteLoadDataDir ? new PGlite({ loadDataDir: opts.pgliteLoadDataDir }) : new PGlite();
  } else {
    const abs = path.resolve(dir);
    mkdirSync(path.dirname(abs), { recursive: true });
    release = lockPgliteDir(abs);
    try {
      if (opts.pgliteFsync === false) {
        pglite = new PGlite(abs);
      } else {
        fs = new DurableNodeFS(abs);
        pglite = new PGlite({ fs, startParams: durableStartParams() });
      }
      await pglite.waitReady;
    } catch (e) {
      release();
      throw e;
    }
  }
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: "pglite",
    pglite,
    location: dir,
    durability: { fsync: fs !== undefined, syncs: () => fs?.syncs ?? 0 },
    close: async () => {
      try {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        release();
      }
    },
  };
}

export async function ping(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ one: number }>`select 1 as one`.execute(db);
  return r.rows[0]?.one ?? 0;
}
