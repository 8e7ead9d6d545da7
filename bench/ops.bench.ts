/**
 * Operations figures:
 *  - ops.pglite.commit_fsync: audited commits/s on a file-backed PGlite with
 *    real fsync (the default), against commit_nofsync (PGlite's own `-F`
 *    mode) in the same run: the price of power-loss durability.
 *  - ops.<db>.backup_create / backup_verify / backup_restore: seconds per
 *    100k rows (half certificates, half audit entries — what every bid
 *    writes), against the raw snapshot read of the same rows in the same run.
 *  - ops.postgres.failover: the failover drill (docs/operations.md §7) run
 *    several times — two `landtrade serve` processes, the primary SIGKILLed
 *    during an EST issuance storm — median time from the kill to the first
 *    certificate the standby delivers, against the leader lease length (the
 *    raw limit: a standby may not sign before the dead primary's lease ends).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pino from "pino";
import { seedPkiDemo } from "../src/app/demo-seed-pki.js";
import { FakeClock } from "../src/app/clock.js";
import { loadConfig } from "../src/app/config.js";
import { createContainer } from "../src/app/container.js";
import { buildEntry, GENESIS_HASH } from "../src/ops/audit-chain.js";
import { AuditService } from "../src/ops/audit.service.js";
import { canonicalJson } from "../src/shared/canonical-json.js";
import { openDatabase, type DbHandle } from "../src/storage/db.js";
import { backupStorage } from "../src/storage/logical-backup.js";
import { migrateToLatest } from "../src/storage/migrate.js";
import { createStore } from "../src/storage/store.js";
import { createScratchPostgres } from "../test/helpers/db.js";
import { issuanceStormWithKill, prepareSite, startNode, waitForRole } from "../test/helpers/failover-drill.js";
import { rate, report } from "./report.js";

const DRILLS = 3;
const LEASE_SECONDS = 3;

export async function failoverDrills(baseUrl: string): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < DRILLS; i++) {
    const scratch = await createScratchPostgres(baseUrl);
    const site = await prepareSite(scratch.url, 24, LEASE_SECONDS);
    const nodes = [];
    try {
      const a = await startNode(site, "A");
      nodes.push(a);
      await waitForRole(a, "leader");
      const b = await startNode(site, "B");
      nodes.push(b);
      const r = await issuanceStormWithKill([a, b], a, site.grants, { concurrency: 4, killAfter: 8 });
      times.push(r.failoverMs);
      process.stderr.write(`failover drill ${i + 1}/${DRILLS}: ${Math.round(r.failoverMs)} ms\n`);
    } finally {
      for (const n of nodes) if (n.child.exitCode === null) n.child.kill("SIGKILL");
      await new Promise((r) => setTimeout(r, 500));
      site.close();
      await scratch.drop();
    }
  }
  const sorted = [...times].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  report({ name: "ops.postgres.failover", value: median / 1000, unit: "s", baseline: LEASE_SECONDS, note: `median of ${DRILLS} drills (${sorted.map((t) => (t / 1000).toFixed(1)).join(", ")} s); baseline = leader lease length (the dead primary's lease ends at most that long after the kill)` });
}

const ROWS = 100_000;
const PASS = "bench-key-passphrase";

async function commitCost(seconds: number): Promise<void> {
  const out: Record<string, number> = {};
  for (const fsync of [false, true]) {
    const dir = mkdtempSync(path.join(tmpdir(), "lt-bench-fsync-"));
    const dbh = await openDatabase({ pgliteDir: path.join(dir, "pglite"), pgliteFsync: fsync });
    try {
      await migrateToLatest(dbh.db);
      const store = createStore(dbh.db);
      const audit = new AuditService(new FakeClock());
      out[String(fsync)] = await rate((i) => store.tx((r) => audit.record(r.audit, { actor: "bench", action: "bench.commit", subject: `s:${i}`, payload: { i } })), seconds * 1000);
    } finally {
      await dbh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  report({ name: "ops.pglite.commit_nofsync", value: out.false!, unit: "commits/s", note: "PGlite's own mode (-F): survives a process kill, not a power cut" });
  report({ name: "ops.pglite.commit_fsync", value: out.true!, unit: "commits/s", baseline: out.false!, note: "the default: WAL fdatasync at each commit" });
}

/** Half the rows certificates under the demo sub-CA, half a valid audit chain (bids are audited). */
async function fill(dbh: DbHandle, caId: string): Promise<void> {
  const certs = ROWS / 2;
  const now = new Date("2026-03-02T01:00:00Z");
  for (let i = 0; i < certs; i += 1000) {
    const vals = Array.from({ length: Math.min(1000, certs - i) }, (_, k) => {
      const serial = randomBytes(16).toString("hex");
      return sql`(${serial}, ${caId}, 'personal-sign', 'ecdsa-p256', ${`CN=竞买人${i + k},O=长沙县`}, ${randomBytes(32).toString("hex")},
        ${randomBytes(420)}, ${randomBytes(560)}, 'issued', ${now}, ${now}, ${"bidder:" + (i + k)}, 'bench', ${now}, ${now})`;
    });
    await sql`insert into pki_certificate (serial, ca_id, profile, suite, subject, spki_sha256, tbs_der, cert_der, status, not_before, not_after, holder, requested_by, created_at, issued_at)
      values ${sql.join(vals)}`.execute(dbh.db);
  }
  const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_head where id = 1`.execute(dbh.db);
  let prev = { seq: Number(head.rows[0]!.seq), hash: head.rows[0]!.hash ?? GENESIS_HASH };
  for (let i = 0; i < ROWS - certs; i += 1000) {
    const entries = Array.from({ length: Math.min(1000, ROWS - certs - i) }, (_, k) => {
      const e = buildEntry(prev, new Date(now.getTime() + i + k), {
        actor: `bidder:B-${(i + k) % 97}`,
        action: "trading.bid.placed",
        subject: `parcel:CX-2026-${(i + k) % 40}`,
        payload: { amount: `${123_450_000 + (i + k) * 50_000}.00`, receipt: randomBytes(32).toString("hex") },
      });
      prev = e;
      return sql`(${e.seq}, ${e.at}, ${e.actor}, ${e.action}, ${e.subject}, ${canonicalJson(e.payload)}, ${e.payloadDigest}, ${e.prevHash}, ${e.hash})`;
    });
    await sql`insert into audit_log (seq, at, actor, action, subject, payload, payload_digest, prev_hash, hash) values ${sql.join(entries)}`.execute(dbh.db);
  }
  await sql`update audit_head set seq = ${prev.seq}, hash = ${prev.hash} where id = 1`.execute(dbh.db);
}

async function backupOn(label: string, open: () => Promise<{ dbh: DbHandle; drop(): Promise<void> }>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), `lt-bench-backup-${label}-`));
  const src = await open();
  const dst = await open();
  const config = (d: string) => loadConfig({ env: {}, cwd: "/nonexistent", overrides: { logLevel: "silent", dataDir: d, keyPassphrase: PASS } });
  const log = pino({ level: "silent" });
  try {
    await migrateToLatest(src.dbh.db);
    await migrateToLatest(dst.dbh.db);
    const c = await createContainer(config(path.join(dir, "src")), { dbh: src.dbh, clock: new FakeClock(), log });
    await seedPkiDemo(c.pki);
    await fill(src.dbh, "ecdsa-p256-sub");

    const total = (await backupStorage(src.dbh.db, src.dbh.kind).snapshot(async (s) => {
      let n = 0;
      for (const t of await s.tables()) n += await s.rows(t, async () => undefined);
      return n;
    })) as number;
    const t0 = performance.now();
    await backupStorage(src.dbh.db, src.dbh.kind).snapshot(async (s) => {
      for (const t of await s.tables()) await s.rows(t, async () => undefined);
    });
    const rawSecs = (performance.now() - t0) / 1000;
    const per100k = (secs: number) => (secs * 100_000) / total;
    report({ name: `ops.${label}.snapshot_read`, value: per100k(rawSecs), unit: "s/100k rows", note: `${total} rows, read only (the raw limit)` });

    const b = await c.backups.create({ actor: "bench", out: path.join(dir, "bench.ltbk") });
    report({ name: `ops.${label}.backup_create`, value: per100k(b.seconds), unit: "s/100k rows", baseline: per100k(rawSecs), note: `${b.bytes} bytes for ${total} rows` });

    const v = await c.restores.verify(b.file, { actor: "bench", record: false });
    if (!v.report.ok) throw new Error(`verify failed: ${JSON.stringify(v.report.checks)}`);
    report({ name: `ops.${label}.backup_verify`, value: per100k(v.report.seconds), unit: "s/100k rows", baseline: per100k(rawSecs), note: "into a scratch in-memory PGlite, all restore checks" });

    const d = await createContainer(config(path.join(dir, "dst")), { dbh: dst.dbh, clock: new FakeClock(), log });
    const r = await d.restores.restore(b.file, { actor: "bench", signers: [b.signer] });
    report({ name: `ops.${label}.backup_restore`, value: per100k(r.report.seconds), unit: "s/100k rows", baseline: per100k(rawSecs), note: "one transaction into the configured database, checks included" });
    await d.close();
    await c.close();
  } finally {
    await src.drop();
    await dst.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function opsBench(opts: { seconds: number }): Promise<void> {
  await commitCost(opts.seconds);
  await backupOn("pglite", async () => {
    const dbh = await openDatabase({ pgliteDir: "memory" });
    return { dbh, drop: () => dbh.close() };
  });
  if (process.env.DATABASE_URL) {
    await backupOn("postgres", async () => {
      const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
      const dbh = await openDatabase({ databaseUrl: scratch.url });
      return {
        dbh,
        drop: async () => {
          await dbh.close();
          await scratch.drop();
        },
      };
    });
    await failoverDrills(process.env.DATABASE_URL);
  } else {
    process.stderr.write("ops.postgres: skipped (set DATABASE_URL to a PostgreSQL server to measure it)\n");
  }
}
