/**
 * The built-in SMTP listener (smtp-server): the organisation's mail server
 * forwards the support mailbox here. Plain SMTP without AUTH or TLS — run it
 * on an internal address. Each message goes to MailInService; a message over
 * mailMaxBytes is refused with 552 (the sender gets a bounce) and logged as
 * SUPPORT_MAIL_TOO_LARGE; a database failure answers 451 so the sending
 * server retries later — either way nothing is lost silently.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { DeskLog } from "../desk-context.js";
import type { MailInService } from "./mail-in.service.js";

export interface ListenerOptions {
  host: string;
  port: number;
  maxBytes: number;
  log: DeskLog;
}

type SmtpError = Error & { responseCode?: number };

export class SmtpListener {
  private server: SMTPServer | null = null;

  constructor(
    private readonly mailIn: MailInService,
    private readonly opts: ListenerOptions,
  ) {}

  /** Starts listening; resolves with the bound port (useful with port 0). */
  async start(): Promise<number> {
    const server = new SMTPServer({
      name: "landtrade-support",
      banner: "landtrade support desk",
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      size: this.opts.maxBytes,
      logger: false,
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    server.on("error", (err) => this.opts.log.error({ err }, "smtp listener error"));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject);
      server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    return (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): void {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      if (stream.sizeExceeded) {
        this.opts.log.warn({ code: "SUPPORT_MAIL_TOO_LARGE", from: session.envelope.mailFrom || null, limit: this.opts.maxBytes }, "incoming mail refused: too large");
        const err: SmtpError = new Error(`SUPPORT_MAIL_TOO_LARGE: message exceeds ${this.opts.maxBytes} bytes`);
        err.responseCode = 552;
        return callback(err);
      }
      const from = session.envelope.mailFrom;
      this.mailIn
        .receive({
          raw: Buffer.concat(chunks),
          envelopeFrom: from ? from.address : null,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          remoteAddress: session.remoteAddress ?? null,
        })
        .then(
          (r) => callback(null, `accepted as ${r.id} (${r.status}${r.incidentNo ? ` ${r.incidentNo}` : ""})`),
          (e: unknown) => {
            this.opts.log.error({ err: e }, "incoming mail could not be stored");
            const err: SmtpError = new Error("temporary failure, try again later");
            err.responseCode = 451;
            callback(err);
          },
        );
    });
  }
}
