/**
 * Storage: audited inserts/s (a row appended to the hash chain under the head
 * lock, in its own transaction) against plain single-row inserts/s into a
 * table of the same shape, on the same database in the same run.
 */
import { sql } from "kysely";
import { FakeClock } from "../src/app/clock.js";
import { AuditService } from "../src/ops/audit.service.js";
import { openDatabase, type DbHandle } from "../src/storage/db.js";
import { migrateToLatest } from "../src/storage/migrate.js";
import { createStore } from "../src/storage/store.js";
import { createScratchPostgres } from "../test/helpers/db.js";
import { rate, report } from "./report.js";

async function benchOn(label: string, dbh: DbHandle, seconds: number): Promise<void> {
  await migrateToLatest(dbh.db);
  await sql`create table bench_plain (seq bigserial primary key, at timestamptz not null, actor text not null, action text not null,
    subject text not null, payload jsonb not null, payload_digest text not null, prev_hash text not null, hash text not null)`.execute(dbh.db);
  const store = createStore(dbh.db);
  const audit = new AuditService(new FakeClock());
  const payload = { parcel: "CX-2026-017", amount: "123450000.00", bidder: "B-0042" };
  const digest = "d".repeat(64);

  const concurrencies = dbh.kind === "postgres" ? [1, 8] : [1];
  for (const conc of concurrencies) {
    const suffix = conc > 1 ? `.c${conc}` : "";
    const plain = await rate(
      (i) =>
        sql`insert into bench_plain (at, actor, action, subject, payload, payload_digest, prev_hash, hash)
            values (now(), 'staff:bench', 'bench.plain', ${`s:${i}`}, ${JSON.stringify(payload)}, ${digest}, ${digest}, ${digest})`.execute(dbh.db),
      seconds * 1000,
      conc,
    );
    report({ name: `storage.${label}.plain_insert${suffix}`, value: plain, unit: "rows/s" });
    const audited = await rate(
      (i) => store.tx((r) => audit.record(r.audit, { actor: "staff:bench", action: "bench.audited", subject: `s:${i}`, payload })),
      seconds * 1000,
      conc,
    );
    report({ name: `storage.${label}.audited_insert${suffix}`, value: audited, unit: "rows/s", baseline: plain, note: "vs plain_insert in the same run" });
  }

  const t0 = performance.now();
  const v = await audit.verify(store.read.audit);
  const secs = (performance.now() - t0) / 1000;
  if (!v.ok) throw new Error(`chain broke during the benchmark: ${JSON.stringify(v.firstBreak)}`);
  report({ name: `storage.${label}.audit_verify`, value: v.entries / secs, unit: "entries/s", note: `${v.entries} entries` });
}

export async function storageBench(opts: { seconds: number }): Promise<void> {
  const pgl = await openDatabase({ pgliteDir: "memory" });
  try {
    await benchOn("pglite", pgl, opts.seconds);
  } finally {
    await pgl.close();
  }
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchPostgres(process.env.DATABASE_URL);
    const pg = await openDatabase({ databaseUrl: scratch.url, poolSize: 10 });
    try {
      await benchOn("postgres", pg, opts.seconds);
    } finally {
      await pg.close();
      await scratch.drop();
    }
  } else {
    process.stderr.write("storage.postgres: skipped (set DATABASE_URL to a PostgreSQL server to measure it)\n");
  }
}
