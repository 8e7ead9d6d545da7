/**
 * Demo incidents for `npm start`: a realistic week at the desk, created
 * through the real services on a clock set back in time, so every
 * timeline, SLA view, job and audit entry is what the system itself would
 * have produced. Some breached, one major incident waiting for its review,
 * every status, severity and channel. Runs only on a desk with no incidents.
 */
import { FakeClock, HOUR, MINUTE } from "../app/clock.js";
import type { Scheduler } from "../ops/scheduler/scheduler.js";
import { staffActor, type Actor } from "./desk-context.js";
import type { NewIncident } from "./intake.service.js";
import { SupportDesk } from "./support-desk.js";
import type { Reporter } from "./support.types.js";

const bidder = (name: string, extra: Partial<Reporter> = {}): Reporter => ({
  kind: "bidder",
  name,
  phone: null,
  email: null,
  org: null,
  certificateSerial: null,
  tokenSerial: null,
  ...extra,
});

export async function seedSupportDemo(live: SupportDesk, scheduler: Scheduler): Promise<number> {
  if ((await live.deps.store.read.incidents.count({})) > 0) return 0;
  const now = live.deps.clock.now().getTime();
  const clock = new FakeClock(new Date(now));
  const desk = new SupportDesk({ ...live.deps, clock }, { registerJobs: false });
  const at = (hoursAgo: number) => clock.set(new Date(now - hoursAgo * HOUR));
  const later = (minutes: number) => clock.advance(minutes * MINUTE);

  const d = staffActor("desk", ["service_desk"]);
  const ts = staffActor("support", ["tech_support"]);
  const ex = staffActor("expert", ["expert"]);
  const lo = staffActor("local", ["local_service_point"]);
  const cm = staffActor("cust-mgr", ["customer_manager"]);
  const tsm = staffActor("ts-mgr", ["tech_support_manager"]);
  const create = async (input: NewIncident, actor: Actor = d) => (await desk.create(input, actor)).incidentNo;
  let n = 0;

  // 1. Closed by a direct answer (2 days ago) — in the archive.
  at(50);
  let no = await create({ channel: "phone", reporter: bidder("湘江置业 刘女士", { phone: "13907310001" }), description: "请问 USBKey 驱动在哪里下载？新电脑上插入没有反应。", subFault: "cl-driver-install", impact: "minor", urgency: "low" });
  later(8);
  await desk.workflow.answer(no, d, { answer: "请登录网上交易系统首页“下载中心”，下载 USBKey 驱动 3.2 版并以管理员身份安装，安装后重新插拔 USBKey。" });
  n++;

  // 2. Full handover round trip (3 days ago, serious) — closed, archived with tracking.
  at(74);
  no = await create({
    channel: "phone",
    reporter: bidder("星沙建设集团 陈工", { phone: "13807310002", email: "chen@xingsha-build.example", certificateSerial: "4F2A9C01" }),
    description: "报价签名时提示“中间件返回错误代码 0x8010”，换浏览器后仍然失败。",
    subFault: "sw-middleware-error",
    impact: "partial",
    urgency: "medium",
  });
  later(15);
  await desk.workflow.contact(no, d, { note: "已回电，确认错误代码 0x8010 及操作系统为 Windows 7。" });
  let h = await desk.workflow.handover(no, d, { problemRecord: "竞买人签名时中间件返回 0x8010；证书有效期正常；需技术支持排查客户端中间件版本。" });
  later(20);
  await desk.workflow.accept(h.id, ts);
  await desk.workflow.track(no, ts, { kind: "contact", text: "电话联系陈工，约定远程协助。" });
  later(60);
  await desk.collaboration.remoteSession(no, ts, { startedAt: new Date(clock.now().getTime() - 40 * MINUTE), endedAt: clock.now(), method: "远程桌面", findings: "客户端中间件为 2.0 版，与 iTrus 2.1 接口不兼容。", outcome: "resolved" });
  await desk.workflow.solve(no, ts, { analysis: "客户端中间件版本过旧（2.0），调用签名接口时返回 0x8010。", solution: "卸载旧中间件，安装 2.1 版客户端安全中间件后重启浏览器。" });
  await desk.workflow.returnHandover(h.id, ts, { result: "已远程升级中间件，签名验证通过，跟踪记录完整。" });
  later(30);
  await desk.workflow.confirm(no, d, { confirmation: "陈工确认已能正常报价签名。" });
  n++;

  // 3. Major incident: security service down (6 h ago), answered, resolved, post-incident review pending.
  at(6);
  no = await create({
    channel: "phone",
    reporter: bidder("国土局信息中心 周科长", { kind: "staff", phone: "0731-84000000" }),
    description: "所有竞买人登录和签名均失败，安全应用支持服务器无法接受服务请求。",
    subFault: "hw-service-down",
    impact: "wide",
    urgency: "high",
  });
  later(5);
  await desk.major.declare(no, d, { reason: "安全应用支持服务整体不可用，影响全部在线竞买人", component: "security-service" });
  await desk.workflow.contact(no, d, { note: "已通知信息中心周科长，技术支持正在切换备用服务器。", assignee: "support" });
  later(25);
  await desk.major.update(no, d, { message: "安全服务故障，正在切换至备用证书发放服务器，预计 1 小时内恢复。" });
  h = await desk.workflow.handover(no, d, { problemRecord: "主安全应用支持服务器电源告警后服务停止，需切换备用服务器并排查硬件。" });
  await desk.workflow.accept(h.id, ts);
  later(50);
  await desk.workflow.solve(no, ts, { analysis: "主服务器电源模块故障导致服务停止。", solution: "已切换至备用安全应用支持服务器，服务恢复；主服务器电源模块待更换。" });
  await desk.major.update(no, ts, { message: "已切换至备用服务器，登录与签名服务恢复正常。" });
  await desk.workflow.returnHandover(h.id, ts, { result: "服务已恢复，主服务器待厂商更换电源。" });
  later(20);
  await desk.workflow.confirm(no, d, { confirmation: "信息中心确认竞买人可正常登录、签名。" });
  n++;

  // 4. Breached: serious, 30 h old, nobody contacted the customer.
  at(30);
  await create(
    {
      channel: "web",
      reporter: bidder("岳麓地产 王先生", { email: "wang@yuelu-estate.example" }),
      description: "RA 系统提交证书更新申请后一直显示“待签发”，已超过一天。",
      subFault: "sw-ra-cannot-issue",
      impact: "partial",
      urgency: "medium",
    },
    staffActor("desk", ["service_desk"]),
  );
  n++;

  // 5. Critical, in tech support, 3 h old (escalated to the customer manager), with an expert consultation.
  at(3);
  no = await create({
    channel: "phone",
    reporter: bidder("长沙县交易中心 值班员", { kind: "staff", phone: "0731-84000001" }),
    description: "挂牌截止前大量竞买人同时报价，不定期出现“证书无效”错误。",
    subFault: "sw-cert-error-under-load",
    impact: "wide",
    urgency: "high",
  });
  later(20);
  await desk.workflow.contact(no, d, { note: "已确认高峰期约 5% 的签名请求失败。" });
  h = await desk.workflow.handover(no, d, { problemRecord: "高并发下 OCSP 查询超时导致证书状态判定失败，需排查。" });
  later(10);
  await desk.workflow.accept(h.id, ts);
  await desk.workflow.track(no, ts, { kind: "analysis", text: "OCSP 响应平均 2.8 秒，高峰期超时。" });
  await desk.collaboration.consult(no, ts, { question: "高并发下是否应启用 OCSP 响应缓存？对吊销时效有何影响？" });
  n++;

  // 6. Handed over, not yet accepted (in the tech-support queue).
  at(0.6);
  no = await create({ channel: "phone", reporter: bidder("开元房产 赵会计", { phone: "13607310003" }), description: "调用签名接口提示找不到函数 SignData。", subFault: "sw-function-not-found", impact: "partial", urgency: "medium" });
  later(10);
  await desk.workflow.contact(no, d, { note: "已记录接口调用方式与中间件版本。" });
  await desk.workflow.handover(no, d, { problemRecord: "客户自建系统调用 SignData 失败，疑为接口版本不一致。" });
  n++;

  // 7. Returned, waiting for the desk to confirm with the customer.
  at(20);
  no = await create({ channel: "email", reporter: bidder("liu@furong-invest.example", { email: "liu@furong-invest.example" }), title: "保证金页面打开报错", description: "登录后打开保证金缴纳页面出现脚本错误。", subFault: "cl-page-error", impact: "minor", urgency: "high" });
  later(30);
  await desk.workflow.contact(no, d, { note: "邮件回复客户，索取浏览器版本。" });
  h = await desk.workflow.handover(no, d, { problemRecord: "IE 兼容模式下保证金页面脚本错误。" });
  later(60);
  await desk.workflow.accept(h.id, ts);
  later(120);
  await desk.workflow.solve(no, ts, { analysis: "浏览器处于 IE 兼容模式。", solution: "关闭兼容模式或使用 Chrome / Edge 最新版。" });
  await desk.workflow.returnHandover(h.id, ts, { result: "已告知解决办法，待客户确认。" });
  n++;

  // 8. Local service point: on-site dispatch requested 2 h ago (due in 2 h).
  at(5);
  no = await create({ channel: "phone", reporter: bidder("黄花镇 李老板", { phone: "13507310004", tokenSerial: "TK-0419" }), description: "USBKey 摔坏，指示灯不亮，明天要参加竞价。", subFault: "cl-key-damaged", impact: "partial", urgency: "high", local: true }, d);
  later(30);
  await desk.workflow.contact(no, lo, { note: "本地服务点已电话联系，确认 USBKey 物理损坏。" });
  await desk.collaboration.remoteSession(no, lo, { startedAt: new Date(clock.now().getTime() - 20 * MINUTE), endedAt: clock.now(), method: "电话指导", findings: "USBKey 无法被系统识别，更换 USB 口无效。", outcome: "needs-on-site" });
  at(2);
  await desk.collaboration.dispatch(no, d, { reason: "远程无法解决，需现场协助办理 USBKey 补办与旧证书吊销", site: "黄花镇政务服务中心" });
  n++;

  // 9. Waiting on the customer (paused).
  at(4);
  no = await create({ channel: "email", reporter: bidder("sun@example.com", { email: "sun@example.com" }), title: "证书登录失败", description: "证书登录时提示证书链不完整。", subFault: "cl-cert-login", impact: "minor", urgency: "medium" });
  later(25);
  await desk.workflow.reply(no, d, { message: "请提供登录失败时的截图及证书序列号，我们将进一步排查。" });
  await desk.workflow.pause(no, d, { reason: "等待客户提供截图与证书序列号" });
  n++;

  // 10. New from the public form with a self-diagnosis (20 min ago).
  at(1 / 3);
  await desk.publicDesk.report(
    {
      reporter: { name: "望城置业 何女士", email: "he@wangcheng.example", certificateSerial: "6B11D0A3" },
      category: "client",
      subFault: "cl-driver-install",
      description: "自诊断显示未检测到 PKCS#11 令牌，驱动安装时报错 1603。",
      diagnosis: { browser: { name: "Chrome", version: "122", supported: true }, token: { present: false, error: "CKR_TOKEN_NOT_PRESENT" }, clockOffsetMs: 1200, ocsp: "reachable", tsa: "reachable" },
    },
    { ip: "demo" },
  );
  n++;

  // 11. New by e-mail, untriaged, 50 min old (first contact at risk).
  at(50 / 60);
  await create({ channel: "email", reporter: bidder("zhou@example.net", { email: "zhou@example.net" }), title: "咨询：如何申请单位数字证书", description: "我单位准备参加下月的挂牌出让，请问如何申请数字证书及 USBKey？需要哪些材料？", impact: "minor", urgency: "low" });
  n++;

  // 12. Health probe: OCSP slow (system incident, open).
  at(1.5);
  const sys = await desk.systemIncidents.openSystemIncident({ component: "ocsp", fault: "sw-cert-error-under-load", severity: "serious", detail: "OCSP 响应时间连续 5 分钟超过 2 秒（p95 2.8 s）。" });
  void sys;
  n++;

  // 13. Closed hardware incident with an expert answer (a week ago).
  at(170);
  no = await create({ channel: "on-site", reporter: bidder("国土局机房 值班员", { kind: "staff" }), description: "安全应用支持服务器风扇异常响声。", subFault: "hw-abnormal-noise", impact: "minor", urgency: "medium" }, d);
  later(15);
  await desk.workflow.contact(no, d, { note: "已通知技术支持到机房查看。" });
  h = await desk.workflow.handover(no, d, { problemRecord: "设备风扇异响，需检查硬件。" });
  await desk.workflow.accept(h.id, ts);
  const c = await desk.collaboration.consult(no, ts, { question: "风扇更换期间是否需要切换备用服务器？" });
  later(30);
  await desk.collaboration.answerConsultation(c.id, ex, { answer: "建议在非交易时段切换至备用服务器后再更换风扇，避免服务中断。" });
  later(240);
  await desk.workflow.solve(no, ts, { analysis: "2 号风扇轴承磨损。", solution: "夜间切换备用服务器后更换风扇，已恢复主服务器。" });
  await desk.workflow.returnHandover(h.id, ts, { result: "风扇已更换，设备运行正常。" });
  await desk.workflow.confirm(no, d, { confirmation: "机房确认设备运行正常。" });
  n++;

  // 14. General, severity raised with a reason by the customer manager; open at the desk.
  at(9);
  no = await create({ channel: "phone", reporter: bidder("县城投公司 钱经理", { phone: "13307310005" }), description: "竞买申请提交后未收到保证金子账户信息。", subFault: "cl-other", impact: "minor", urgency: "medium" });
  later(40);
  await desk.workflow.contact(no, d, { note: "已核实申请状态，转交易部门确认子账户生成情况。" });
  later(60);
  await desk.workflow.changeSeverity(no, cm, { severity: "serious", reason: "距保证金截止仅剩 1 天，影响竞买资格" });
  n++;
  void tsm;

  // Deadlines that fell due "while the demo was being written" are worked now, as a restarted server would.
  await scheduler.drain();
  return n;
}
