/** The knowledge base's services, built once by the container and handed to HTTP, CLI and demo seeding. */
import path from "node:path";
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import type { Store } from "../../storage/store.js";
import { ArticleService } from "./article.service.js";
import { DirBlobStore, type BlobStore } from "./blob-store.js";
import { CertificateCheck, localCaStatus, type CertStatusLookup } from "./diagnose/certificate-check.js";
import { DownloadService } from "./download.service.js";
import { ReaderService } from "./reader.service.js";
import { RunbookSync } from "./runbook-sync.js";
import { SearchService } from "./search.service.js";

export interface KnowledgeBase {
  articles: ArticleService;
  search: SearchService;
  reader: ReaderService;
  downloads: DownloadService;
  runbooks: RunbookSync;
  certificates: CertificateCheck;
  /** Where download files live (demo seeding writes the shipped package here). */
  blobs: BlobStore;
}

export interface KnowledgeBaseOptions {
  store: Store;
  audit: AuditService;
  clock: Clock;
  dataDir: string;
  maxFileBytes: number;
  blobs?: BlobStore;
  /** Certificate status source; by default our own CA's records. */
  certStatus?: CertStatusLookup | null;
}

export function kbFilesDir(dataDir: string): string {
  return path.resolve(dataDir, "kb-files");
}

export function createKnowledgeBase(o: KnowledgeBaseOptions): KnowledgeBase {
  const blobs = o.blobs ?? new DirBlobStore(kbFilesDir(o.dataDir));
  return {
    articles: new ArticleService(o.store, o.audit, o.clock),
    search: new SearchService(o.store),
    reader: new ReaderService(o.store),
    downloads: new DownloadService(o.store, o.audit, o.clock, blobs, o.maxFileBytes),
    runbooks: new RunbookSync(o.store, o.clock),
    certificates: new CertificateCheck(o.clock, o.certStatus === undefined ? localCaStatus(o.store.read.pki) : o.certStatus),
    blobs,
  };
}
