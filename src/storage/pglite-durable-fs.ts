/**
 * Durable commits for the embedded database.
 *
 * PGlite starts PostgreSQL with `-F` (fsync off), and its Emscripten file
 * system answers fsync/fdatasync with a no-op. Its NODEFS writes straight to
 * the real files with write(2), so an acknowledged commit survives the
 * process being killed (the WAL is in the kernel before COMMIT returns) — but
 * not a power cut or kernel crash, and checkpoints could then leave data
 * files unsynced while the WAL that would repair them is recycled.
 *
 * DurableNodeFS closes that gap: it removes `-F` (so PostgreSQL issues its
 * usual WAL flush at each commit and fsyncs data files at checkpoints) and
 * routes the two sync calls of the WebAssembly module to real fdatasync(2)
 * / fsync(2) on the underlying file or directory. Cost: see
 * `npm run bench -- ops` (ops.pglite.commit_fsync vs commit_nofsync).
 */
import { closeSync, fdatasyncSync, fsyncSync, openSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

const EBADF = 8;
const EIO = 29;

interface EmStream {
  nfd?: number | null;
  node?: { mount?: { type?: unknown } };
}

interface EmModule {
  FS: { getStream(fd: number): EmStream | null };
  NODEFS: { realPath(node: unknown): string };
}

type InstantiateWasm = (imports: { env: Record<string, unknown> }, cb: (...a: unknown[]) => void) => unknown;

export class DurableNodeFS extends NodeFS {
  /** fsync/fdatasync calls that reached the disk (for tests and the benchmark). */
  syncs = 0;
  private mod: EmModule | undefined;

  private sync = (fd: number): number => {
    try {
      const s = this.mod?.FS.getStream(fd);
      if (!s) return EBADF;
      if (typeof s.nfd === "number") {
        fdatasyncSync(s.nfd);
      } else if (s.node && this.mod && s.node.mount?.type === this.mod.NODEFS) {
        // Directories (PostgreSQL fsyncs them after renames) have no node fd in NODEFS.
        const f = openSync(this.mod.NODEFS.realPath(s.node), "r");
        try {
          fsyncSync(f);
        } finally {
          closeSync(f);
        }
      } else {
        return 0; // not on disk (the in-memory parts of the module's file system)
      }
      this.syncs += 1;
      return 0;
    } catch {
      return EIO;
    }
  };

  override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]): ReturnType<NodeFS["init"]> {
    const r = await super.init(pg, opts);
    const eo = r.emscriptenOpts as Record<string, unknown> & { preRun?: unknown[]; instantiateWasm?: InstantiateWasm };
    const original = eo.instantiateWasm;
    if (typeof original !== "function") throw new Error("PGlite no longer exposes instantiateWasm: durable commits cannot be enabled");
    eo.preRun = [...(eo.preRun ?? []), (m: EmModule) => void (this.mod = m)];
    eo.instantiateWasm = (imports, cb) => {
      if (typeof imports.env.__syscall_fdatasync !== "function" || typeof imports.env.fd_sync !== "function") {
        throw new Error("PGlite's module has no fdatasync/fd_sync imports: durable commits cannot be enabled");
      }
      imports.env.__syscall_fdatasync = this.sync;
      imports.env.fd_sync = this.sync;
      return original(imports, cb);
    };
    return r;
  }
}

/** PGlite's start parameters with fsync left on. */
export function durableStartParams(): string[] {
  return PGlite.defaultStartParams.filter((p) => p !== "-F");
}
