import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/storage/db.js";
import { migrateToLatest, migrationStatus } from "../../src/storage/migrate.js";
import { createStore } from "../../src/storage/store.js";
import { AuditService } from "../../src/ops/audit.service.js";
import { FakeClock } from "../../src/app/clock.js";
import { onPostgres, testDatabase } from "../helpers/db.js";

describe(`storage on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  let dbh: DbHandle;
  beforeAll(async () => {
    dbh = await testDatabase();
  });
  afterAll(() => dbh.close());

  it("migrations are applied and re-running them is a no-op", async () => {
    expect((await migrationStatus(dbh.db)).pending).toEqual([]);
    expect(await migrateToLatest(dbh.db)).toEqual([]);
  });

  it("concurrent transactions do not interleave and a rollback keeps nothing", async () => {
    const store = createStore(dbh.db);
    const audit = new AuditService(new FakeClock());
    const before = await store.read.audit.head();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.tx(async (r) => {
          await audit.record(r.audit, { actor: "test", action: "storage.concurrency", subject: `t:${i}`, payload: { i } });
          // Yield so other transactions get a chance to interleave.
          await new Promise((res) => setTimeout(res, 1));
          if (i % 4 === 0) throw new Error("roll back");
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(5);
    const after = await store.read.audit.head();
    expect(after.seq - before.seq).toBe(15);
    const rows = await dbh.db.selectFrom("audit_log").select("subject").where("action", "=", "storage.concurrency").execute();
    const kept = rows.map((r) => Number(r.subject.slice(2))).sort((a, b) => a - b);
    expect(kept.some((i) => i % 4 === 0)).toBe(false);
    expect(kept).toHaveLength(15);
    expect((await audit.verify(store.read.audit)).ok).toBe(true);
  });

  it("speaks the same SQL on both engines", async () => {
    const r = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(dbh.db);
    expect(Number(r.rows[0]!.v)).toBeGreaterThanOrEqual(150000);
  });
});
