/**
 * Expiry notices over real SMTP (smtp-server + nodemailer, parsed back with
 * mailparser): the daily scheduler job mails the holder and the RA once per
 * certificate that expires within 30 days; revoked certificates and those
 * further out get nothing; running again sends nothing new.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/ops/scheduler/scheduler.js";
import type { MailPort } from "../../src/ra/external.ports.js";
import { armExpiryJob, registerExpiryJob } from "../../src/ra/notify/expiry-job.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { createBidder } from "../helpers/bidder.js";
import { countRows } from "../helpers/rows.js";

const DAY = 86_400_000;

describe("certificate expiry notices (real SMTP)", () => {
  let s: TestSystem;
  let smtp: SMTPServer;
  const received: ParsedMail[] = [];
  let mail: MailPort;
  let scheduler: Scheduler;

  beforeAll(async () => {
    s = await startTestSystem({ raNotifyEmail: "ra-desk@csgtzy.example.cn" });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, cb) {
        simpleParser(stream).then((m) => {
          received.push(m);
          cb();
        }, cb);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: (smtp.server.address() as AddressInfo).port, secure: false, ignoreTLS: true });
    // A test outbox that hands each mail straight to the SMTP server.
    mail = { enqueue: async (_r, m) => void (await transport.sendMail({ from: "ra@landtrade.local", to: m.to, subject: m.subject, text: m.text, messageId: `<${m.dedupeKey.replace(/[^a-z0-9.]/gi, ".")}@landtrade.local>` })) };
    scheduler = new Scheduler(s.c.store, s.clock);
    registerExpiryJob(scheduler, s.c.audit, mail, { raEmail: s.c.config.raNotifyEmail, portalUrl: "http://127.0.0.1/portal" }, { warn: () => undefined });
  }, 120_000);
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await s.close();
  });

  it("mails holder and RA once, within 30 days of notAfter; skips revoked and later certificates", async () => {
    const soon = await createBidder(s, { name: "即将到期" });
    const revoked = await createBidder(s, { name: "已吊销" });
    await s.c.pki.revocation.revoke(revoked.serial, "superseded", "test");
    const cert = (await s.c.pki.ca.certificate(soon.serial))!;
    s.clock.set(new Date(cert.notAfter.getTime() - 20 * DAY));
    const later = await createBidder(s, { name: "新近签发" }); // a fresh certificate: 730 days to go

    await armExpiryJob(s.c.store, scheduler, s.clock.now());
    s.clock.advance(10 * 60_000);
    const t1 = await scheduler.tick();
    expect(t1.rescheduled).toBe(1);
    const toHolder = received.find((m) => (m.to as { text: string }).text !== "ra-desk@csgtzy.example.cn")!;
    const toRa = received.find((m) => (m.to as { text: string }).text === "ra-desk@csgtzy.example.cn")!;
    expect(received).toHaveLength(2);
    expect(toHolder.subject).toContain("数字证书将于 20 天后到期");
    expect(toHolder.text).toContain(soon.serial);
    expect(toHolder.text).toContain("即将到期");
    expect(toRa.text).toContain(soon.serial);
    expect(received.some((m) => m.text?.includes(revoked.serial) || m.text?.includes(later.serial))).toBe(false);
    const audit = await s.c.store.read.audit.list({ action: "ra.cert.expiry-notice", limit: 10 });
    expect(audit.map((e) => e.subject)).toEqual([`cert:${soon.serial}`]);

    // The job re-armed itself a day later; running it again announces nothing twice.
    const before = await countRows(s.dbh.db, ["ra_expiry_notice"]);
    s.clock.advance(DAY + 60_000);
    expect((await scheduler.tick()).rescheduled).toBe(1);
    expect(received).toHaveLength(2);
    expect(await countRows(s.dbh.db, ["ra_expiry_notice"])).toEqual(before);
  });
});
