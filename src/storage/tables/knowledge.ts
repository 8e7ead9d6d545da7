import type { ColumnType } from "kysely";
import type { Timestamp } from "../schema.js";

type Json<T> = ColumnType<T, string | null, string | null>;
/** tsvector: written as text cast with ::tsvector in the repo; only compared in SQL, never read back. */
type Tsvector = ColumnType<string, string, string>;

export interface KbArticleTable {
  id: string;
  slug: string;
  kind: string;
  category: string | null;
  sub_fault: string | null;
  error_code: string | null;
  generated: Json<unknown> | null;
  source_hash: string | null;
  latest_version: number;
  published_version: number | null;
  published_at: Timestamp | null;
  published_by: string | null;
  retired_at: Timestamp | null;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface KbArticleVersionTable {
  article_id: string;
  version: number;
  title: string;
  title_en: string | null;
  summary: string;
  summary_en: string | null;
  body: string;
  body_en: string | null;
  tags: string[];
  visibility: string;
  related: string[];
  note: string | null;
  author: string;
  created_at: Timestamp;
  search_vector: Tsvector;
}

export interface KbFileTable {
  id: string;
  article_id: string;
  file_name: string;
  version: string;
  platform: string;
  size: number;
  sha256: string;
  content_type: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
}

export interface KnowledgeTables {
  kb_article: KbArticleTable;
  kb_article_version: KbArticleVersionTable;
  kb_file: KbFileTable;
}
