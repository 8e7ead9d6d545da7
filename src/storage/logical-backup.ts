/**
 * Logical backup and restore of the whole application schema, for
 * src/ops/backup. Reading happens in one REPEATABLE READ READ ONLY
 * transaction (a consistent snapshot while writers carry on, on PostgreSQL);
 * loading happens in one transaction that drops, re-creates (by running our
 * own migrations), loads and checks everything — a failure anywhere rolls the
 * target back to exactly what it was.
 *
 * Rows are PostgreSQL's own JSON encoding (row_to_json) read back by
 * json_populate_recordset: no value is converted by JavaScript on the way.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { MigrationRow, RestoreWriter, SequenceState, SnapshotReader, TableInfo, BackupStorage } from "../ops/backup/backup.ports.js";
import { MIGRATIONS } from "./migrate.js";
import type { Database } from "./schema.js";
import { joinedStore } from "./store.js";

/** Kysely's own bookkeeping tables: re-created with Kysely's DDL, never dumped as data. */
const MIGRATION_TABLE = "schema_migration";
const MIGRATION_LOCK_TABLE = "schema_migration_lock";
const FETCH_ROWS = 1000;
/** Rows per INSERT … json_populate_recordset, bounded also by bytes. */
const LOAD_BYTES = 4 * 1024 * 1024;

type Db = Kysely<Database>;

const id = (name: string) => sql.id(name);
const ids = (names: string[]) => sql.join(names.map((n) => sql.id(n)));

async function rows<T>(db: Db, q: RawBuilder<T>): Promise<T[]> {
  return (await q.execute(db)).rows;
}

async function listTables(db: Db): Promise<TableInfo[]> {
  const cols = await rows(
    db,
    sql<{ tbl: string; name: string; type: string; gen: string }>`
      select c.relname as tbl, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attgenerated::text as gen
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname not in (${MIGRATION_TABLE}, ${MIGRATION_LOCK_TABLE})
      order by c.relname, a.attnum`,
  );
  const pks = await rows(
    db,
    sql<{ tbl: string; name: string }>`
      select c.relname as tbl, a.attname as name
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
      where n.nspname = current_schema() and i.indisprimary
      order by c.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const byName = new Map<string, TableInfo>();
  for (const c of cols) {
    let t = byName.get(c.tbl);
    if (!t) byName.set(c.tbl, (t = { name: c.tbl, columns: [], primaryKey: [] }));
    // Generated columns are recomputed, never loaded.
    if (!c.gen) t.columns.push({ name: c.name, type: c.type });
  }
  for (const p of pks) byName.get(p.tbl)?.primaryKey.push(p.name);
  return [...byName.values()];
}

async function readMigrations(db: Db): Promise<MigrationRow[]> {
  const exists = await rows(db, sql<{ ok: boolean }>`select to_regclass(${MIGRATION_TABLE}) is not null as ok`);
  if (!exists[0]?.ok) return [];
  return rows(db, sql<MigrationRow>`select name, timestamp from ${id(MIGRATION_TABLE)} order by name`);
}

function snapshotReader(trx: Db): SnapshotReader {
  return {
    repos: joinedStore(trx).read,
    migrations: () => readMigrations(trx),
    tables: () => listTables(trx),
    async rows(table, onBatch) {
      const order = table.primaryKey.length ? sql`order by ${ids(table.primaryKey)}` : sql``;
      await sql`declare lt_backup_cur no scroll cursor for select row_to_json(t)::text as j from ${id(table.name)} t ${order}`.execute(trx);
      let n = 0;
      for (;;) {
        const batch = await rows(trx, sql<{ j: string }>`fetch forward ${sql.raw(String(FETCH_ROWS))} from lt_backup_cur`);
        if (batch.length === 0) break;
        n += batch.length;
        await onBatch(batch.map((r) => r.j));
        if (batch.length < FETCH_ROWS) break;
      }
      await sql`close lt_backup_cur`.execute(trx);
      return n;
    },
    async sequences() {
      const seqs = await rows(
        trx,
        sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = current_schema() and c.relkind = 'S' order by c.relname`,
      );
      const out: SequenceState[] = [];
      for (const s of seqs) {
        const r = await rows(trx, sql<{ v: string; called: boolean }>`select last_value::text as v, is_called as called from ${id(s.name)}`);
        out.push({ name: s.name, lastValue: r[0]!.v, isCalled: r[0]!.called });
      }
      return out;
    },
  };
}

/** Everything our migrations can create, dropped so the migrations can run again from nothing. */
async function dropApplicationSchema(trx: Db): Promise<void> {
  const notExt = (oid: RawBuilder<unknown>) => sql`not exists (select 1 from pg_depend d where d.objid = ${oid} and d.deptype = 'e')`;
  const views = await rows(
    trx,
    sql<{ name: string; kind: string }>`select c.relname as name, c.relkind::text as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('v', 'm') and ${notExt(sql`c.oid`)}`,
  );
  for (const v of views) await sql`drop ${sql.raw(v.kind === "m" ? "materialized view" : "view")} if exists ${id(v.name)} cascade`.execute(trx);
  const tables = await rows(
    trx,
    sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition and ${notExt(sql`c.oid`)}`,
  );
  for (const t of tables) await sql`drop table if exists ${id(t.name)} cascade`.execute(trx);
  const seqs = await rows(
    trx,
    sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'S' and ${notExt(sql`c.oid`)}`,
  );
  for (const s of seqs) await sql`drop sequence if exists ${id(s.name)} cascade`.execute(trx);
  const routines = await rows(
    trx,
    sql<{ sig: string }>`select p.oid::regprocedure::text as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = current_schema() and p.prokind in ('f', 'p') and ${notExt(sql`p.oid`)}`,
  );
  for (const r of routines) await sql`drop routine if exists ${sql.raw(r.sig)} cascade`.execute(trx);
  const types = await rows(
    trx,
    sql<{ name: string; kind: string }>`select t.typname as name, t.typtype::text as kind from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = current_schema() and t.typtype in ('e', 'd', 'r', 'm', 'c')
        and (t.typtype <> 'c' or exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
        and ${notExt(sql`t.oid`)}`,
  );
  for (const t of types) await sql`drop ${sql.raw(t.kind === "d" ? "domain" : "type")} if exists ${id(t.name)} cascade`.execute(trx);
}

/** Kysely's migration tables, with the DDL its Migrator uses, so `migrate` works on the restored database. */
async function createMigrationTables(trx: Db, migrations: MigrationRow[]): Promise<void> {
  await sql`create table ${id(MIGRATION_TABLE)} (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(trx);
  await sql`create table ${id(MIGRATION_LOCK_TABLE)} (id varchar(255) not null primary key, is_locked integer default 0 not null)`.execute(trx);
  await sql`insert into ${id(MIGRATION_LOCK_TABLE)} (id, is_locked) values ('migration_lock', 0)`.execute(trx);
  for (const m of migrations) await sql`insert into ${id(MIGRATION_TABLE)} (name, timestamp) values (${m.name}, ${m.timestamp})`.execute(trx);
}

function restoreWriter(trx: Db): RestoreWriter {
  let fks: { tbl: string; name: string; def: string }[] = [];
  let tableNames: string[] = [];
  const columnsOf = new Map<string, string[]>();
  const store = joinedStore(trx);
  return {
    repos: store.read,
    store,
    async recreateSchema(migrations) {
      await dropApplicationSchema(trx);
      await createMigrationTables(trx, migrations);
      for (const m of migrations) {
        const mig = MIGRATIONS[m.name];
        if (!mig) throw new Error(`unknown migration ${m.name}`);
        await mig.up(trx as Kysely<unknown>);
      }
    },
    tables: () => listTables(trx),
    async beginLoad() {
      const tables = await listTables(trx);
      tableNames = tables.map((t) => t.name);
      for (const t of tables) columnsOf.set(t.name, t.columns.map((c) => c.name));
      if (tableNames.length) await sql`truncate table ${ids(tableNames)}`.execute(trx);
      fks = await rows(
        trx,
        sql<{ tbl: string; name: string; def: string }>`select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(c.oid) as def
          from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = current_schema() and c.contype = 'f'`,
      );
      for (const fk of fks) await sql`alter table ${sql.raw(fk.tbl)} drop constraint ${id(fk.name)}`.execute(trx);
      for (const t of tableNames) await sql`alter table ${id(t)} disable trigger user`.execute(trx);
    },
    async load(table, lines) {
      const cols = columnsOf.get(table);
      if (!cols) throw new Error(`table ${table} does not exist in the restored schema`);
      let batch: string[] = [];
      let bytes = 0;
      const flush = async () => {
        if (!batch.length) return;
        const json = `[${batch.join(",")}]`;
        await sql`insert into ${id(table)} (${ids(cols)}) overriding system value
          select ${ids(cols)} from json_populate_recordset(null::${id(table)}, ${json}::json)`.execute(trx);
        batch = [];
        bytes = 0;
      };
      for (const l of lines) {
        batch.push(l);
        bytes += l.length;
        if (bytes >= LOAD_BYTES) await flush();
      }
      await flush();
    },
    async endLoad() {
      // Re-adding a foreign key validates every row against it.
      for (const fk of fks) await sql`alter table ${sql.raw(fk.tbl)} add constraint ${id(fk.name)} ${sql.raw(fk.def)}`.execute(trx);
      for (const t of tableNames) await sql`alter table ${id(t)} enable trigger user`.execute(trx);
    },
    async setSequences(seqs) {
      for (const s of seqs) await sql`select setval(${`"${s.name.replace(/"/g, '""')}"`}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`.execute(trx);
    },
    async counts() {
      const out = new Map<string, number>();
      for (const t of await listTables(trx)) {
        const r = await rows(trx, sql<{ n: string | number }>`select count(*) as n from ${id(t.name)}`);
        out.set(t.name, Number(r[0]!.n));
      }
      return out;
    },
  };
}

export function backupStorage(db: Db, kind: "pglite" | "postgres"): BackupStorage {
  return {
    kind,
    snapshot: (fn) =>
      db
        .transaction()
        .setIsolationLevel("repeatable read")
        .setAccessMode("read only")
        .execute(async (trx) => {
          // Timestamps come out in UTC, whatever the server's zone.
          await sql`set local timezone = 'UTC'`.execute(trx);
          return fn(snapshotReader(trx));
        }),
    restore: (fn) =>
      db.transaction().execute(async (trx) => {
        await sql`set local timezone = 'UTC'`.execute(trx);
        return fn(restoreWriter(trx));
      }),
    async isEmpty() {
      const t = await rows(db, sql<{ ok: boolean }>`select to_regclass('audit_log') is not null as ok`);
      if (!t[0]?.ok) return true;
      const r = await rows(db, sql<{ ok: boolean }>`select not exists (select 1 from audit_log) as ok`);
      return Boolean(r[0]?.ok);
    },
    // Kysely applies migrations in name order, whatever order the registry lists them in.
    knownMigrations: () => Object.keys(MIGRATIONS).sort(),
    appliedMigrations: async () => (await readMigrations(db)).map((m) => m.name),
  };
}
