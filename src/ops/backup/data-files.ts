/**
 * The files part of a backup: stored documents under the data directory and
 * the key store's encrypted PKCS#8 files. The embedded database, backups,
 * scratch folders, HSM token folders and the key passphrase file are never
 * included; a plaintext private key anywhere stops the backup.
 */
import { chmodSync, closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { AppError } from "../../shared/errors.js";
import { sha256Hex } from "./manifest.js";

/**
 * Top-level entries of the data directory that are not stored documents.
 * `demo-bidders`: the demo bidders' own key pairs (stand-ins for their USB
 * keys, written by the demo seed) belong to the bidders, never in a backup.
 */
const NOT_DOCUMENTS = new Set(["pglite", "pglite.lock", "backups", "keys", "softhsm", "tokens", "tmp", "demo-bidders"]);
const SCRATCH = /^\.(restore|pre-restore|staging)-/;
export const KEYS_DIR = "keys";
const PLAINTEXT_KEY = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |SM2 )?PRIVATE KEY-----/;

export interface StagedFile {
  /** Path inside the archive: files/… or keys/… */
  archivePath: string;
  kind: "document" | "key";
  sha256: string;
  bytes: number;
}

/** Whether a top-level entry of the data directory holds stored documents. */
function isDocumentEntry(top: string): boolean {
  return !NOT_DOCUMENTS.has(top) && !SCRATCH.test(top) && !top.startsWith(".") && !/\.ltbk(\.partial)?$/.test(top);
}

function walk(root: string, rel = ""): string[] {
  const out: string[] = [];
  const dir = path.join(root, rel);
  for (const name of readdirSync(dir).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(path.join(root, r));
    if (st.isSymbolicLink()) continue; // never follow links out of the data directory
    if (st.isDirectory()) out.push(...walk(root, r));
    else if (st.isFile()) out.push(r);
  }
  return out;
}

function headOf(file: string, bytes = 64 * 1024): string {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString("latin1");
  } finally {
    closeSync(fd);
  }
}

/** Relative paths (to the data directory) of stored documents. */
export function documentPaths(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  const out: string[] = [];
  for (const top of readdirSync(dataDir).sort()) {
    if (!isDocumentEntry(top)) continue;
    const st = lstatSync(path.join(dataDir, top));
    if (st.isDirectory()) out.push(...walk(dataDir, top));
    else if (st.isFile()) out.push(top);
  }
  return out;
}

/** Key files to back up: encrypted PKCS#8 (`*.key.pem`) and public metadata (`*.json`); never `.passphrase`. */
export function keyFilePaths(keysDir: string): string[] {
  if (!existsSync(keysDir)) return [];
  return readdirSync(keysDir)
    .filter((f) => (f.endsWith(".key.pem") || f.endsWith(".json")) && !f.startsWith("."))
    .filter((f) => lstatSync(path.join(keysDir, f)).isFile())
    .sort();
}

/** Copies documents and key files into the staging folder (hashing the copies, so the hash is of what is archived). */
export function stageFiles(dataDir: string, staging: string): StagedFile[] {
  const out: StagedFile[] = [];
  const stage = (src: string, archivePath: string, kind: StagedFile["kind"]) => {
    const dst = path.join(staging, archivePath);
    mkdirSync(path.dirname(dst), { recursive: true });
    copyFileSync(src, dst);
    const data = readFileSync(dst);
    out.push({ archivePath, kind, sha256: sha256Hex(data), bytes: data.length });
  };
  for (const rel of documentPaths(dataDir)) {
    const abs = path.join(dataDir, rel);
    if (PLAINTEXT_KEY.test(headOf(abs))) throw new AppError("OPS_BACKUP_PLAINTEXT_KEY", { detail: rel });
    stage(abs, `files/${rel}`, "document");
  }
  const keysDir = path.join(dataDir, KEYS_DIR);
  for (const f of keyFilePaths(keysDir)) {
    const abs = path.join(keysDir, f);
    if (f.endsWith(".key.pem")) {
      const head = headOf(abs);
      if (!head.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----") || PLAINTEXT_KEY.test(head)) throw new AppError("OPS_BACKUP_PLAINTEXT_KEY", { detail: `${KEYS_DIR}/${f}` });
    }
    stage(abs, `keys/${f}`, "key");
  }
  return out;
}

/**
 * After a committed restore: moves the current documents and key files aside
 * into `.pre-restore-<id>/` (kept for the operator) and moves the restored
 * ones in. The key passphrase file stays where it is.
 */
export function swapInRestoredFiles(dataDir: string, extracted: string, restoreId: string): string {
  const aside = path.join(dataDir, `.pre-restore-${restoreId}`);
  mkdirSync(aside, { recursive: true });
  for (const top of readdirSync(dataDir)) {
    if (!isDocumentEntry(top)) continue;
    mkdirSync(path.join(aside, "files"), { recursive: true });
    renameSync(path.join(dataDir, top), path.join(aside, "files", top));
  }
  const filesDir = path.join(extracted, "files");
  if (existsSync(filesDir)) for (const top of readdirSync(filesDir)) renameSync(path.join(filesDir, top), path.join(dataDir, top));

  const keysDir = path.join(dataDir, KEYS_DIR);
  const restoredKeys = path.join(extracted, "keys");
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const current = keyFilePaths(keysDir);
  if (current.length) {
    mkdirSync(path.join(aside, "keys"), { recursive: true, mode: 0o700 });
    for (const f of current) renameSync(path.join(keysDir, f), path.join(aside, "keys", f));
  }
  if (existsSync(restoredKeys)) {
    for (const f of readdirSync(restoredKeys)) {
      renameSync(path.join(restoredKeys, f), path.join(keysDir, f));
      if (f.endsWith(".key.pem")) chmodSync(path.join(keysDir, f), 0o600);
    }
  }
  if (readdirSync(aside).length === 0) rmSync(aside, { recursive: true });
  return aside;
}
