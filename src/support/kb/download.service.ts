/**
 * Driver downloads (驱动下载): files attached to driver articles with their
 * version, platform, size and SHA-256. Served only with their recorded hash
 * re-checked, so a file altered on disk is refused rather than handed out.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { Store } from "../../storage/store.js";
import { sha256Hex, type BlobStore } from "./blob-store.js";
import type { KbFile } from "./kb.types.js";
import { visibilitiesFor, type Audience } from "./search.service.js";

export interface UploadInput {
  fileName: string;
  version: string;
  platform: string;
  contentType?: string | undefined;
  bytes: Uint8Array;
}

export class DownloadService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly blobs: BlobStore,
    readonly maxFileBytes: number,
  ) {}

  async upload(articleId: string, input: UploadInput, actor: string): Promise<KbFile> {
    if (input.bytes.byteLength === 0) throw new AppError("KB_FILE_EMPTY");
    if (input.bytes.byteLength > this.maxFileBytes) throw new AppError("KB_FILE_TOO_LARGE", { detail: `${input.bytes.byteLength} > ${this.maxFileBytes} bytes` });
    const a = await this.store.read.kb.article(articleId);
    if (!a) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: articleId });
    if (a.kind !== "driver") throw new AppError("KB_FILE_KIND", { detail: `${a.slug} is a ${a.kind}` });
    const { sha256, created } = await this.blobs.put(input.bytes);
    const file: KbFile = {
      id: newId(),
      articleId,
      fileName: input.fileName,
      version: input.version,
      platform: input.platform,
      size: input.bytes.byteLength,
      sha256,
      contentType: input.contentType ?? "application/octet-stream",
      uploadedBy: actor,
      uploadedAt: this.clock.now(),
      withdrawnAt: null,
      withdrawnBy: null,
    };
    try {
      await this.store.tx(async (r) => {
        if (!(await r.kb.articleForUpdate(articleId))) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: articleId });
        await r.kb.insertFile(file);
        await this.audit.record(r.audit, {
          actor,
          action: "kb.file.upload",
          subject: `kb:${a.slug}`,
          payload: { fileId: file.id, fileName: file.fileName, version: file.version, platform: file.platform, size: file.size, sha256 },
        });
      });
    } catch (e) {
      // Nothing recorded: do not leave bytes behind that no row points at (unless a concurrent
      // upload of the same bytes recorded them meanwhile).
      if (created && !(await this.store.read.kb.shaInUse(sha256))) await this.blobs.discard(sha256);
      throw e;
    }
    return file;
  }

  async withdraw(fileId: string, actor: string): Promise<void> {
    await this.store.tx(async (r) => {
      const f = await r.kb.file(fileId);
      if (!f || f.withdrawnAt) throw new AppError("KB_FILE_NOT_FOUND", { detail: fileId });
      await r.kb.withdrawFile(fileId, this.clock.now(), actor);
      await this.audit.record(r.audit, { actor, action: "kb.file.withdraw", subject: `kb-file:${fileId}`, payload: { fileName: f.fileName, sha256: f.sha256 } });
    });
  }

  /** The file and its bytes, if the audience may download it (public: a published public driver article). */
  async open(fileId: string, audience: Audience): Promise<{ file: KbFile; bytes: Uint8Array }> {
    const r = this.store.read.kb;
    const f = await r.file(fileId);
    if (!f) throw new AppError("KB_FILE_NOT_FOUND", { detail: fileId });
    if (audience === "public") {
      const a = await r.article(f.articleId);
      const v = a?.publishedVersion ? await r.version(a.id, a.publishedVersion) : undefined;
      if (f.withdrawnAt || !a || a.retiredAt || !v || !visibilitiesFor(audience).includes(v.visibility)) throw new AppError("KB_FILE_NOT_FOUND", { detail: fileId });
    }
    const bytes = await this.blobs.get(f.sha256);
    if (!bytes || sha256Hex(bytes) !== f.sha256) throw new AppError("KB_FILE_CORRUPT", { detail: `${f.fileName} (${f.sha256})` });
    return { file: f, bytes };
  }
}
