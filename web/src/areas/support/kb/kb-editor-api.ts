/** The staff knowledge-base API as the editor uses it. */
import { ApiError, currentCsrfToken } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import type { ArticleKind, ArticleSummary, FaultCategory, Generated, KbFileView, Visibility } from "../../../public/kb-types.ts";

/** Roles that may write (src/support/kb/kb-roles.ts KB_WRITERS); everyone else in support reads. */
export const KB_WRITER_ROLES = ["service_desk", "tech_support", "expert", "tech_support_manager"];
export const canWrite = (roles: string[]) => roles.some((r) => KB_WRITER_ROLES.includes(r));

export interface EditorListItem extends ArticleSummary {
  publishedVersion: number | null;
  latestVersion: number;
  retired: boolean;
}

export interface Content {
  title: string;
  titleEn: string | null;
  summary: string;
  summaryEn: string | null;
  body: string;
  bodyEn: string | null;
  tags: string[];
  visibility: Visibility;
  related: string[];
}

export interface VersionView extends Content {
  version: number;
  note: string | null;
  author: string;
  createdAt: string;
}

export interface EditorView {
  article: {
    id: string;
    slug: string;
    kind: ArticleKind;
    category: FaultCategory | null;
    subFault: string | null;
    errorCode: string | null;
    generated: Generated | null;
    latestVersion: number;
    publishedVersion: number | null;
    publishedAt: string | null;
    publishedBy: string | null;
    retiredAt: string | null;
    createdAt: string;
    createdBy: string;
    updatedAt: string;
    updatedBy: string;
  };
  latest: VersionView;
  published: VersionView | null;
  history: { version: number; title: string; author: string; createdAt: string; note: string | null; visibility: string }[];
  files: KbFileView[];
}

export const SUB_FAULTS: Record<"hardware" | "software" | "client", { id: string; zh: string; en: string }[]> = {
  hardware: [
    { id: "abnormal_noise", zh: "设备发出异常响声", en: "Abnormal noise" },
    { id: "wont_boot", zh: "设备不能正常启动", en: "Does not boot" },
    { id: "service_down", zh: "服务无法启动/拒绝请求", en: "Services down or refusing" },
  ],
  software: [
    { id: "middleware_error_code", zh: "中间件返回错误代码", en: "Middleware error code" },
    { id: "cert_errors_under_load", zh: "大用户量时证书异常", en: "Certificate errors under load" },
    { id: "function_not_found", zh: "找不到接口函数", en: "Function not found" },
    { id: "ra_cannot_issue", zh: "RA 不能发放证书", en: "RA cannot issue" },
  ],
  client: [
    { id: "page_error", zh: "客户端访问页面异常", en: "Page errors" },
    { id: "usbkey_driver", zh: "USBKey 驱动安装异常", en: "USB key driver fails" },
  ],
};

export const CATEGORY_LABELS: Record<FaultCategory, { zh: string; en: string }> = {
  hardware: { zh: "硬件故障", en: "Hardware" },
  software: { zh: "软件故障", en: "Software" },
  client: { zh: "客户端故障", en: "Client" },
  error_code: { zh: "错误代码", en: "Error codes" },
};

/** Raw-bytes upload (application/octet-stream) with the session's CSRF header; errors as ApiError like api(). */
export async function uploadFile(articleId: string, file: File, meta: { version: string; platform: string }): Promise<KbFileView> {
  const q = new URLSearchParams({ fileName: file.name, version: meta.version, platform: meta.platform, ...(file.type ? { contentType: file.type } : {}) });
  const res = await fetch(`/api/kb/articles/${articleId}/files?${q.toString()}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/octet-stream", accept: "application/json", "x-csrf-token": currentCsrfToken() ?? "" },
    body: file,
  });
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const p = (body ?? { code: "CLIENT_BAD_RESPONSE", status: res.status, messageZh: "", messageEn: "" }) as Problem;
    throw new ApiError(p);
  }
  return body as KbFileView;
}
