/**
 * Which actions a person may take on an incident now — the same rules as the
 * server (which enforces them; this only avoids offering buttons that would
 * be refused).
 */
import type { ActionDef } from "./action-form.tsx";
import type { Detail, Severity } from "./support-api.ts";
import type { ST } from "./support-i18n.ts";

const OPEN = ["new", "open", "handed_over", "in_support", "returned"];
const MANAGERS = ["customer_manager", "tech_support_manager", "cto", "president"];

export interface ActionContext {
  roles: string[];
  st: ST;
  severityLabel(s: Severity): string;
  subFaults: { value: string; label: string; category: string }[];
  components: { value: string; label: string }[];
}

export function incidentActions(d: Detail, c: ActionContext): ActionDef[] {
  const i = d.incident;
  const has = (...r: string[]) => r.some((x) => c.roles.includes(x));
  const base = `/api/support/incidents/${i.incidentNo}`;
  const open = OPEN.includes(i.status);
  const early = i.status === "new" || i.status === "open";
  const out: ActionDef[] = [];
  const text = (name: string, label: ActionDef["fields"][number]["label"]) => ({ name, label, kind: "textarea" as const });
  const activeHandover = d.handovers.find((h) => h.status !== "returned");

  if (has("service_desk", "tech_support", "local_service_point") && open) out.push({ id: "contact", label: "act.contact", url: `${base}/contact`, fields: [text("note", "f.note")], primary: i.status === "new" });
  if (has("service_desk") && early && i.queue === "service_desk") out.push({ id: "handover", label: "act.handover", url: `${base}/handover`, fields: [text("problemRecord", "f.problemRecord")], primary: true });
  if (has("service_desk", "local_service_point") && early) out.push({ id: "answer", label: "act.answer", url: `${base}/answer`, fields: [text("answer", "f.answer")] });
  if (has("tech_support") && activeHandover?.status === "open")
    out.push({ id: "accept", label: "act.accept", url: `/api/support/handovers/${activeHandover.id}/accept`, fields: [], body: () => ({}), primary: true });
  if (has("service_desk", "tech_support", "local_service_point", "expert") && open)
    out.push({
      id: "tracking",
      label: "act.tracking",
      url: `${base}/tracking`,
      fields: [{ name: "kind", label: "f.kind", kind: "select", options: ["contact", "analysis", "action", "customer", "note"].map((k) => ({ value: k, label: c.st(`kind.${k}` as never) })) }, text("text", "f.text")],
    });
  if (has("tech_support", "local_service_point") && (i.status === "in_support" || (i.status === "open" && i.queue === "local_service_point")))
    out.push({ id: "solve", label: "act.solve", url: `${base}/solve`, fields: [text("analysis", "f.analysis"), text("solution", "f.solution")], primary: !i.solutionAt });
  if (has("tech_support") && activeHandover?.status === "accepted" && i.solutionAt)
    out.push({ id: "return", label: "act.return", url: `/api/support/handovers/${activeHandover.id}/return`, fields: [text("result", "f.result")], primary: true });
  if (has("service_desk") && i.status === "returned") out.push({ id: "confirm", label: "act.confirm", url: `${base}/confirm`, fields: [text("confirmation", "f.confirmation")], primary: true });
  if (has("service_desk", "tech_support", "local_service_point") && open) {
    out.push({ id: "reply", label: "act.reply", url: `${base}/reply`, fields: [text("message", "f.message")] });
    if (i.pausedSince) out.push({ id: "resume", label: "act.resume", url: `${base}/resume`, fields: [], body: () => ({}) });
    else out.push({ id: "pause", label: "act.pause", url: `${base}/pause`, fields: [text("reason", "f.reason")] });
    out.push({
      id: "triage",
      label: "act.triage",
      url: `${base}/triage`,
      fields: [{ name: "subFault", label: "f.subFault", kind: "select", options: c.subFaults.map((s) => ({ value: s.value, label: s.label })), initial: i.subFault ?? c.subFaults[0]?.value }],
    });
  }
  if (has("service_desk", "tech_support", "local_service_point", ...MANAGERS) && (open || i.status === "resolved"))
    out.push({
      id: "severity",
      label: "act.severity",
      url: `${base}/severity`,
      fields: [
        { name: "severity", label: "f.severity", kind: "select", options: (["critical", "serious", "general"] as Severity[]).filter((s) => s !== i.severity).map((s) => ({ value: s, label: c.severityLabel(s) })) },
        text("reason", "f.reason"),
      ],
    });
  if (has("service_desk") && early && i.queue === "service_desk") out.push({ id: "route-local", label: "act.routeLocal", url: `${base}/route-local`, fields: [text("reason", "f.reason")] });
  if (has("local_service_point") && early && i.queue === "local_service_point") out.push({ id: "escalate-to-centre", label: "act.toCentre", url: `${base}/escalate-to-centre`, fields: [text("reason", "f.reason")] });
  if (has("service_desk", "tech_support", "local_service_point", ...MANAGERS)) out.push({ id: "consult", label: "act.consult", url: `${base}/consultations`, fields: [text("question", "f.question")] });
  if (has("service_desk", "tech_support") && open) out.push({ id: "dispatch", label: "act.dispatch", url: `${base}/dispatches`, fields: [text("reason", "f.reason"), { name: "site", label: "f.site" }] });
  if (has("tech_support", "local_service_point") && open)
    out.push({
      id: "remote",
      label: "act.remote",
      url: `${base}/remote-sessions`,
      fields: [
        { name: "method", label: "f.method", initial: "远程桌面" },
        { name: "minutes", label: "f.minutes", kind: "number", initial: "30" },
        text("findings", "f.findings"),
        { name: "outcome", label: "f.outcome", kind: "select", options: ["resolved", "needs-follow-up", "needs-on-site"].map((o) => ({ value: o, label: c.st(`outcome.${o}` as never) })) },
      ],
      // The session just ended: the server dates it from its own clock.
      body: (v) => ({ method: v.method, findings: v.findings, outcome: v.outcome, durationMinutes: Number(v.minutes || 0) }),
    });
  if (has("service_desk", "tech_support", ...MANAGERS) && open && !i.major)
    out.push({ id: "major", label: "act.major", url: `${base}/major`, fields: [text("reason", "f.reason"), { name: "component", label: "f.component", kind: "select", options: c.components, initial: i.component ?? c.components[0]?.value }] });
  if (has("service_desk", "tech_support", ...MANAGERS) && i.major && (open || i.status === "resolved"))
    out.push({ id: "major-update", label: "act.majorUpdate", url: `${base}/major-updates`, fields: [text("message", "f.message")] });
  if (has(...MANAGERS) && i.major && !i.reviewDoneAt)
    out.push({ id: "review", label: "act.review", url: `${base}/review`, fields: [text("summary", "f.summary"), text("rootCause", "f.rootCause"), text("actions", "f.actions")], primary: i.status === "resolved" });
  if (has("service_desk", "tech_support", "local_service_point", "expert") && i.status !== "closed")
    out.push({
      id: "attach",
      label: "act.attach",
      url: `${base}/attachments`,
      fields: [{ name: "file", label: "f.file", kind: "file" }],
      body: (v) => ({ filename: v.__filename, contentType: v.__type, contentBase64: v.__base64 }),
    });
  return out;
}
