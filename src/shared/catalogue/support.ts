/** Support and emergency desk: incidents, workflow, mail in/out, public endpoints. */
import type { ErrorSpec } from "../error-spec.js";

export const SUPPORT_ERRORS = {
  SUPPORT_INCIDENT_NOT_FOUND: {
    status: 404,
    zh: "事件不存在",
    en: "No such incident",
    remedy: { zh: "核对事件编号（形如 INC-20260302-0001）；查询进度还需正确的查询码。", en: "Check the incident number (like INC-20260302-0001); tracking also needs the right tracking token." },
  },
  SUPPORT_CATEGORY_UNKNOWN: {
    status: 400,
    zh: "未知的故障类别",
    en: "Unknown fault category",
    remedy: { zh: "故障类别只能是 hardware（硬件）、software（软件）或 client（客户端）。", en: "Use hardware, software or client." },
  },
  SUPPORT_SUBFAULT_UNKNOWN: {
    status: 400,
    zh: "故障现象不属于所选类别",
    en: "Unknown fault symptom for this category",
    remedy: { zh: "从 GET /api/support/meta 列出的故障现象中选择。", en: "Pick a symptom listed by GET /api/support/meta for that category." },
  },
  SUPPORT_INVALID_TRANSITION: {
    status: 409,
    zh: "事件当前状态下不能执行此操作",
    en: "This action is not possible in the incident's current state",
    remedy: { zh: "刷新事件查看最新状态（可能已被他人处理）。", en: "Reload the incident to see its current state (someone may have acted on it)." },
  },
  SUPPORT_REASON_REQUIRED: {
    status: 400,
    zh: "此操作必须填写原因",
    en: "This action needs a reason",
    remedy: { zh: "填写原因后重试；原因会写入审计日志。", en: "Give a reason and retry; it goes into the audit log." },
  },
  SUPPORT_REVIEW_REQUIRED: {
    status: 409,
    zh: "重大事件须先完成事后复盘才能关闭",
    en: "A major incident needs its post-incident review before it closes",
    remedy: { zh: "由管理人员提交事后复盘（经过、根本原因、改进措施）。", en: "A manager submits the post-incident review (summary, root cause, actions)." },
  },
  SUPPORT_ATTACHMENT_TOO_LARGE: {
    status: 413,
    zh: "附件超过大小上限",
    en: "The attachment is too large",
    remedy: { zh: "压缩或拆分后上传；上限见配置 supportAttachmentMaxBytes。", en: "Compress or split it; the limit is the supportAttachmentMaxBytes setting." },
  },
  SUPPORT_ATTACHMENT_INVALID: {
    status: 400,
    zh: "附件内容无效",
    en: "The attachment is invalid",
    remedy: { zh: "附件须为非空的 Base64 编码内容，并带有文件名。", en: "Send non-empty base64 content with a file name." },
  },
  SUPPORT_ATTACHMENT_NOT_FOUND: { status: 404, zh: "附件不存在", en: "No such attachment" },
  SUPPORT_DIAGNOSIS_TOO_LARGE: {
    status: 413,
    zh: "自诊断报告超过 32 KiB",
    en: "The self-diagnosis report exceeds 32 KiB",
    remedy: { zh: "只附上诊断结果摘要（JSON 不超过 32 KiB）。", en: "Attach only the diagnosis summary (at most 32 KiB of JSON)." },
  },
  SUPPORT_RATE_LIMITED: {
    status: 429,
    zh: "提交过于频繁，请稍后再试",
    en: "Too many reports from this address; try again later",
    remedy: { zh: "等待 Retry-After 指示的时间，或拨打服务热线。", en: "Wait for the Retry-After period, or call the hotline." },
  },
  SUPPORT_HANDOVER_NOT_FOUND: { status: 404, zh: "工作移交清单不存在", en: "No such handover list" },
  SUPPORT_CONSULTATION_NOT_FOUND: { status: 404, zh: "专家咨询不存在", en: "No such consultation" },
  SUPPORT_DISPATCH_NOT_FOUND: { status: 404, zh: "现场派工单不存在", en: "No such on-site dispatch" },
  SUPPORT_ALREADY_DONE: {
    status: 409,
    zh: "该事项已经处理过",
    en: "This has already been done",
    remedy: { zh: "刷新页面查看处理结果。", en: "Reload to see the result." },
  },
  SUPPORT_ASSIGNEE_UNKNOWN: {
    status: 400,
    zh: "指定的工程师不存在或无相应角色",
    en: "The named engineer does not exist or lacks the role",
    remedy: { zh: "指定一位在职的服务台、技术支持或本地服务点人员。", en: "Name an active service-desk, tech-support or local-service-point member." },
  },
  SUPPORT_COMPONENT_UNKNOWN: {
    status: 400,
    zh: "未知的系统组件",
    en: "Unknown system component",
    remedy: { zh: "组件须为状态页列出的组件之一（ca、ocsp、tsa、security-service、trading、ra、mail）。", en: "Use a status-page component: ca, ocsp, tsa, security-service, trading, ra, mail." },
  },
  SUPPORT_LADDER_INVALID: {
    status: 400,
    zh: "升级时间表无效",
    en: "Invalid escalation ladder",
    remedy: { zh: "各级时限须递增且大于 0，角色须为客户经理、技术支持经理、技术总裁或总裁。", en: "Times must increase and be positive; roles must be customer manager, tech-support manager, CTO or president." },
  },
  SUPPORT_MAIL_MALFORMED: {
    status: 400,
    zh: "收到的邮件无法识别",
    en: "An incoming e-mail could not be read",
    cause: { zh: "邮件缺少发件人地址、没有内容，或格式损坏。原始邮件已保存。", en: "The message has no sender address, no content, or is corrupt. The raw message is kept." },
    remedy: { zh: "服务台在“收到的邮件”中查看原文并手工登记。", en: "The service desk reads the raw message under incoming mail and records it by hand." },
  },
  SUPPORT_MAIL_TOO_LARGE: {
    status: 413,
    zh: "邮件超过大小上限，已拒收",
    en: "The e-mail exceeds the size limit and was refused",
    remedy: { zh: "请发件人压缩附件后重发，或改用网站提交。", en: "Ask the sender to compress attachments and resend, or use the web form." },
  },
  SUPPORT_MAIL_SEND_FAILED: {
    status: 502,
    zh: "邮件发送失败，将自动重试",
    en: "Sending an e-mail failed; it will be retried",
    cause: { zh: "SMTP 中继不可达或拒绝了邮件。", en: "The SMTP relay was unreachable or refused the message." },
    remedy: { zh: "检查 smtpRelayUrl 配置与中继服务器状态。", en: "Check the smtpRelayUrl setting and the relay server." },
  },
} as const satisfies Record<string, ErrorSpec>;
