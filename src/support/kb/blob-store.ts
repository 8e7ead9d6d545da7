/**
 * Download files on disk under <dataDir>/kb-files, named by their SHA-256
 * (content-addressed: the same file uploaded twice is stored once, and a
 * name can never point at other bytes). Written to a temporary name and
 * renamed, so a crash never leaves a half file under a real name.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { newId } from "../../shared/ids.js";

export interface BlobStore {
  /** Stores the bytes; returns their hex SHA-256 and whether this call created the file. */
  put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }>;
  /** The bytes, or undefined when missing. */
  get(sha256: string): Promise<Uint8Array | undefined>;
  /** Removes a file this process created but could not record (rollback). */
  discard(sha256: string): Promise<void>;
}

export const sha256Hex = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

export class DirBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (existsSync(target)) return { sha256, created: false };
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${newId()}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o644 });
    await rename(tmp, target);
    return { sha256, created: true };
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(sha256)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  async discard(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
