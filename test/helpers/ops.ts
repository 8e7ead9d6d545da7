/** Helpers for the operations tests: a container with its own data directory, table fingerprints, archive surgery. */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import * as tar from "tar";
import { FakeClock } from "../../src/app/clock.js";
import { loadConfig, type Config } from "../../src/app/config.js";
import { createContainer, type Container } from "../../src/app/container.js";
import { backupSigningKey } from "../../src/ops/backup/backup-signer.js";
import type { Manifest } from "../../src/ops/backup/manifest.js";
import { canonicalJson } from "../../src/shared/canonical-json.js";
import type { DbHandle } from "../../src/storage/db.js";
import { backupStorage } from "../../src/storage/logical-backup.js";
import { testDatabase } from "./db.js";

export const KEY_PASSPHRASE = "test-key-passphrase-1";

export interface OpsSystem {
  c: Container;
  clock: FakeClock;
  dbh: DbHandle;
  dataDir: string;
  close(): Promise<void>;
}

export async function opsSystem(opts: { dbh?: DbHandle; dataDir?: string; clock?: FakeClock; overrides?: Partial<Record<keyof Config, unknown>> } = {}): Promise<OpsSystem> {
  const dbh = opts.dbh ?? (await testDatabase());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "lt-ops-"));
  const clock = opts.clock ?? new FakeClock("2026-03-02T01:00:00.000Z");
  const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { logLevel: "silent", dataDir, keyPassphrase: KEY_PASSPHRASE, ...opts.overrides } });
  const c = await createContainer(config, { clock, dbh, log: pino({ level: "silent" }) });
  return {
    c,
    clock,
    dbh,
    dataDir,
    close: async () => {
      await c.close();
      await dbh.close();
    },
  };
}

/** Every table's rows as PostgreSQL renders them (row_to_json, primary-key order). */
export async function tableRows(dbh: DbHandle): Promise<Record<string, string[]>> {
  return backupStorage(dbh.db, dbh.kind).snapshot(async (s) => {
    const out: Record<string, string[]> = {};
    for (const t of await s.tables()) {
      const rows: string[] = [];
      await s.rows(t, async (lines) => void rows.push(...lines));
      out[t.name] = rows;
    }
    return out;
  });
}

function filesUnder(dir: string, rel = ""): string[] {
  if (!existsSync(path.join(dir, rel))) return [];
  return readdirSync(path.join(dir, rel))
    .sort()
    .flatMap((n) => {
      const r = rel ? `${rel}/${n}` : n;
      return statSync(path.join(dir, r)).isDirectory() ? filesUnder(dir, r) : [r];
    });
}

/** A fingerprint of everything a restore could change: all rows, and the data directory's documents and keys. */
export async function fingerprint(sys: { dbh: DbHandle; dataDir: string }): Promise<string> {
  const h = createHash("sha256");
  h.update(JSON.stringify(await tableRows(sys.dbh)));
  for (const f of filesUnder(sys.dataDir).filter((f) => !f.startsWith("backups/"))) h.update(f).update(readFileSync(path.join(sys.dataDir, f)));
  return h.digest("hex");
}

/**
 * Unpacks a backup, lets `edit` change its parts (and the manifest), then
 * re-signs the manifest with `signWith`'s backup key (or leaves the old
 * signature when `resign` is false) and packs it again.
 */
export async function rewriteBackup(
  file: string,
  out: string,
  edit: (dir: string, m: Manifest) => Manifest | void,
  signWith: Container | null,
): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "lt-rewrite-"));
  await tar.x({ file, cwd: dir });
  const m = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
  const next = edit(dir, m) ?? m;
  const bytes = Buffer.from(canonicalJson(next), "utf8");
  writeFileSync(path.join(dir, "manifest.json"), bytes);
  if (signWith) writeFileSync(path.join(dir, "manifest.sig.json"), JSON.stringify(await (await backupSigningKey(await signWith.keyStore())).sign(bytes)));
  await tar.c({ gzip: true, file: out, cwd: dir, portable: true }, readdirSync(dir));
}

export const sha256File = (f: string): string => createHash("sha256").update(readFileSync(f)).digest("hex");
