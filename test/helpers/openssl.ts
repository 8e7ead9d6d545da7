/**
 * Runs the openssl binary asynchronously (never spawnSync: the server under
 * test runs in this process, and `openssl ocsp -url` must reach it).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions on messages OpenSSL prints to either. */
  out: string;
}

export function openssl(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile("openssl", args, { cwd, timeout: 30_000, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr, out: `${stdout}\n${stderr}` });
    });
  });
}

/** A scratch directory with helpers to write and read files in it. */
export function scratch(prefix = "lt-openssl-") {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    path: (f: string) => path.join(dir, f),
    write: (f: string, data: string | Uint8Array) => writeFileSync(path.join(dir, f), data),
    read: (f: string) => new Uint8Array(readFileSync(path.join(dir, f))),
    run: (args: string[]) => openssl(args, dir),
  };
}
