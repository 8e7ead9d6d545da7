/**
 * The support and emergency desk, assembled: built once in app/container.ts
 * and handed to HTTP, the CLI and other areas.
 *
 * For other areas:
 * - health probes: `desk.systemIncidents.openSystemIncident({ component, fault, severity, detail })`
 *   and `desk.systemIncidents.resolveSystemIncident(component)`;
 * - live component state on the status page: `desk.statusComponents.setLiveSource(fn)`.
 */
import type { Clock } from "../app/clock.js";
import type { Config } from "../app/config.js";
import type { AuditService } from "../ops/audit.service.js";
import type { Scheduler } from "../ops/scheduler/scheduler.js";
import type { Store } from "../storage/store.js";
import { CollaborationService } from "./collaboration.service.js";
import type { Actor, DeskContext, DeskLog } from "./desk-context.js";
import { registerSupportJobs } from "./escalation.jobs.js";
import { createIncident, type NewIncident } from "./intake.service.js";
import { MailInService } from "./mail/mail-in.service.js";
import { MailSender } from "./mail/mail-sender.js";
import { SmtpListener } from "./mail/smtp-listener.js";
import { MajorIncidentService } from "./major.service.js";
import { domainOf, Notifier } from "./notifier.js";
import { PublicDesk } from "./public.service.js";
import { SupportQueries } from "./queries.service.js";
import { StatusComponents, StatusService } from "./status.service.js";
import type { Incident } from "./support.types.js";
import { SystemIncidentService } from "./system-incidents.service.js";
import { WorkflowService } from "./workflow.service.js";

export interface SupportDeskDeps {
  store: Store;
  clock: Clock;
  audit: AuditService;
  scheduler: Scheduler;
  config: Config;
  log: DeskLog;
}

export class SupportDesk {
  readonly deps: SupportDeskDeps;
  readonly ctx: DeskContext;
  readonly workflow: WorkflowService;
  readonly collaboration: CollaborationService;
  readonly major: MajorIncidentService;
  readonly systemIncidents: SystemIncidentService;
  readonly queries: SupportQueries;
  readonly publicDesk: PublicDesk;
  readonly statusComponents = new StatusComponents();
  readonly status: StatusService;
  readonly mailIn: MailInService;
  private readonly sender: MailSender | null;
  private listener: SmtpListener | null = null;

  /** `registerJobs: false` builds a second desk on the same scheduler (demo seeding with its own clock). */
  constructor(
    deps: SupportDeskDeps,
    opts: { registerJobs?: boolean } = {},
  ) {
    this.deps = deps;
    const { config } = deps;
    const notifier = new Notifier(deps.scheduler, deps.clock, { relayConfigured: Boolean(config.smtpRelayUrl), messageIdDomain: domainOf(config.mailFrom) });
    this.ctx = {
      store: deps.store,
      clock: deps.clock,
      audit: deps.audit,
      scheduler: deps.scheduler,
      notifier,
      log: deps.log,
      settings: {
        calendar: config.supportCalendar,
        attachmentMaxBytes: config.supportAttachmentMaxBytes,
        publicRateLimitPerHour: config.publicIncidentRateLimit,
        publicUrl: (config.publicUrl ?? `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.port}`).replace(/\/$/, ""),
      },
    };
    this.workflow = new WorkflowService(this.ctx);
    this.collaboration = new CollaborationService(this.ctx);
    this.major = new MajorIncidentService(this.ctx);
    this.systemIncidents = new SystemIncidentService(this.ctx);
    this.queries = new SupportQueries(this.ctx);
    this.publicDesk = new PublicDesk(this.ctx);
    this.status = new StatusService(this.ctx, this.statusComponents);
    this.mailIn = new MailInService(this.ctx, this.workflow);
    const jobs = opts.registerJobs !== false;
    if (jobs) registerSupportJobs(this.ctx);
    this.sender = jobs && config.smtpRelayUrl ? new MailSender(deps.store, deps.clock, { relayUrl: config.smtpRelayUrl, from: config.mailFrom }) : null;
    this.sender?.register(deps.scheduler);
  }

  /** A staff member records an incident (phone log, on-site, remote diagnosis, web on a caller's behalf). */
  create(input: NewIncident, actor: Actor): Promise<Incident> {
    return this.ctx.store.tx((r) => createIncident(this.ctx, r, input, actor, this.ctx.clock.now()));
  }

  /** Starts the built-in SMTP listener; resolves with its port. */
  async startSmtpListener(opts: { host?: string; port?: number } = {}): Promise<number> {
    if (this.listener) await this.listener.stop();
    this.listener = new SmtpListener(this.mailIn, {
      host: opts.host ?? this.deps.config.smtpListenHost,
      port: opts.port ?? this.deps.config.smtpListenPort ?? 0,
      maxBytes: this.deps.config.mailMaxBytes,
      log: this.deps.log,
    });
    return this.listener.start();
  }

  async close(): Promise<void> {
    await this.listener?.stop();
    this.listener = null;
    this.sender?.close();
  }
}
