/**
 * One process per embedded database. PGlite takes no lock on its data
 * directory, and two processes opening it at once (a running server and a
 * `landtrade backup create`, say) would corrupt it. `<dir>.lock` names the
 * holder's pid and host; a lock left by a dead process is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { AppError } from "../shared/errors.js";

interface Holder {
  pid: number;
  host: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(file, "utf8")) as Holder;
    return typeof h.pid === "number" && typeof h.host === "string" ? h : null;
  } catch {
    return null; // empty or half-written by a process that died while writing it
  }
}

/** Takes the lock; returns its release function (also run at process exit). */
export function lockPgliteDir(dir: string): () => void {
  const file = `${dir}.lock`;
  const me: Holder = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener("exit", release);
        const h = readHolder(file);
        if (h && h.pid === me.pid && h.host === me.host) {
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const h = readHolder(file);
      if (h && (h.host !== me.host || h.pid === me.pid || alive(h.pid))) {
        throw new AppError("OPS_EMBEDDED_DB_IN_USE", { detail: `${dir} is held by pid ${h.pid} on ${h.host} (lock file ${file})` });
      }
      try {
        unlinkSync(file); // stale: its process is gone
      } catch {
        /* another opener removed it first */
      }
    }
  }
  throw new AppError("OPS_EMBEDDED_DB_IN_USE", { detail: `could not take ${file}` });
}
