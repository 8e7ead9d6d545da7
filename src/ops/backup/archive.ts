/**
 * The backup container: a gzip'd POSIX tar (portable, inspectable with
 * `tar tzf`). Packing writes to `<out>.partial`, fsyncs and renames, so a
 * crash never leaves a truncated file under the real name. Unpacking is
 * strict: a truncated or damaged archive, a link, a device or a path outside
 * the expected folders is OPS_BACKUP_CORRUPT, and nothing is extracted outside
 * the scratch directory.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import * as tar from "tar";
import { AppError } from "../../shared/errors.js";
import { MANIFEST_FILE, SIGNATURE_FILE } from "./manifest.js";

const ALLOWED = /^(manifest\.json|manifest\.sig\.json|db\/[^/]+\.ndjson|files\/.+|keys\/[^/]+)$/;

export async function packArchive(stagingDir: string, entries: string[], out: string, mtime: Date): Promise<number> {
  if (existsSync(out)) throw new AppError("OPS_BACKUP_OUTPUT_EXISTS", { detail: out });
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    await tar.c({ gzip: { level: 6 }, file: partial, cwd: stagingDir, portable: true, mtime, noDirRecurse: true }, entries);
    const fd = openSync(partial, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, out);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  return statSync(out).size;
}

/** Extracts into `dest` (an empty scratch directory). Returns the relative paths of the files extracted. */
export async function unpackArchive(file: string, dest: string): Promise<string[]> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new AppError("OPS_BACKUP_FILE_NOT_FOUND", { detail: file });
  const files: string[] = [];
  const bad: string[] = [];
  try {
    await tar.x({
      file,
      cwd: dest,
      strict: true,
      preservePaths: false,
      noChmod: true,
      filter: (p, entry) => {
        const type = "type" in entry ? entry.type : "File";
        const norm = path.posix.normalize(p.replace(/^\.\//, ""));
        if (type === "Directory") return ALLOWED.test(`${norm}/x`) || norm === "db" || norm === "files" || norm === "keys";
        if (type !== "File" && type !== "OldFile" && type !== "ContiguousFile") {
          bad.push(`${p} (${type})`);
          return false;
        }
        if (!ALLOWED.test(norm)) {
          bad.push(p);
          return false;
        }
        files.push(norm);
        return true;
      },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new AppError("OPS_BACKUP_CORRUPT", { detail: `${path.basename(file)}: ${err.code ? `${err.code}: ` : ""}${err.message}`, cause: e });
  }
  if (bad.length) throw new AppError("OPS_BACKUP_CORRUPT", { detail: `unexpected entries in the archive: ${bad.slice(0, 5).join(", ")}` });
  if (!files.includes(MANIFEST_FILE) || !files.includes(SIGNATURE_FILE)) {
    throw new AppError("OPS_BACKUP_CORRUPT", { detail: `${path.basename(file)} has no ${!files.includes(MANIFEST_FILE) ? MANIFEST_FILE : SIGNATURE_FILE} (not a landtrade backup, or truncated)` });
  }
  return files;
}
