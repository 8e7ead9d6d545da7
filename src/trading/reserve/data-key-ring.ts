/**
 * Symmetric data keys for sealing secrets at rest (the reserve price):
 * 256-bit random keys in files `<dir>/<keyId>.key` (base64, mode 0600; the
 * directory 0700), the current key named in `<dir>/current`. Sealed records
 * keep their key id, so a new key can be rolled in without re-encrypting
 * old records. The keys never enter the database, logs or responses: a
 * stolen database dump alone does not reveal a reserve price.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../../shared/errors.js";

export interface DataKeyRing {
  /** The key new records are sealed with. */
  current(): { keyId: string; key: Buffer };
  /** A key by id, to open older records. */
  byId(keyId: string): Buffer;
}

const KEY_ID = /^dk-[0-9a-f]{16}$/;

export class FileDataKeyRing implements DataKeyRing {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly dir: string) {}

  private ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  current(): { keyId: string; key: Buffer } {
    const marker = path.join(this.dir, "current");
    try {
      if (!existsSync(marker)) return this.rotate();
      const keyId = readFileSync(marker, "utf8").trim();
      return { keyId, key: this.byId(keyId) };
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError("TRADE_RESERVE_KEY_UNAVAILABLE", { detail: `${this.dir}: ${(e as Error).message}` });
    }
  }

  /** Creates a new current key (older keys stay readable). */
  rotate(): { keyId: string; key: Buffer } {
    this.ensureDir();
    const keyId = `dk-${randomBytes(8).toString("hex")}`;
    const key = randomBytes(32);
    const file = path.join(this.dir, `${keyId}.key`);
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
    writeFileSync(path.join(this.dir, "current"), `${keyId}\n`, { mode: 0o600 });
    this.cache.set(keyId, key);
    return { keyId, key };
  }

  byId(keyId: string): Buffer {
    const hit = this.cache.get(keyId);
    if (hit) return hit;
    if (!KEY_ID.test(keyId)) throw new AppError("TRADE_RESERVE_KEY_UNAVAILABLE", { detail: `bad key id ${JSON.stringify(keyId)}` });
    let key: Buffer;
    try {
      key = Buffer.from(readFileSync(path.join(this.dir, `${keyId}.key`), "utf8").trim(), "base64");
    } catch (e) {
      throw new AppError("TRADE_RESERVE_KEY_UNAVAILABLE", { detail: `data key ${keyId}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
    if (key.length !== 32) throw new AppError("TRADE_RESERVE_KEY_UNAVAILABLE", { detail: `data key ${keyId} is not 256 bits` });
    this.cache.set(keyId, key);
    return key;
  }
}
