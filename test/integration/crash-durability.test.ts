/**
 * Crash durability: a process appending audited entries is killed with
 * SIGKILL mid-storm; after a restart every entry whose commit was
 * acknowledged is there (same sequence, same hash) and the chain verifies.
 * On PGlite this also proves the embedded database really fsyncs (the
 * durable file system counted syncs) and that the lock left by the killed
 * process is taken over. On PostgreSQL the server's own durability is tested.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/app/clock.js";
import { AuditService } from "../../src/ops/audit.service.js";
import { openDatabase } from "../../src/storage/db.js";
import { createStore } from "../../src/storage/store.js";
import { createScratchPostgres, onPostgres } from "../helpers/db.js";

const STORM = path.resolve("test/fixtures/audit-storm.ts");

interface Ack {
  seq: number;
  hash: string;
  syncs: number;
}

/** Runs the storm until `acks` commits were acknowledged (and at least `minMs`), then SIGKILLs it. */
function stormAndKill(target: string, acks: number): Promise<{ acked: Ack[]; ready: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", STORM, target, "4"], { stdio: ["ignore", "pipe", "pipe"] });
    const acked: Ack[] = [];
    let ready = "";
    let buf = "";
    let err = "";
    let killed = false;
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) {
        if (l.startsWith("ready")) ready = l;
        const m = /^ack (\d+) ([0-9a-f]{64}) (\d+)$/.exec(l);
        if (m) acked.push({ seq: Number(m[1]), hash: m[2]!, syncs: Number(m[3]) });
      }
      if (!killed && acked.length >= acks) {
        killed = true;
        child.kill("SIGKILL"); // no chance to flush, close or release anything
      }
    });
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve({ acked, ready });
      else reject(new Error(`storm exited by itself (code ${code}): ${err.slice(0, 2000)}`));
    });
  });
}

describe("crash durability of acknowledged audited writes", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("SIGKILL during an audited-insert storm loses no acknowledged entry and leaves the chain verifying", async () => {
    let target: string;
    if (onPostgres) {
      const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
      cleanups.push(scratch.drop);
      target = scratch.url;
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), "lt-crash-"));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      target = path.join(dir, "pglite");
    }
    const { acked, ready } = await stormAndKill(target, 400);
    expect(acked.length).toBeGreaterThanOrEqual(400);
    if (!onPostgres) {
      expect(ready).toContain("fsync=true");
      // Real fdatasync calls reached the disk while committing.
      expect(acked.at(-1)!.syncs).toBeGreaterThan(acked.length / 2);
    }

    // Restart: the killed process's lock is stale and taken over.
    const dbh = await openDatabase(onPostgres ? { databaseUrl: target } : { pgliteDir: target });
    try {
      const store = createStore(dbh.db);
      const v = await new AuditService(new FakeClock()).verify(store.read.audit);
      expect(v.ok, JSON.stringify(v.firstBreak)).toBe(true);
      const maxAcked = Math.max(...acked.map((a) => a.seq));
      expect(v.head.seq).toBeGreaterThanOrEqual(maxAcked);
      const rows = await store.read.audit.page(0, v.entries + 10);
      const bySeq = new Map(rows.map((r) => [r.seq, r.hash]));
      const missing = acked.filter((a) => bySeq.get(a.seq) !== a.hash);
      expect(missing).toEqual([]);
    } finally {
      await dbh.close();
    }
  }, 300_000);
});
