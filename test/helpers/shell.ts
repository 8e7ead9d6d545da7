/** Running OpenSSL and curl the way an operator would, in a scratch directory. */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface Scratch {
  dir: string;
  file(name: string): string;
  read(name: string): string;
  /** Runs a shell command line in the directory; throws with stderr on failure. */
  sh(cmd: string): string;
  /** The same, without blocking the event loop (needed when the command talks to a server in this process). */
  shAsync(cmd: string): Promise<string>;
}

export function scratch(prefix = "lt-"): Scratch {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    file: (n) => path.join(dir, n),
    read: (n) => readFileSync(path.join(dir, n), "utf8"),
    sh: (cmd) => {
      try {
        return execFileSync("bash", ["-c", `set -euo pipefail; ${cmd}`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }).toString();
      } catch (e) {
        const err = e as { stderr?: Buffer; stdout?: Buffer };
        throw new Error(`command failed: ${cmd}\n${err.stderr?.toString() ?? ""}${err.stdout?.toString() ?? ""}`);
      }
    },
    shAsync: async (cmd) => {
      try {
        const { stdout } = await execFileAsync("bash", ["-c", `set -euo pipefail; ${cmd}`], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
        return stdout;
      } catch (e) {
        const err = e as { stderr?: string; stdout?: string };
        throw new Error(`command failed: ${cmd}\n${err.stderr ?? ""}${err.stdout ?? ""}`);
      }
    },
  };
}
