/** Shapes of the knowledge-base API (src/http/routes/kb.schemas.ts) as the web app uses them. */

export type ArticleKind = "faq" | "bulletin" | "white_paper" | "tech_reference" | "driver" | "runbook";
export type FaultCategory = "hardware" | "software" | "client" | "error_code";
export type Visibility = "public" | "internal";

export const ARTICLE_KINDS: ArticleKind[] = ["faq", "bulletin", "white_paper", "tech_reference", "driver", "runbook"];

export interface Piece {
  text: string;
  hit: boolean;
}

export interface ArticleSummary {
  id: string;
  slug: string;
  kind: ArticleKind;
  category: FaultCategory | null;
  subFault: string | null;
  errorCode: string | null;
  title: string;
  titleEn: string | null;
  summary: string;
  summaryEn: string | null;
  tags: string[];
  visibility: Visibility;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
}

export interface Generated {
  code: string;
  status: number;
  zh: string;
  en: string;
  cause: { zh: string; en: string } | null;
  remedy: { zh: string; en: string } | null;
}

export interface KbFileView {
  id: string;
  articleId: string;
  fileName: string;
  version: string;
  platform: string;
  size: number;
  sha256: string;
  contentType: string;
  uploadedAt: string;
  withdrawnAt: string | null;
  downloadUrl: string;
}

export interface ArticleFull extends ArticleSummary {
  body: string;
  bodyEn: string | null;
  generated: Generated | null;
  related: ArticleSummary[];
  files: KbFileView[];
}

export interface SearchHit extends ArticleSummary {
  rank: number;
  titleHighlight: Piece[];
  titleEnHighlight: Piece[] | null;
  snippet: Piece[];
}

export interface SearchResult {
  mode: "all" | "any";
  terms: string[];
  total: number;
  items: SearchHit[];
}

export interface Overview {
  kinds: { kind: ArticleKind; zh: string; en: string; count: number }[];
  categories: { category: FaultCategory; zh: string; en: string; count: number; subFaults: { id: string; zh: string; en: string }[] }[];
}

export interface Download extends KbFileView {
  article: { id: string; slug: string; title: string; titleEn: string | null };
}

export const KIND_LABELS: Record<ArticleKind, { zh: string; en: string }> = {
  faq: { zh: "常见问题", en: "FAQ" },
  bulletin: { zh: "技术通报", en: "Technical bulletin" },
  white_paper: { zh: "白皮书", en: "White paper" },
  tech_reference: { zh: "技术参考", en: "Technical reference" },
  driver: { zh: "驱动下载", en: "Driver download" },
  runbook: { zh: "处置手册", en: "Runbook" },
};

/** Title in the reader's language (Chinese when there is no English one). */
export const titleOf = (a: { title: string; titleEn: string | null }, lang: "zh" | "en") => (lang === "en" && a.titleEn ? a.titleEn : a.title);
export const summaryOf = (a: { summary: string; summaryEn: string | null }, lang: "zh" | "en") => (lang === "en" && a.summaryEn ? a.summaryEn : a.summary);

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
