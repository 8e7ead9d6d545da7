/**
 * The `landtrade` CLI end to end, as separate processes on a file-backed
 * PGlite data directory (or a scratch PostgreSQL database when DATABASE_URL
 * is set): the way an operator runs it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "../../src/storage/db.js";
import { createScratchPostgres, onPostgres } from "../helpers/db.js";
import { TAMPERS } from "../helpers/tamper.js";

const run = promisify(execFile);
const BIN = path.resolve("bin/landtrade.mjs");
// Each step is a separate process that opens the database (~1 s tsx + ~3 s PGlite on a busy 2-core machine).
// Each CLI step opens PGlite and migrates (4 migrations); `demo seed` also writes the demo desk.
const SLOW = 360_000;

describe("landtrade CLI", () => {
  let dataDir: string;
  let env: Record<string, string>;
  let dropPg: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "lt-cli-"));
    env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LANDTRADE_DATA_DIR: dataDir };
    if (onPostgres) {
      const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
      env.DATABASE_URL = scratch.url;
      dropPg = scratch.drop;
    }
  });
  afterAll(async () => {
    await dropPg?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function cli(args: string[], extraEnv: Record<string, string> = {}, input?: string) {
    const p = run(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: dataDir, timeout: SLOW - 10_000 });
    if (input !== undefined) {
      p.child.stdin!.end(input);
    }
    try {
      const { stdout, stderr } = await p;
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  async function withDb<T>(fn: (dbh: DbHandle) => Promise<T>): Promise<T> {
    const dbh = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { pgliteDir: path.join(dataDir, "pglite") });
    try {
      return await fn(dbh);
    } finally {
      await dbh.close();
    }
  }

  it("a bad config stops with one coded line listing every invalid key", async () => {
    const r = await cli(["migrate"], { LANDTRADE_PORT: "99999", LANDTRADE_LOG_LEVEL: "chatty" });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^landtrade: CONFIG_INVALID: 配置无效 \/ The configuration is invalid — /);
    expect(lines[0]).toContain("LANDTRADE_PORT");
    expect(lines[0]).toContain("LANDTRADE_LOG_LEVEL");
  });

  it("a usage error is one coded line and exit 2", async () => {
    const r = await cli(["user", "add", "--username", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^landtrade: CLI_USAGE: .*--role/);
  });

  it("migrates, seeds demo data idempotently, manages users", async () => {
    expect((await cli(["migrate"])).stdout).toMatch(/applied: 001-foundation\b/);
    expect((await cli(["migrate"])).stdout).toContain("up to date");
    const first = (await cli(["demo", "seed"])).stdout;
    expect(first).toContain("14 staff accounts created");
    expect(Number(/(\d+) support incidents created/.exec(first)?.[1])).toBeGreaterThan(10);
    expect((await cli(["demo", "seed"])).stdout).toContain("0 staff accounts created, 14 already present; 0 support incidents created");

    const add = await cli(["user", "add", "-u", "wang", "-n", "王五", "-r", "trading_admin,supervisor", "--password-stdin"], {}, "wang-Password-1\n");
    expect(add.stdout).toContain("created wang (trading_admin, supervisor)");
    const dup = await cli(["user", "add", "-u", "wang", "-r", "ops", "-p", "abcdefghij1"]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^landtrade: USER_EXISTS/);
    const weak = await cli(["user", "passwd", "wang", "-p", "123"]);
    expect(weak.stderr).toMatch(/^landtrade: PASSWORD_TOO_WEAK/);
    expect((await cli(["user", "passwd", "wang", "-p", "another-Pass-2"])).code).toBe(0);

    const list = JSON.parse((await cli(["user", "list", "--json"])).stdout) as { username: string; roles: string[] }[];
    expect(list.find((u) => u.username === "wang")?.roles).toEqual(["trading_admin", "supervisor"]);
    expect(list).toHaveLength(15);
  }, SLOW);

  it("audit verify passes on the real chain and exits non-zero naming the first broken link after SQL tampering", async () => {
    const ok = await cli(["audit", "verify"]);
    expect(ok.code).toBe(0);
    const entries = await withDb(async (dbh) => Number((await dbh.db.selectFrom("audit_log").select((e) => e.fn.countAll().as("n")).executeTakeFirstOrThrow()).n));
    expect(entries).toBeGreaterThan(15); // the demo seed's accounts, the CA hierarchies and more
    expect(ok.stdout).toMatch(new RegExp(`audit chain OK: ${entries} entries`));

    for (const t of TAMPERS.filter((x) => ["payload edited", "row deleted", "rows reordered"].includes(x.name))) {
      const saved = await withDb(async (dbh) => {
        const rows = await dbh.db.selectFrom("audit_log").selectAll().execute();
        await t.apply(dbh.db);
        return rows;
      });
      const bad = await cli(["audit", "verify"]);
      expect(bad.code, t.name).toBe(1);
      expect(bad.stderr).toMatch(new RegExp(`^landtrade: AUDIT_CHAIN_BROKEN: .* first broken link at entry ${t.breaksAt}:`));
      await withDb(async (dbh) => {
        await dbh.db.deleteFrom("audit_log").execute();
        for (const r of saved) await dbh.db.insertInto("audit_log").values({ ...r, payload: JSON.stringify(r.payload) }).execute();
      });
      expect((await cli(["audit", "verify"])).code).toBe(0);
    }
  }, SLOW);
});
