/** Runs `bin/landtrade.mjs` as its own process and returns its exit code and output (never throws on a non-zero exit). */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll } from "vitest";
import { createScratchPostgres, onPostgres } from "./db.js";

const run = promisify(execFile);
export const LANDTRADE_BIN = path.resolve("bin/landtrade.mjs");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], o: { env: Record<string, string>; cwd: string; timeoutMs: number }): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LANDTRADE_BIN, ...args], { env: o.env, cwd: o.cwd, timeout: o.timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * A private site for a CLI test file: a temporary directory (the processes' working directory),
 * the environment they run with (data directory inside it, or the directory itself), and on
 * PostgreSQL a scratch database. Registers its own beforeAll/afterAll; read `dir` inside tests.
 */
export function cliSite(o: { prefix: string; env?: Record<string, string>; dataDir?: "data" | "."; timeoutMs: number }) {
  let drop: (() => Promise<void>) | undefined;
  const site = {
    dir: "",
    env: {} as Record<string, string>,
    cli: (args: string[]) => runCli(args, { env: site.env, cwd: site.dir, timeoutMs: o.timeoutMs }),
  };
  beforeAll(async () => {
    site.dir = mkdtempSync(path.join(tmpdir(), o.prefix));
    site.env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LANDTRADE_DATA_DIR: path.join(site.dir, o.dataDir ?? "data"), ...o.env };
    if (onPostgres) {
      const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
      site.env.DATABASE_URL = scratch.url;
      drop = scratch.drop;
    }
  });
  afterAll(async () => {
    await drop?.();
    rmSync(site.dir, { recursive: true, force: true });
  });
  return site;
}
