/**
 * Texts of outgoing mail, Chinese first then English. Every subject carries
 * the incident number in brackets, so a reply threads back into it.
 */
import type { FiredStep, Incident } from "./support.types.js";
import { SEVERITY_DEFINITIONS, STATUS_LABELS } from "./taxonomy.js";

export const subjectFor = (inc: Pick<Incident, "incidentNo" | "title">, prefix = "") => `[${inc.incidentNo}] ${prefix}${inc.title}`.slice(0, 250);

/** The token in a subject that names an incident: "[INC-20260302-0001]". */
export const INCIDENT_TOKEN = /\[(INC-\d{8}-\d{4,})\]/;

export function ackMail(inc: Incident, trackingUrl: string | null) {
  const sev = SEVERITY_DEFINITIONS[inc.severity];
  return {
    subject: subjectFor(inc, "已受理 / Received: "),
    text: [
      `您好，${inc.reporter.name}：`,
      "",
      `我们已收到您的问题，事件编号 ${inc.incidentNo}（等级：${sev.zh}）。客户服务中心将在 1 小时内与您联系并指定专门工程师负责，24 小时内告知分析结果与解决方案。`,
      trackingUrl ? `查询处理进度：${trackingUrl}` : "",
      "回复本邮件即可补充信息（请保留主题中的事件编号）。",
      "",
      "—",
      `We have received your report, incident ${inc.incidentNo} (severity: ${sev.en}). The customer service centre will contact you within 1 hour with a named engineer, and send the analysis and a solution within 24 hours.`,
      trackingUrl ? `Track it at: ${trackingUrl}` : "",
      "Reply to this e-mail to add information (keep the incident number in the subject).",
    ]
      .filter((l, i, a) => l !== "" || a[i - 1] !== "")
      .join("\n"),
  };
}

export function replyMail(inc: Incident, author: string, message: string) {
  return {
    subject: subjectFor(inc, "Re: "),
    text: [message, "", "—", `${author} · 长沙县国土资源局网上交易系统 客户服务中心 / customer service centre`, `事件 / Incident ${inc.incidentNo}: ${STATUS_LABELS[inc.status].zh} / ${STATUS_LABELS[inc.status].en}`].join("\n"),
  };
}

export function resolvedMail(inc: Incident, resolution: string) {
  return {
    subject: subjectFor(inc, "已解决 / Resolved: "),
    text: [`您好，${inc.reporter.name}：`, "", `事件 ${inc.incidentNo} 已处理完毕。处理结果：`, resolution, "", "如问题仍未解决，请直接回复本邮件。", "", "—", `Incident ${inc.incidentNo} is resolved:`, resolution, "", "If the problem persists, reply to this e-mail."].join("\n"),
  };
}

const ROLE_ZH: Record<string, string> = { customer_manager: "客户经理", tech_support_manager: "技术支持经理", cto: "技术总裁", president: "总裁" };

export function escalationMail(inc: Incident, step: Pick<FiredStep, "role" | "step" | "severity">, elapsedHours: number, link: string) {
  const sev = SEVERITY_DEFINITIONS[inc.severity];
  return {
    subject: subjectFor(inc, `事件升级 / Escalation (${sev.zh} ${elapsedHours} h → ${ROLE_ZH[step.role] ?? step.role}): `),
    text: [
      `${sev.zh}事件 ${inc.incidentNo} 已持续 ${elapsedHours} 小时仍未解决，按升级程序（第 ${step.step} 级）通知${ROLE_ZH[step.role] ?? step.role}。`,
      `标题：${inc.title}`,
      `当前状态：${STATUS_LABELS[inc.status].zh}；负责人：${inc.assignee ?? "未指定"}`,
      `查看：${link}`,
      "",
      "—",
      `${sev.en} incident ${inc.incidentNo} has been unresolved for ${elapsedHours} h; escalation step ${step.step} notifies the ${step.role.replace(/_/g, " ")}.`,
      `Status: ${STATUS_LABELS[inc.status].en}; engineer: ${inc.assignee ?? "none"}. ${link}`,
    ].join("\n"),
  };
}

export function majorMail(inc: Incident, reason: string, link: string) {
  return {
    subject: subjectFor(inc, "重大事件 / MAJOR INCIDENT: "),
    text: [
      `事件 ${inc.incidentNo} 已宣布为重大事件，须在 2 小时内响应，关闭前须完成事后复盘。`,
      `原因：${reason}`,
      `查看：${link}`,
      "",
      "—",
      `Incident ${inc.incidentNo} was declared a major incident: answer within 2 hours; a post-incident review is needed before it closes.`,
      `Reason: ${reason}. ${link}`,
    ].join("\n"),
  };
}
