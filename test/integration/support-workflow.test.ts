/**
 * The support desk through its HTTP API, in-process on a real database with a
 * fake clock: the handover round trip of seed §4.1.2 ending in the archive,
 * direct answers, pauses, severity changes, the public report / tracking /
 * status endpoints, major incidents, consultations, on-site dispatch, local
 * service point, system incidents, and bad input turned into coded errors
 * with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../../src/app/clock.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { anonymous, caller, createDeskStaff, type Call } from "../helpers/support.js";

describe("support desk workflow", () => {
  let s: TestSystem;
  let desk: Call, ts: Call, expert: Call, local: Call, cm: Call, cto: Call;
  const pub = () => anonymous(s);

  beforeAll(async () => {
    s = await startTestSystem({ supportAttachmentMaxBytes: 4096, publicIncidentRateLimit: 5 });
    await createDeskStaff(s);
    [desk, ts, expert, local, cm, cto] = (await Promise.all(["desk1", "ts1", "expert1", "local1", "cm1", "cto1"].map((u) => caller(s, u)))) as [Call, Call, Call, Call, Call, Call];
  }, 180_000);
  afterAll(() => s.close());

  const phoneLog = (over: Record<string, unknown> = {}) => ({
    channel: "phone",
    reporter: { name: "长沙县某置业有限公司 王经理", phone: "13800000001", email: "wang@example.com", certificateSerial: "5A3F0019" },
    description: "挂牌报价时 USBKey 签名失败，提示中间件错误 0x8010",
    subFault: "sw-middleware-error",
    impact: "partial",
    urgency: "high",
    ...over,
  });

  it("handover round trip: desk records + hands over → support accepts, tracks, solves, returns → desk confirms → archive finds it", async () => {
    let r = await desk("POST", "/api/support/incidents", phoneLog());
    expect(r.status).toBe(201);
    const inc = r.body;
    expect(inc.incidentNo).toMatch(/^INC-20260302-\d{4}$/);
    expect(inc).toMatchObject({ category: "software", severity: "critical", status: "new", queue: "service_desk", channel: "phone" });
    expect(inc.sla.deadlines.map((d: { name: string; dueAt: string }) => [d.name, d.dueAt])).toEqual([
      ["firstContact", "2026-03-02T02:00:00.000Z"],
      ["solution", "2026-03-03T01:00:00.000Z"],
    ]);
    const no = inc.incidentNo;

    s.clock.advance(20 * MINUTE);
    expect((await desk("POST", `/api/support/incidents/${no}/contact`, { note: "已回电，确认报错代码与浏览器版本" })).status).toBe(200);
    r = await desk("POST", `/api/support/incidents/${no}/handover`, { problemRecord: "竞买人签名时中间件返回 0x8010，已确认证书有效，需技术支持排查中间件" });
    expect(r.status).toBe(200);
    const handoverId = r.body.id;
    expect(r.body.handoverNo).toBe(`HO-${no.slice(4)}-1`);

    // Only tech support takes handover lists.
    expect((await desk("POST", `/api/support/handovers/${handoverId}/accept`, {})).status).toBe(403);
    // Returning before accepting is refused.
    expect((await ts("POST", `/api/support/handovers/${handoverId}/return`, { result: "x" })).body.code).toBe("SUPPORT_INVALID_TRANSITION");
    s.clock.advance(10 * MINUTE);
    r = await ts("POST", `/api/support/handovers/${handoverId}/accept`, {});
    expect(r.body.status).toBe("accepted");
    expect((await ts("POST", `/api/support/handovers/${handoverId}/accept`, {})).body.code).toBe("SUPPORT_ALREADY_DONE");
    await ts("POST", `/api/support/incidents/${no}/tracking`, { kind: "contact", text: "与王经理远程连线，复现 0x8010" });
    // Returning before a solution is recorded is refused.
    expect((await ts("POST", `/api/support/handovers/${handoverId}/return`, { result: "done" })).body.code).toBe("SUPPORT_INVALID_TRANSITION");
    s.clock.advance(2 * HOUR);
    await ts("POST", `/api/support/incidents/${no}/solve`, { analysis: "USBKey 驱动版本过旧，与新中间件不兼容", solution: "指导客户从网站下载 3.2 版驱动并重新插拔 USBKey" });
    r = await ts("POST", `/api/support/handovers/${handoverId}/return`, { result: "已解决：更新驱动后签名成功，跟踪记录完整" });
    expect(r.body.status).toBe("returned");

    r = await desk("GET", `/api/support/incidents/${no}`);
    expect(r.body.incident).toMatchObject({ status: "returned", queue: "service_desk", assignee: "ts1", firstContactBy: "desk1" });
    const fc = r.body.incident.sla.deadlines.find((d: { name: string }) => d.name === "firstContact");
    expect(fc).toMatchObject({ state: "met", metAt: "2026-03-02T01:20:00.000Z" });
    expect(r.body.incident.sla.deadlines.find((d: { name: string }) => d.name === "solution").state).toBe("met");

    r = await desk("POST", `/api/support/incidents/${no}/confirm`, { confirmation: "客户确认可以正常报价" });
    expect(r.body.result).toBe("closed");
    r = await desk("GET", `/api/support/incidents/${no}`);
    expect(r.body.incident.status).toBe("closed");
    expect(r.body.incident.resolvedByGroup).toBe("tech_support");
    expect(r.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(["created", "contacted", "handover_created", "handover_accepted", "tracking", "solution", "handover_returned", "resolved", "closed"]),
    );
    expect(r.body.tracking.map((t: { kind: string }) => t.kind)).toEqual(["contact", "contact", "analysis", "customer"]);
    // Customer mails: acknowledgement and resolution (no relay configured → kept, "not sent").
    expect(r.body.mails.map((m: { subject: string; status: string }) => [m.subject.slice(0, no.length + 19), m.status])).toEqual([
      [`[${no}] 已受理 / Received: `, "not_sent"],
      [`[${no}] 已解决 / Resolved: `, "not_sent"],
    ]);

    // The archive: every word must match, across number, customer, serial, problem and solution.
    for (const q of ["0x8010 驱动", no, "5a3f0019", "王经理 3.2"]) {
      r = await expert("GET", `/api/support/archive?q=${encodeURIComponent(q)}`);
      expect(r.body.items.map((a: { incidentNo: string }) => a.incidentNo), q).toEqual([no]);
    }
    expect((await desk("GET", `/api/support/archive?q=${encodeURIComponent("0x8010 打印机")}`)).body.items).toEqual([]);

    // Audit: handover, acceptance, return, close are in the chain.
    const audit = await s.c.store.read.audit.list({ subject: `incident:${no}`, limit: 50 });
    expect(audit.map((a) => a.action).sort()).toEqual(
      ["support.handover.accept", "support.handover.create", "support.handover.return", "support.incident.close", "support.incident.create"].sort(),
    );
  });

  it("direct answer: the desk resolves a common question at once; tech support is notified of handovers only", async () => {
    const r = await desk("POST", "/api/support/incidents", phoneLog({ description: "如何下载最新驱动？", subFault: "cl-driver-install", impact: "minor", urgency: "low" }));
    expect(r.body.severity).toBe("general");
    const a = await desk("POST", `/api/support/incidents/${r.body.incidentNo}/answer`, { answer: "请在网站“下载中心”下载 USBKey 驱动 3.2 版。" });
    expect(a.body.result).toBe("closed");
    const d = (await desk("GET", `/api/support/incidents/${r.body.incidentNo}`)).body;
    expect(d.incident).toMatchObject({ status: "closed", resolvedByGroup: "service_desk", firstContactBy: "desk1" });
    // Answering again is refused.
    expect((await desk("POST", `/api/support/incidents/${r.body.incidentNo}/answer`, { answer: "x" })).body.code).toBe("SUPPORT_INVALID_TRANSITION");
  });

  it("a severity other than the suggested one, and any later change, needs a reason, which is audited", async () => {
    let r = await desk("POST", "/api/support/incidents", phoneLog({ severity: "general" }));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("SUPPORT_REASON_REQUIRED");
    r = await desk("POST", "/api/support/incidents", phoneLog({ severity: "serious", severityReason: "只影响一名竞买人" }));
    expect(r.body.severity).toBe("serious");
    const no = r.body.incidentNo;
    expect((await desk("POST", `/api/support/incidents/${no}/severity`, { severity: "critical" })).body.code).toBe("VALIDATION_FAILED");
    expect((await desk("POST", `/api/support/incidents/${no}/severity`, { severity: "critical", reason: "   " })).body.code).toBe("VALIDATION_FAILED");
    r = await cm("POST", `/api/support/incidents/${no}/severity`, { severity: "critical", reason: "挂牌截止前一小时，影响多名竞买人" });
    expect(r.status).toBe(200);
    const audit = await s.c.store.read.audit.list({ subject: `incident:${no}`, action: "support.incident.severity", limit: 5 });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.payload).toMatchObject({ from: "serious", to: "critical", reason: "挂牌截止前一小时，影响多名竞买人" });
    const d = (await desk("GET", `/api/support/incidents/${no}`)).body;
    expect(d.incident.sla.steps.filter((x: { severity: string }) => x.severity === "critical")).toHaveLength(4);
  });

  it("pausing while waiting on the customer shifts every deadline by the pause", async () => {
    const r = await desk("POST", "/api/support/incidents", phoneLog());
    const no = r.body.incidentNo;
    const t0 = Date.parse(r.body.createdAt);
    s.clock.advance(30 * MINUTE);
    expect((await desk("POST", `/api/support/incidents/${no}/pause`, {})).body.code).toBe("VALIDATION_FAILED");
    await desk("POST", `/api/support/incidents/${no}/pause`, { reason: "等待客户提供报错截图" });
    expect((await desk("POST", `/api/support/incidents/${no}/pause`, { reason: "again" })).body.code).toBe("SUPPORT_INVALID_TRANSITION");
    let d = (await desk("GET", `/api/support/incidents/${no}`)).body.incident;
    expect(d.sla.paused).toBe(true);
    expect(d.sla.deadlines[0].dueAt).toBeNull();
    s.clock.advance(2 * HOUR);
    await desk("POST", `/api/support/incidents/${no}/resume`, {});
    d = (await desk("GET", `/api/support/incidents/${no}`)).body.incident;
    expect(Date.parse(d.sla.deadlines[0].dueAt) - t0).toBe(3 * HOUR);
    expect(Date.parse(d.sla.deadlines[1].dueAt) - t0).toBe(26 * HOUR);
    expect(d.sla.steps.map((x: { dueAt: string }) => (Date.parse(x.dueAt) - t0) / HOUR)).toEqual([4, 10, 14, 26]);
    // The scheduler's rows moved too (deadlines are rows).
    const jobs = await s.c.scheduler.list({ kind: "support.escalate", keyPrefix: d.id, state: "open" });
    expect(jobs.map((j) => (j.dueAt.getTime() - t0) / HOUR)).toEqual([4, 10, 14, 26]);
  });

  it("public report with a self-diagnosis → incident number + tracking token; tracking shows public updates only", async () => {
    const diagnosis = { browser: { name: "Chrome", version: "120" }, token: { present: false }, clockOffsetMs: 420 };
    let r = await pub()("POST", "/api/public/incidents", {
      reporter: { name: "赵竞买", email: "zhao@example.com", certificateSerial: "77AB" },
      category: "client",
      subFault: "cl-driver-install",
      description: "自诊断提示未检测到 USBKey",
      diagnosis,
    });
    expect(r.status).toBe(201);
    const { incidentNo, trackingToken } = r.body;
    expect(incidentNo).toMatch(/^INC-20260302-\d{4}$/);
    const d = (await desk("GET", `/api/support/incidents/${incidentNo}`)).body;
    expect(d.incident).toMatchObject({ channel: "web", reporter: { kind: "bidder", certificateSerial: "77AB" } });
    expect(d.attachments).toHaveLength(1);
    expect(d.attachments[0]).toMatchObject({ filename: "self-diagnosis.json", source: "diagnosis" });
    const file = await s.app.inject({ url: `/api/support/incidents/${incidentNo}/attachments/${d.attachments[0].id}`, headers: { cookie: (await s.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "desk1", password: "test-Password-1" } })).cookies.map((c) => `${c.name}=${c.value}`).join(";") } });
    expect(JSON.parse(file.body)).toEqual(diagnosis);
    expect(d.mails[0].text).toContain(`/status?incident=${incidentNo}&token=`);

    await desk("POST", `/api/support/incidents/${incidentNo}/reply`, { message: "请将 USBKey 换一个 USB 口后重试。" });
    await desk("POST", `/api/support/incidents/${incidentNo}/tracking`, { kind: "note", text: "内部备注：客户电脑为老旧型号" });
    r = await pub()("GET", `/api/public/incidents/${incidentNo}?token=${trackingToken}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ incidentNo, status: "open", statusZh: "处理中" });
    expect(r.body.updates.map((u: { type: string }) => u.type)).toEqual(["created", "reply"]);
    expect(JSON.stringify(r.body)).not.toContain("内部备注");
    expect(r.body.updates[1].message).toBe("请将 USBKey 换一个 USB 口后重试。");
    // A wrong token is indistinguishable from a missing incident.
    r = await pub()("GET", `/api/public/incidents/${incidentNo}?token=wrong-token-123`);
    expect(r.status).toBe(404);
    expect(r.body.code).toBe("SUPPORT_INCIDENT_NOT_FOUND");
  });

  it("the self-diagnosis page's symptom ids (knowledge-base taxonomy) are accepted as aliases", async () => {
    const r = await anonymous(s, "192.0.2.44")("POST", "/api/public/incidents", { reporter: { name: "别名测试" }, category: "client", subFault: "usbkey_driver", description: "驱动装不上" });
    expect(r.status).toBe(201);
    expect((await s.c.store.read.incidents.byNo(r.body.incidentNo))!.subFault).toBe("cl-driver-install");
  });

  it("bad public input → coded errors, nothing stored; the rate limit answers 429 with Retry-After", async () => {
    const before = await s.c.store.read.incidents.count({});
    const base = { reporter: { name: "某人" }, category: "client", description: "x" };
    const ip = "198.51.100.9";
    const p = anonymous(s, ip);
    expect((await p("POST", "/api/public/incidents", { ...base, category: "plumbing" })).body.code).toBe("SUPPORT_CATEGORY_UNKNOWN");
    expect((await p("POST", "/api/public/incidents", { ...base, subFault: "hw-no-boot" })).body.code).toBe("SUPPORT_SUBFAULT_UNKNOWN");
    const r = await p("POST", "/api/public/incidents", { ...base, diagnosis: { blob: "x".repeat(33 * 1024) } });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("SUPPORT_DIAGNOSIS_TOO_LARGE");
    expect((await p("POST", "/api/public/incidents", { ...base, reporter: {} })).body.code).toBe("VALIDATION_FAILED");
    expect(await s.c.store.read.incidents.count({})).toBe(before);

    // Limit 5 per hour per address; the unknown-category calls above counted (they passed the door).
    const accepted = [];
    for (let i = 0; i < 4; i++) accepted.push((await p("POST", "/api/public/incidents", base)).status);
    const limited = await s.app.inject({ method: "POST", url: "/api/public/incidents", payload: base, remoteAddress: ip });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("SUPPORT_RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not affected; the next hour starts afresh.
    expect((await anonymous(s, "198.51.100.10")("POST", "/api/public/incidents", base)).status).toBe(201);
    s.clock.advance(HOUR);
    expect((await p("POST", "/api/public/incidents", base)).status).toBe(201);
    expect(accepted.filter((x) => x === 201).length).toBeGreaterThanOrEqual(2);
  });

  it("bad staff input: unknown category, oversize or broken attachment → coded error, nothing stored", async () => {
    expect((await desk("POST", "/api/support/incidents", phoneLog({ subFault: null, category: "plumbing" }))).body.code).toBe("SUPPORT_CATEGORY_UNKNOWN");
    const no = (await desk("POST", "/api/support/incidents", phoneLog())).body.incidentNo;
    const big = Buffer.alloc(5000, 1).toString("base64");
    let r = await desk("POST", `/api/support/incidents/${no}/attachments`, { filename: "log.txt", contentBase64: big });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("SUPPORT_ATTACHMENT_TOO_LARGE");
    expect((await desk("POST", `/api/support/incidents/${no}/attachments`, { filename: "x", contentBase64: "@@not base64@@" })).body.code).toBe("SUPPORT_ATTACHMENT_INVALID");
    expect((await desk("GET", `/api/support/incidents/${no}`)).body.attachments).toEqual([]);
    const content = Buffer.from("middleware log: 0x8010\n");
    r = await desk("POST", `/api/support/incidents/${no}/attachments`, { filename: "../../etc/mw.log", contentType: "text/plain", contentBase64: content.toString("base64") });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ filename: ".._.._etc_mw.log", sizeBytes: content.length });
    const { createHash } = await import("node:crypto");
    expect(r.body.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect((await desk("GET", "/api/support/incidents/INC-20990101-0001")).body.code).toBe("SUPPORT_INCIDENT_NOT_FOUND");
  });

  it("major incident: declared, answered on the status page, resolved, and closed only by its review", async () => {
    const no = (await desk("POST", "/api/support/incidents", phoneLog({ description: "全部竞买人无法登录", subFault: "hw-service-down", impact: "wide" }))).body.incidentNo;
    expect((await desk("POST", `/api/support/incidents/${no}/major`, { reason: "安全服务整体不可用", component: "security-service" })).status).toBe(200);
    let status = (await pub()("GET", "/api/public/status")).body;
    expect(status.overall).toBe("outage");
    expect(status.components.find((c: { id: string }) => c.id === "security-service").state).toBe("outage");
    expect(status.incidents.map((i: { incidentNo: string }) => i.incidentNo)).toContain(no);
    // Managers were told in-app (and by mail where they have an address).
    const notes = (await cto("GET", "/api/support/notifications")).body.items;
    expect(notes.some((n: { kind: string; incidentId: string }) => n.kind === "major.declared")).toBe(true);

    s.clock.advance(30 * MINUTE);
    await desk("POST", `/api/support/incidents/${no}/major-updates`, { message: "已切换至备用安全服务器，正在恢复。" });
    status = (await pub()("GET", "/api/public/status")).body;
    expect(status.incidents.find((i: { incidentNo: string }) => i.incidentNo === no).updates[0].message).toBe("已切换至备用安全服务器，正在恢复。");
    let d = (await desk("GET", `/api/support/incidents/${no}`)).body.incident;
    expect(d.sla.deadlines.find((x: { name: string }) => x.name === "majorAnswer").state).toBe("met");

    expect((await desk("POST", `/api/support/incidents/${no}/answer`, { answer: "已切换备用服务器，服务恢复" })).body.result).toBe("resolved");
    d = (await desk("GET", `/api/support/incidents/${no}`)).body.incident;
    expect(d.status).toBe("resolved");
    expect((await desk("POST", `/api/support/incidents/${no}/review`, { summary: "s", rootCause: "r", actions: "a" })).status).toBe(403);
    expect((await cm("POST", `/api/support/incidents/${no}/review`, { summary: "主服务器电源故障，切换耗时 40 分钟", rootCause: "电源模块老化", actions: "增加电源冗余；演练切换" })).body.result).toBe("closed");
    status = (await pub()("GET", "/api/public/status")).body;
    expect(status.components.find((c: { id: string }) => c.id === "security-service").state).toBe("operational");
    // Still listed for a day as resolved.
    expect(status.incidents.find((i: { incidentNo: string }) => i.incidentNo === no).status).toBe("closed");
  });

  it("expert consultation, local service point, on-site dispatch within 4 h, remote session", async () => {
    const no = (await desk("POST", "/api/support/incidents", phoneLog({ local: true }))).body.incidentNo;
    let d = (await local("GET", `/api/support/incidents/${no}`)).body.incident;
    expect(d.queue).toBe("local_service_point");
    expect((await local("POST", `/api/support/incidents/${no}/escalate-to-centre`, { reason: "本地无法复现" })).status).toBe(200);
    d = (await desk("GET", `/api/support/incidents/${no}`)).body.incident;
    expect(d.queue).toBe("service_desk");

    let r = await desk("POST", `/api/support/incidents/${no}/consultations`, { question: "是否需要升级中间件？" });
    const cid = r.body.id;
    expect((await expert("GET", "/api/support/consultations")).body.items.map((c: { id: string }) => c.id)).toContain(cid);
    expect((await desk("POST", `/api/support/consultations/${cid}/answer`, { answer: "x" })).status).toBe(403);
    expect((await expert("POST", `/api/support/consultations/${cid}/answer`, { answer: "建议升级到 iTrus 2.1 SP3" })).body.answer).toBe("建议升级到 iTrus 2.1 SP3");

    const started = s.c.clock.now();
    s.clock.advance(30 * MINUTE);
    r = await ts("POST", `/api/support/incidents/${no}/remote-sessions`, {
      startedAt: started.toISOString(),
      endedAt: s.c.clock.now().toISOString(),
      method: "远程桌面",
      findings: "驱动正常，USBKey 芯片无响应",
      outcome: "needs-on-site",
    });
    expect(r.status).toBe(200);
    r = await ts("POST", `/api/support/incidents/${no}/dispatches`, { reason: "远程无法解决，需现场更换 USBKey", site: "星沙大道 1 号" });
    const did = r.body.id;
    d = (await desk("GET", `/api/support/incidents/${no}`)).body.incident;
    const onsite = d.sla.deadlines.find((x: { name: string }) => x.name === `onsite:${did}`);
    expect(Date.parse(onsite.dueAt) - s.c.clock.now().getTime()).toBe(4 * HOUR);
    expect((await ts("POST", `/api/support/dispatches/${did}/complete`, { result: "x" })).status).toBe(403);
    expect((await local("POST", `/api/support/dispatches/${did}/complete`, { result: "x" })).body.code).toBe("SUPPORT_INVALID_TRANSITION");
    s.clock.advance(3 * HOUR);
    await local("POST", `/api/support/dispatches/${did}/arrive`, {});
    await local("POST", `/api/support/dispatches/${did}/complete`, { result: "已更换 USBKey，客户到国土局办理证书补发" });
    const full = (await desk("GET", `/api/support/incidents/${no}`)).body;
    expect(full.incident.sla.deadlines.find((x: { name: string }) => x.name === `onsite:${did}`).state).toBe("met");
    expect(full.remoteSessions[0]).toMatchObject({ outcome: "needs-on-site", engineer: "ts1" });
    expect(full.consultations[0].answeredBy).toBe("staff:expert1");
  });

  it("system incidents: one per component while open, severity raised by a worse probe, auto-resolved", async () => {
    const sys = s.c.support.systemIncidents;
    const a = await sys.openSystemIncident({ component: "ocsp", fault: "hw-service-down", severity: "serious", detail: "OCSP 连续 3 次超时" });
    const b = await sys.openSystemIncident({ component: "ocsp", fault: "hw-service-down", severity: "critical", detail: "OCSP 完全无响应" });
    expect(a.created).toBe(true);
    expect(b).toEqual({ incidentNo: a.incidentNo, created: false });
    let d = (await ts("GET", `/api/support/incidents/${a.incidentNo}`)).body;
    expect(d.incident).toMatchObject({ channel: "health-probe", severity: "critical", component: "ocsp", reporter: { kind: "system" } });
    expect((await pub()("GET", "/api/public/status")).body.components.find((c: { id: string }) => c.id === "ocsp").state).toBe("outage");
    await expect(sys.openSystemIncident({ component: "printer" as never, fault: "hw-no-boot", severity: "general", detail: "x" })).rejects.toMatchObject({ code: "SUPPORT_COMPONENT_UNKNOWN" });

    expect(await sys.resolveSystemIncident("ocsp")).toBe(a.incidentNo);
    expect(await sys.resolveSystemIncident("ocsp")).toBeNull();
    d = (await ts("GET", `/api/support/incidents/${a.incidentNo}`)).body;
    expect(d.incident.status).toBe("closed");
    const c = await sys.openSystemIncident({ component: "ocsp", fault: "hw-service-down", severity: "general", detail: "again" });
    expect(c.created).toBe(true);
    expect(c.incidentNo).not.toBe(a.incidentNo);
  });
});
