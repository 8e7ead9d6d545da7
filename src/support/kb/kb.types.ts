/**
 * Knowledge base (知识库) vocabulary: article kinds from seed §4.3.1.3 (white
 * papers, technical references, FAQ, technical bulletins) plus driver
 * downloads and runbooks (处置手册) per fault category and per error code.
 */
export const ARTICLE_KINDS = ["faq", "bulletin", "white_paper", "tech_reference", "driver", "runbook"] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

export const KIND_LABELS: Record<ArticleKind, { zh: string; en: string }> = {
  faq: { zh: "常见问题", en: "FAQ" },
  bulletin: { zh: "技术通报", en: "Technical bulletin" },
  white_paper: { zh: "白皮书", en: "White paper" },
  tech_reference: { zh: "技术参考", en: "Technical reference" },
  driver: { zh: "驱动下载", en: "Driver download" },
  runbook: { zh: "处置手册", en: "Runbook" },
};

export const VISIBILITIES = ["public", "internal"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * The fault taxonomy of seed §3 as the knowledge base files runbooks under,
 * plus `error_code` for the generated per-code runbooks. (The incident side
 * keeps its own copy of categories; the ids here are meant to be the same.)
 */
export const FAULT_CATEGORIES = ["hardware", "software", "client", "error_code"] as const;
export type FaultCategory = (typeof FAULT_CATEGORIES)[number];

export const SUB_FAULTS: Record<Exclude<FaultCategory, "error_code">, readonly { id: string; zh: string; en: string }[]> = {
  hardware: [
    { id: "abnormal_noise", zh: "设备发出异常响声", en: "The device makes abnormal noise" },
    { id: "wont_boot", zh: "设备不能正常启动", en: "The device does not boot" },
    { id: "service_down", zh: "服务无法启动、无法接受安全服务请求", en: "Services do not start or refuse security requests" },
  ],
  software: [
    { id: "middleware_error_code", zh: "调用安全中间件接口时返回错误代码", en: "The security middleware returns an error code" },
    { id: "cert_errors_under_load", zh: "大用户量访问时不定期出现数字证书异常", en: "Intermittent certificate errors under heavy load" },
    { id: "function_not_found", zh: "调用安全中间件接口时找不到函数对象", en: "A middleware interface function cannot be found" },
    { id: "ra_cannot_issue", zh: "证书 RA 系统不能正常发放数字证书", en: "The RA cannot issue certificates" },
  ],
  client: [
    { id: "page_error", zh: "客户端访问页面异常", en: "Pages fail in the client browser" },
    { id: "usbkey_driver", zh: "USBKey 驱动安装异常", en: "USB key driver installation fails" },
  ],
};

export const CATEGORY_LABELS: Record<FaultCategory, { zh: string; en: string }> = {
  hardware: { zh: "硬件故障", en: "Hardware faults" },
  software: { zh: "软件故障", en: "Software faults" },
  client: { zh: "客户端故障", en: "Client faults" },
  error_code: { zh: "错误代码", en: "Error codes" },
};

export function isSubFault(category: string | null, subFault: string | null): boolean {
  if (!subFault) return true;
  if (!category || category === "error_code") return false;
  return (SUB_FAULTS[category as Exclude<FaultCategory, "error_code">] ?? []).some((s) => s.id === subFault);
}

/** What an author edits; every save makes a new version. */
export interface ArticleContent {
  title: string;
  titleEn: string | null;
  summary: string;
  summaryEn: string | null;
  /** Markdown subset (see web/src/public/markdown.tsx). For error-code runbooks: the staff's additions. */
  body: string;
  bodyEn: string | null;
  tags: string[];
  visibility: Visibility;
  /** Ids of linked articles. */
  related: string[];
}

/** The part of an error-code runbook that is generated from the error catalogue. */
export interface GeneratedPart {
  code: string;
  status: number;
  zh: string;
  en: string;
  cause: { zh: string; en: string } | null;
  remedy: { zh: string; en: string } | null;
}

export interface Article {
  id: string;
  slug: string;
  kind: ArticleKind;
  category: FaultCategory | null;
  subFault: string | null;
  errorCode: string | null;
  generated: GeneratedPart | null;
  sourceHash: string | null;
  latestVersion: number;
  publishedVersion: number | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  retiredAt: Date | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

export interface ArticleVersion extends ArticleContent {
  articleId: string;
  version: number;
  note: string | null;
  author: string;
  createdAt: Date;
}

export interface KbFile {
  id: string;
  articleId: string;
  fileName: string;
  version: string;
  platform: string;
  size: number;
  sha256: string;
  contentType: string;
  uploadedBy: string;
  uploadedAt: Date;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
}

/** An article with one of its versions (the published one for the public, the latest for editors). */
export interface ArticleView {
  article: Article;
  version: ArticleVersion;
}
