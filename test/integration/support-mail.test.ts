/**
 * Mail in and out over real SMTP: nodemailer sends to our smtp-server
 * listener (port 0) and the message becomes an incident; a reply with the
 * incident number in its subject threads into it; outgoing mail goes through
 * nodemailer to a test smtp-server relay and is parsed back with mailparser.
 * Malformed, oversize and automatic mail is kept or refused with a code,
 * never lost silently.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import nodemailer, { type SendMailOptions } from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../src/support/desk-context.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";

/** A relay that keeps what it receives, parsed. */
class CaptureRelay {
  received: { raw: Buffer; parsed: ParsedMail; rcpt: string[] }[] = [];
  server: SMTPServer | null = null;
  port = 0;
  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then((parsed) => {
            this.received.push({ raw, parsed, rcpt: session.envelope.rcptTo.map((r) => r.address) });
            cb();
          }, cb);
        });
      },
    });
    await new Promise<void>((res) => this.server!.listen(port, "127.0.0.1", () => res()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((res) => s.close(() => res()));
  }
}

describe("support mail over real SMTP", () => {
  const relay = new CaptureRelay();
  let s: TestSystem;
  let listenerPort: number;
  let send: (m: SendMailOptions) => Promise<{ response: string }>;

  beforeAll(async () => {
    const relayPort = await relay.start();
    s = await startTestSystem({ smtpRelayUrl: `smtp://127.0.0.1:${relayPort}`, mailMaxBytes: 64 * 1024, supportAttachmentMaxBytes: 8 * 1024 });
    listenerPort = await s.c.support.startSmtpListener({ host: "127.0.0.1", port: 0 });
    const t = nodemailer.createTransport({ host: "127.0.0.1", port: listenerPort, secure: false, ignoreTLS: true });
    send = (m) => t.sendMail(m) as Promise<{ response: string }>;
  }, 180_000);
  afterAll(async () => {
    await s?.c.support.close();
    await s?.close();
    await relay.stop();
  });

  const inbound = async () => s.c.store.read.mail.listInbound({ limit: 100 });
  const count = () => s.c.store.read.incidents.count({});

  let incidentNo = "";

  it("a new e-mail opens an incident (with its attachment), and the acknowledgement goes out through the relay", async () => {
    const attachment = Buffer.from("错误代码 0x8010\nmiddleware.log line 2\n", "utf8");
    const r = await send({
      from: "王经理 <wang@example.com>",
      to: "support@landtrade.local",
      subject: "USBKey 插入后无法识别",
      text: "您好：\n我公司的 USBKey 插入电脑后提示无法识别，无法参加明天的挂牌报价。\n王经理 13800000001",
      attachments: [{ filename: "中间件日志.txt", content: attachment, contentType: "text/plain" }],
    });
    expect(r.response).toMatch(/^250 .*incident_created INC-20260302-\d{4}/);
    incidentNo = /INC-\d{8}-\d{4}/.exec(r.response)![0];

    const d = await s.c.support.queries.detail(incidentNo);
    expect(d.incident).toMatchObject({ channel: "email", title: "USBKey 插入后无法识别", category: null, reporter: { name: "王经理", email: "wang@example.com" } });
    expect(d.incident.description).toContain("无法参加明天的挂牌报价");
    expect(d.attachments).toHaveLength(1);
    expect(d.attachments[0]).toMatchObject({ filename: "中间件日志.txt", source: "mail", sizeBytes: attachment.length });
    const { createHash } = await import("node:crypto");
    expect(d.attachments[0]!.sha256).toBe(createHash("sha256").update(attachment).digest("hex"));
    const row = (await inbound()).find((m) => m.from === "wang@example.com");
    expect(row).toMatchObject({ status: "incident_created", from: "wang@example.com", subject: "USBKey 插入后无法识别" });

    // The acknowledgement: queued with the change, sent by the scheduler after commit.
    const queued = d.mails.find((m) => m.subject.includes("已受理"))!;
    expect(queued.status).toBe("pending");
    expect(relay.received).toHaveLength(0);
    await s.c.scheduler.drain();
    expect(relay.received).toHaveLength(1);
    const got = relay.received[0]!;
    expect(got.rcpt).toEqual(["wang@example.com"]);
    expect(got.parsed.subject).toBe(queued.subject);
    expect(got.parsed.subject).toContain(`[${incidentNo}]`);
    expect(got.parsed.messageId).toBe(queued.messageId);
    expect(got.parsed.text).toContain("我们已收到您的问题");
    expect(got.parsed.from?.value[0]?.address).toBe("support@landtrade.local");
    const after = await s.c.store.read.mail.outbox(queued.id);
    expect(after).toMatchObject({ status: "sent", attempts: 1 });
    expect(after!.sentAt).not.toBeNull();
  });

  it("a reply with the incident number in the subject threads into it and ends a pause that waited for the customer", async () => {
    const desk = staffActor("desk", ["service_desk"]);
    await s.c.support.workflow.pause(incidentNo, desk, { reason: "请客户提供 USBKey 序列号" });
    const before = await count();
    const r = await send({ from: "wang@example.com", to: "support@landtrade.local", subject: `Re: [${incidentNo}] 已受理 / Received: USBKey 插入后无法识别`, text: "序列号是 TK-2026-0042。\n\n> 原邮件……" });
    expect(r.response).toContain(`threaded ${incidentNo}`);
    expect(await count()).toBe(before);
    const d = await s.c.support.queries.detail(incidentNo);
    expect(d.tracking.at(-1)).toMatchObject({ kind: "customer", author: "mail:wang@example.com" });
    expect(d.tracking.at(-1)!.text).toContain("TK-2026-0042");
    expect(d.incident.pausedSince).toBeNull();
    expect(d.events.map((e) => e.type)).toEqual(expect.arrayContaining(["mail_in", "resumed"]));
    expect(d.events.find((e) => e.type === "resumed")!.data.by).toBe("customer");
  });

  it("a desk reply goes out by mail with the token in the subject, and the customer's answer to it threads back", async () => {
    await s.c.support.workflow.reply(incidentNo, staffActor("desk", ["service_desk"]), { message: "请到网站下载 3.2 版驱动后重试。" });
    await s.c.scheduler.drain();
    const out = relay.received.at(-1)!;
    expect(out.parsed.subject).toMatch(new RegExp(`^\\[${incidentNo}\\] Re: `));
    expect(out.parsed.text).toContain("请到网站下载 3.2 版驱动后重试。");
    // The customer hits "reply" in their mail client: the subject comes back with "Re:".
    const r = await send({ from: "wang@example.com", to: "support@landtrade.local", subject: `Re: ${out.parsed.subject}`, text: "更新驱动后可以了，谢谢！", inReplyTo: out.parsed.messageId! });
    expect(r.response).toContain(`threaded ${incidentNo}`);
  });

  it("a malformed message is kept byte for byte, marked rejected with SUPPORT_MAIL_MALFORMED, and opens nothing", async () => {
    const before = await count();
    const raw = "this is not a mail: no headers, no sender\r\n\r\n";
    const t = nodemailer.createTransport({ host: "127.0.0.1", port: listenerPort, secure: false, ignoreTLS: true });
    const r = await t.sendMail({ envelope: { from: "someone@example.org", to: ["support@landtrade.local"] }, raw });
    expect(r.response).toMatch(/^250 .*rejected/);
    expect(await count()).toBe(before);
    const row = (await inbound()).find((m) => m.envelopeFrom === "someone@example.org")!;
    expect(row).toMatchObject({ status: "rejected", errorCode: "SUPPORT_MAIL_MALFORMED", errorDetail: "no sender address (From:)" });
    const stored = await s.c.store.read.mail.inbound(row.id);
    expect(Buffer.from(stored!.raw).toString()).toContain("this is not a mail: no headers, no sender");
  });

  it("an e-mail over the size limit is refused at SMTP (552) and nothing is created", async () => {
    const before = await count();
    const beforeInbound = (await inbound()).length;
    const err = await send({ from: "big@example.com", to: "support@landtrade.local", subject: "huge", text: "x".repeat(100 * 1024) }).catch((e: unknown) => e);
    expect((err as { responseCode?: number }).responseCode).toBe(552);
    expect(await count()).toBe(before);
    expect((await inbound()).length).toBe(beforeInbound);
  });

  it("auto-replies are kept and ignored (no mail loops); an unknown incident number opens a new incident", async () => {
    const before = await count();
    const r = await send({ from: "wang@example.com", to: "support@landtrade.local", subject: `Auto: [${incidentNo}] out of office`, text: "I am away", headers: { "Auto-Submitted": "auto-replied" } });
    expect(r.response).toContain("ignored");
    expect(await count()).toBe(before);
    const r2 = await send({ from: "li@example.com", to: "support@landtrade.local", subject: "Re: [INC-20250101-0099] 旧问题", text: "又出现了" });
    expect(r2.response).toContain("incident_created");
    const no = /INC-\d{8}-\d{4}/.exec(r2.response.replace("INC-20250101-0099", ""))![0];
    const d = await s.c.support.queries.detail(no);
    expect(d.events.find((e) => e.type === "mail_in")!.data.unknownToken).toBe("INC-20250101-0099");
  });

  it("an oversize mail attachment is not split out but stays in the stored raw message", async () => {
    const r = await send({ from: "zhao@example.com", to: "support@landtrade.local", subject: "截图", text: "见附件", attachments: [{ filename: "big.bin", content: Buffer.alloc(20 * 1024, 7) }] });
    const no = /INC-\d{8}-\d{4}/.exec(r.response)![0];
    const d = await s.c.support.queries.detail(no);
    expect(d.attachments).toEqual([]);
    expect(d.events.find((e) => e.type === "attachment_skipped")!.data).toMatchObject({ filename: "big.bin", code: "SUPPORT_ATTACHMENT_TOO_LARGE" });
    const row = (await inbound()).find((m) => m.incidentId === d.incident.id)!;
    expect(row.sizeBytes).toBeGreaterThan(20 * 1024);
  });

  it("relay down: the mail stays queued, is retried with backoff, and goes out with the same Message-ID", async () => {
    await s.c.scheduler.drain(); // earlier acknowledgements go out first
    const port = relay.port;
    await relay.stop();
    await s.c.support.workflow.reply(incidentNo, staffActor("desk", ["service_desk"]), { message: "测试重发" });
    const mail = (await s.c.store.read.mail.listOutbox({ incidentId: (await s.c.store.read.incidents.byNo(incidentNo))!.id, limit: 100 })).find((m) => m.text.includes("测试重发"))!;
    const r1 = await s.c.scheduler.drain();
    expect(r1.retried).toBe(1);
    expect(await s.c.store.read.mail.outbox(mail.id)).toMatchObject({ status: "pending", attempts: 1 });
    const job = await s.c.store.read.scheduler.get("mail.send", mail.id);
    expect(job!.lastError).toContain("SUPPORT_MAIL_SEND_FAILED");
    await relay.start(port);
    s.clock.advance(30_000);
    const n = relay.received.length;
    expect((await s.c.scheduler.drain()).done).toBe(1);
    expect(relay.received.length).toBe(n + 1);
    expect(relay.received.at(-1)!.parsed.messageId).toBe(mail.messageId);
    expect(await s.c.store.read.mail.outbox(mail.id)).toMatchObject({ status: "sent", attempts: 2 });
  });
});
