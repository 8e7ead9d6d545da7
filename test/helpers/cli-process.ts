/** Runs `bin/landtrade.mjs` as its own process and returns its exit code and output (never throws on a non-zero exit). */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

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
