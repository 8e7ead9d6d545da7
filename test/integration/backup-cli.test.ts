/**
 * `landtrade backup …` and the upgrade guard as an operator runs them:
 * separate processes on a file-backed data directory (or a scratch
 * PostgreSQL database when DATABASE_URL is set). Errors are one coded line.
 */
import { copyFileSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/storage/db.js";
import { onPostgres } from "../helpers/db.js";
import { cliSite } from "../helpers/cli-process.js";

const SLOW = 600_000;

describe("landtrade backup (CLI)", () => {
  // The data directory is the site itself: backups land in <site>/backups.
  const site = cliSite({ prefix: "lt-backup-cli-", env: { LANDTRADE_KEY_PASSPHRASE: "cli-test-key-passphrase" }, dataDir: ".", timeoutMs: 180_000 });
  const cli = site.cli;

  it("creates, verifies and restores; refuses a non-empty target and a damaged file with one coded line", async () => {
    expect((await cli(["demo", "seed"])).code).toBe(0);
    const made = await cli(["backup", "create", "--json"]);
    expect(made.code, made.stderr).toBe(0);
    const b = JSON.parse(made.stdout) as { file: string; rows: number; signer: string; recorded: boolean };
    expect(b.recorded).toBe(true);
    expect(statSync(b.file).size).toBeGreaterThan(1000);

    const ok = await cli(["backup", "verify", b.file]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/pki\.crl-regenerates\s+ok/);
    expect(ok.stdout).toMatch(/backup verified in/);

    const refused = await cli(["backup", "restore", b.file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/^landtrade: OPS_RESTORE_TARGET_NOT_EMPTY: 目标数据库已有数据/);

    const bad = path.join(site.dir, "backups", "truncated.ltbk");
    copyFileSync(b.file, bad);
    truncateSync(bad, Math.floor(statSync(bad).size / 2));
    const corrupt = await cli(["backup", "verify", bad]);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/^landtrade: OPS_BACKUP_CORRUPT: /);

    const restored = await cli(["backup", "restore", b.file, "--force", "--json"]);
    expect(restored.code, restored.stderr).toBe(0);
    expect((JSON.parse(restored.stdout) as { ok: boolean }).ok).toBe(true);
    const list = JSON.parse((await cli(["backup", "list", "--json"])).stdout) as { id: string; restoredAt: string | null }[];
    expect(list.some((x) => x.restoredAt)).toBe(true);
  }, SLOW);

  it.skipIf(onPostgres)("a second process cannot open the embedded database (it would corrupt it)", async () => {
    const dbh = await openDatabase({ pgliteDir: path.join(site.dir, "pglite") });
    try {
      const r = await cli(["backup", "create"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^landtrade: OPS_EMBEDDED_DB_IN_USE: .*held by pid \d+/);
    } finally {
      await dbh.close();
    }
  }, SLOW);
});
