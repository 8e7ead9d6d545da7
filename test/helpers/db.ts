/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or a
 * new database on the PostgreSQL server named by DATABASE_URL (dropped after).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type DbHandle } from "../../src/storage/db.js";
import { migrateToLatest } from "../../src/storage/migrate.js";

export const onPostgres = Boolean(process.env.DATABASE_URL);

export async function createScratchPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lt_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function testDatabase(opts: { migrate?: boolean } = {}): Promise<DbHandle> {
  let dbh: DbHandle;
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchPostgres(process.env.DATABASE_URL);
    const inner = await openDatabase({ databaseUrl: scratch.url });
    dbh = {
      ...inner,
      close: async () => {
        await inner.close();
        await scratch.drop();
      },
    };
  } else {
    // A copy of the migrated template made once per run (test/global-setup.ts):
    // loading it skips initdb and the migrations, the slow part of a fresh PGlite.
    const template = opts.migrate !== false ? inject("pgliteTemplate") : undefined;
    const load = template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined;
    dbh = await openDatabase({ pgliteDir: "memory", ...(load ? { pgliteLoadDataDir: load } : {}) });
  }
  if (opts.migrate !== false) await migrateToLatest(dbh.db);
  return dbh;
}

/**
 * Two handles on one fresh database, as two nodes would have: on PostgreSQL
 * two separate pools; on PGlite (one connection per database) the same
 * handle twice, so "two instances" share its lock like two users would.
 */
export async function testDatabasePair(): Promise<{ a: DbHandle; b: DbHandle; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchPostgres(process.env.DATABASE_URL);
    const a = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    const b = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    await migrateToLatest(a.db);
    return {
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
        await scratch.drop();
      },
    };
  }
  const a = await testDatabase();
  return { a, b: a, close: () => a.close() };
}
