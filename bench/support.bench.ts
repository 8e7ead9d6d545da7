/**
 * Support desk and scheduler figures, each against a raw limit measured in
 * the same run on the same database:
 * - scheduler jobs run per second (claim in batches, one transaction per job)
 *   vs plain single-statement transactions per second;
 * - incidents recorded per second (number, row, event, audit entry, SLA view,
 *   13 job upserts) vs the same plain transactions;
 * - SLA evaluations per second (the pure rules), no baseline.
 */
import { sql } from "kysely";
import pino from "pino";
import { FakeClock } from "../src/app/clock.js";
import { loadConfig } from "../src/app/config.js";
import { createContainer } from "../src/app/container.js";
import { staffActor } from "../src/support/desk-context.js";
import { DEFAULT_LADDER, evaluateSla } from "../src/support/sla-policy.js";
import { openDatabase, type DbHandle } from "../src/storage/db.js";
import { migrateToLatest } from "../src/storage/migrate.js";
import { createScratchPostgres } from "../test/helpers/db.js";
import { rate, report } from "./report.js";

async function benchOn(label: string, dbh: DbHandle, seconds: number): Promise<void> {
  await migrateToLatest(dbh.db);
  const clock = new FakeClock("2026-03-02T01:00:00.000Z");
  const c = await createContainer(loadConfig({ env: {}, cwd: "/nonexistent", overrides: { logLevel: "silent" } }), { clock, dbh, log: pino({ level: "silent" }), migrate: false });
  await sql`create table bench_plain_tx (id bigserial primary key, note text not null)`.execute(dbh.db);
  // The raw limit: one-statement transactions on the same database.
  const plain = await rate((i) => dbh.db.transaction().execute((trx) => sql`insert into bench_plain_tx (note) values (${`n${i}`})`.execute(trx)), seconds * 1000);
  report({ name: `support.${label}.plain_tx`, value: plain, unit: "tx/s" });

  // Scheduler: N due jobs with a handler that writes one row, drained by ticks.
  c.scheduler.register("bench.job", async () => undefined);
  const n = Math.max(200, Math.round(plain * seconds * 0.5));
  await c.store.tx(async (r) => {
    for (let i = 0; i < n; i++) await c.scheduler.schedule(r, { kind: "bench.job", key: `k${i}`, dueAt: clock.now() });
  });
  const t0 = performance.now();
  const done = await c.scheduler.drain(undefined, 100_000);
  const jobsPerSec = done.done / ((performance.now() - t0) / 1000);
  if (done.done !== n) throw new Error(`ran ${done.done} of ${n} jobs`);
  report({ name: `support.${label}.scheduler_jobs`, value: jobsPerSec, unit: "jobs/s", baseline: plain, note: `${n} jobs, batches of 50; vs plain_tx` });

  // Incidents recorded through the real service.
  const desk = staffActor("bench", ["service_desk"]);
  const incidents = await rate(
    (i) =>
      c.support.create(
        {
          channel: "phone",
          reporter: { kind: "bidder", name: `竞买人 ${i}`, phone: null, email: null, org: null, certificateSerial: null, tokenSerial: null },
          description: "签名失败，中间件返回 0x8010",
          subFault: "sw-middleware-error",
          impact: "partial",
          urgency: "medium",
        },
        desk,
      ),
    seconds * 1000,
  );
  report({ name: `support.${label}.incident_create`, value: incidents, unit: "incidents/s", baseline: plain, note: "vs plain_tx" });
  await c.close();
}

export async function supportBench(opts: { seconds: number }): Promise<void> {
  const facts = {
    severity: "critical" as const,
    createdAt: new Date("2026-03-02T01:00:00.000Z"),
    firstContactAt: null,
    solutionAt: null,
    resolvedAt: null,
    major: null,
    pauses: [{ from: new Date("2026-03-02T02:00:00.000Z"), to: new Date("2026-03-02T03:00:00.000Z") }],
    dispatches: [],
    ladder: DEFAULT_LADDER,
    firedSteps: [],
  };
  const now = new Date("2026-03-02T09:00:00.000Z");
  const evals = await rate(async () => evaluateSla(facts, now), opts.seconds * 1000);
  report({ name: "support.sla_evaluate", value: evals, unit: "evaluations/s" });

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
    process.stderr.write("support.postgres: skipped (set DATABASE_URL to a PostgreSQL server to measure it)\n");
  }
}
