/**
 * The seed's fault taxonomy (§3), channels (§4.3), severities (§4.4.2) and
 * the impact × urgency matrix that suggests a severity. Pure data, shared by
 * the API (validation, /api/support/meta) and the web app (labels, the
 * definitions shown on screen).
 */
export type Bilingual = { zh: string; en: string };

export const CATEGORIES = ["hardware", "software", "client"] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, Bilingual & { scope: Bilingual }> = {
  hardware: {
    zh: "硬件故障",
    en: "Hardware fault",
    scope: { zh: "安全应用支持服务器（签名/验签、加解密、身份认证设备）", en: "The security application server (signing, encryption, authentication box)" },
  },
  software: {
    zh: "软件故障",
    en: "Software fault",
    scope: { zh: "服务器端安全中间件、接口与 RA 系统", en: "Server-side security middleware, its interfaces and the RA" },
  },
  client: {
    zh: "客户端故障",
    en: "Client fault",
    scope: { zh: "竞买人的浏览器页面、USBKey 及其驱动", en: "The bidder's browser pages, USB key and its driver" },
  },
};

export interface SubFault extends Bilingual {
  code: string;
  category: Category;
  /** The same symptom's id in the knowledge base's taxonomy (src/support/kb/kb.types.ts), accepted as an alias. */
  kbId?: string;
}

/** Seed §3.1–§3.3, plus "other" per category and the client remedies of §3.3 (damaged key). */
export const SUB_FAULTS: readonly SubFault[] = [
  { code: "hw-abnormal-noise", kbId: "abnormal_noise", category: "hardware", zh: "硬件设备发出异常响声", en: "The device makes abnormal noise" },
  { code: "hw-no-boot", kbId: "wont_boot", category: "hardware", zh: "设备不能正常启动", en: "The device will not boot" },
  { code: "hw-service-down", kbId: "service_down", category: "hardware", zh: "服务无法启动，不接受安全服务请求", en: "Services will not start / refuse security-service requests" },
  { code: "hw-other", category: "hardware", zh: "其他硬件故障", en: "Other hardware fault" },
  { code: "sw-middleware-error", kbId: "middleware_error_code", category: "software", zh: "调用安全中间件接口异常，返回错误代码", en: "The security middleware returns an error code" },
  { code: "sw-cert-error-under-load", kbId: "cert_errors_under_load", category: "software", zh: "大用户量访问时不定期出现数字证书异常", en: "Intermittent certificate errors under heavy load" },
  { code: "sw-function-not-found", kbId: "function_not_found", category: "software", zh: "调用中间件接口找不到函数对象", en: "Middleware interface function not found" },
  { code: "sw-ra-cannot-issue", kbId: "ra_cannot_issue", category: "software", zh: "证书 RA 系统不能正常发放数字证书", en: "The RA cannot issue certificates" },
  { code: "sw-other", category: "software", zh: "其他软件故障", en: "Other software fault" },
  { code: "cl-page-error", kbId: "page_error", category: "client", zh: "客户端访问页面异常", en: "Page errors in the client" },
  { code: "cl-driver-install", kbId: "usbkey_driver", category: "client", zh: "USBKey 驱动安装异常", en: "USB key driver install error" },
  { code: "cl-key-damaged", category: "client", zh: "USBKey 损坏（需到国土局重新申请并吊销旧证书）", en: "Damaged USB key (re-apply at the bureau, revoke the old certificate)" },
  { code: "cl-cert-login", category: "client", zh: "证书登录或签名失败", en: "Certificate login or signing fails" },
  { code: "cl-other", category: "client", zh: "其他客户端问题或咨询", en: "Other client problem or question" },
];

/** A symptom by its code, or by its knowledge-base id (the self-diagnosis page sends those). */
export function subFaultOf(code: string): SubFault | undefined {
  return SUB_FAULTS.find((s) => s.code === code || s.kbId === code);
}

export const SEVERITIES = ["critical", "serious", "general"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Seed §4.4.2, word for word in Chinese, shown on screen wherever a severity is chosen. */
export const SEVERITY_DEFINITIONS: Record<Severity, Bilingual & { definition: Bilingual[] }> = {
  critical: {
    zh: "紧急",
    en: "Critical",
    definition: [
      { zh: "公众服务由于安全原因停止服务或者造成恶劣影响的。", en: "Public service stopped, or badly affected, for security reasons." },
      {
        zh: "客户提供业务的系统由于安全认证相关原因崩溃、系统性能严重下降，已无法提供正常服务。",
        en: "The business system crashed or is unusably slow for security/authentication reasons.",
      },
    ],
  },
  serious: {
    zh: "严重",
    en: "Serious",
    definition: [
      { zh: "用户内部的业务支持系统由于安全事件出现问题，导致不能运转正常不稳定。", en: "Internal business systems unstable because of a security event." },
      { zh: "部分服务由于安全原因中断，影响用户正常使用。", en: "Part of the service interrupted for security reasons, affecting normal use." },
    ],
  },
  general: {
    zh: "一般",
    en: "General",
    definition: [
      { zh: "由于安全原因导致系统出现故障，但不影响用户正常使用。", en: "A security-related fault that does not affect normal use." },
      { zh: "客户提出安全技术咨询、索取技术资料、技术支持等。", en: "Security consultations, requests for documents or technical support." },
    ],
  },
};

export const IMPACTS = ["wide", "partial", "minor"] as const;
export type Impact = (typeof IMPACTS)[number];
export const URGENCIES = ["high", "medium", "low"] as const;
export type Urgency = (typeof URGENCIES)[number];

export const IMPACT_LABELS: Record<Impact, Bilingual> = {
  wide: { zh: "公众服务或业务系统整体受影响", en: "Public service or the whole business system affected" },
  partial: { zh: "部分服务或部分用户受影响", en: "Part of the service or some users affected" },
  minor: { zh: "不影响正常使用（咨询、资料）", en: "Normal use not affected (questions, documents)" },
};
export const URGENCY_LABELS: Record<Urgency, Bilingual> = {
  high: { zh: "紧迫：正在进行的交易或截止时间受影响", en: "Pressing: a running auction or a deadline is affected" },
  medium: { zh: "一般紧迫", en: "Moderate" },
  low: { zh: "不紧迫", en: "Can wait" },
};

const LEVEL: Record<Impact | Urgency, number> = { wide: 3, partial: 2, minor: 1, high: 3, medium: 2, low: 1 };

/**
 * Impact × urgency → suggested severity (the usual priority matrix):
 *
 *              high      medium    low
 *   wide       critical  critical  serious
 *   partial    critical  serious   general
 *   minor      serious   general   general
 */
export function suggestSeverity(impact: Impact, urgency: Urgency): Severity {
  const score = LEVEL[impact] + LEVEL[urgency];
  if (score >= 5) return "critical";
  if (score === 4) return "serious";
  return "general";
}

export const CHANNELS = ["web", "email", "phone", "remote-diagnosis", "on-site", "health-probe"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, Bilingual> = {
  web: { zh: "网站", en: "Web" },
  email: { zh: "电子邮件", en: "E-mail" },
  phone: { zh: "电话", en: "Phone" },
  "remote-diagnosis": { zh: "远程诊断", en: "Remote diagnosis" },
  "on-site": { zh: "现场", en: "On site" },
  "health-probe": { zh: "系统监测", en: "Health probe" },
};

export const REPORTER_KINDS = ["bidder", "staff", "system"] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/** Who holds an incident now (seed §4.1.2–4.2). */
export const QUEUES = ["service_desk", "tech_support", "local_service_point"] as const;
export type Queue = (typeof QUEUES)[number];

export const STATUSES = ["new", "open", "handed_over", "in_support", "returned", "resolved", "closed"] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ["new", "open", "handed_over", "in_support", "returned"];

export const STATUS_LABELS: Record<Status, Bilingual> = {
  new: { zh: "新登记", en: "New" },
  open: { zh: "处理中", en: "Open" },
  handed_over: { zh: "已移交技术支持", en: "Handed over" },
  in_support: { zh: "技术支持处理中", en: "With tech support" },
  returned: { zh: "已回交待确认", en: "Returned for confirmation" },
  resolved: { zh: "已解决（待复盘）", en: "Resolved (review pending)" },
  closed: { zh: "已归档", en: "Closed and archived" },
};

/** Components shown on the public status page (health probes feed them later). */
export const STATUS_COMPONENTS = [
  { id: "ca", zh: "CA / 子 CA", en: "CA / sub-CA" },
  { id: "ocsp", zh: "OCSP 证书状态查询", en: "OCSP" },
  { id: "tsa", zh: "时间戳服务", en: "Time-stamping (TSA)" },
  { id: "security-service", zh: "安全应用支持服务", en: "Security service" },
  { id: "trading", zh: "网上交易系统", en: "Online trading system" },
  { id: "ra", zh: "RA 帐户系统", en: "RA account system" },
  { id: "mail", zh: "电子邮件", en: "Mail" },
] as const;
export type ComponentId = (typeof STATUS_COMPONENTS)[number]["id"];
