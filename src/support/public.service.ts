/**
 * The public side of the desk, no login: a bidder (or the self-diagnosis
 * page) reports a problem and gets an incident number and a tracking token;
 * with both it can follow the incident. Reports are limited per client
 * address per hour, counted in the database so every node shares the count.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "../shared/errors.js";
import { newId, newToken } from "../shared/ids.js";
import { addEvent, type DeskContext } from "./desk-context.js";
import { createIncident, digestToken } from "./intake.service.js";
import type { Incident } from "./support.types.js";
import { STATUS_LABELS, type Category, type Severity, type Status } from "./taxonomy.js";

export const DIAGNOSIS_MAX_BYTES = 32 * 1024;
const HOUR = 3_600_000;

export interface PublicReport {
  reporter: { name: string; phone?: string | null; email?: string | null; certificateSerial?: string | null };
  category: string;
  subFault?: string | null;
  description: string;
  diagnosis?: Record<string, unknown> | null;
}

export interface PublicTracking {
  incidentNo: string;
  title: string;
  status: Status;
  statusZh: string;
  statusEn: string;
  severity: Severity;
  category: Category | null;
  subFault: string | null;
  createdAt: Date;
  updatedAt: Date;
  firstContactAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updates: { at: Date; type: string; message: string | null }[];
}

/** Events the reporter sees, with the text meant for them. */
const PUBLIC_MESSAGE_FIELDS: Record<string, string> = { reply: "message", solution: "solution", resolved: "resolution", major_update: "message" };

export class PublicDesk {
  constructor(private readonly ctx: DeskContext) {}

  async report(input: PublicReport, client: { ip: string }): Promise<{ incidentNo: string; trackingToken: string }> {
    const diagnosisJson = input.diagnosis ? JSON.stringify(input.diagnosis) : null;
    if (diagnosisJson && Buffer.byteLength(diagnosisJson) > DIAGNOSIS_MAX_BYTES) {
      throw new AppError("SUPPORT_DIAGNOSIS_TOO_LARGE", { detail: `${Buffer.byteLength(diagnosisJson)} bytes` });
    }
    await this.countHit(client.ip);

    const trackingToken = newToken(24);
    const now = this.ctx.clock.now();
    const incidentNo = await this.ctx.store.tx(async (r) => {
      const actor = { id: `public:${client.ip}`, username: null, roles: [] };
      const inc = await createIncident(
        this.ctx,
        r,
        {
          channel: "web",
          reporter: {
            kind: "bidder",
            name: input.reporter.name.trim(),
            phone: input.reporter.phone?.trim() || null,
            email: input.reporter.email?.trim() || null,
            org: null,
            certificateSerial: input.reporter.certificateSerial?.trim() || null,
            tokenSerial: null,
          },
          description: input.description,
          category: input.category,
          subFault: input.subFault ?? null,
          trackingToken,
        },
        actor,
        now,
      );
      if (diagnosisJson) {
        const content = Buffer.from(diagnosisJson, "utf8");
        const sha256 = createHash("sha256").update(content).digest("hex");
        await r.supportWork.insertAttachment({
          id: newId(),
          incidentId: inc.id,
          filename: "self-diagnosis.json",
          contentType: "application/json",
          sizeBytes: content.length,
          sha256,
          source: "diagnosis",
          createdBy: actor.id,
          createdAt: now,
          content,
        });
        await addEvent(r, inc, now, actor, "diagnosis_attached", { sha256, sizeBytes: content.length });
      }
      return inc.incidentNo;
    });
    return { incidentNo, trackingToken };
  }

  /** Status for the reporter; a wrong token looks exactly like a missing incident. */
  async track(incidentNo: string, token: string): Promise<PublicTracking> {
    const inc = await this.ctx.store.read.incidents.byNo(incidentNo);
    if (!inc || !inc.trackingTokenDigest || !sameDigest(inc.trackingTokenDigest, digestToken(token))) {
      throw new AppError("SUPPORT_INCIDENT_NOT_FOUND", { detail: incidentNo });
    }
    const events = await this.ctx.store.read.incidents.events(inc.id);
    return {
      ...publicFields(inc),
      updates: events
        .filter((e) => e.public)
        .map((e) => {
          const field = PUBLIC_MESSAGE_FIELDS[e.type];
          const msg = field ? e.data[field] : null;
          return { at: e.at, type: e.type, message: typeof msg === "string" ? msg : null };
        }),
    };
  }

  /** Fixed one-hour window per address; over the limit → SUPPORT_RATE_LIMITED with retryAfter. */
  private async countHit(ip: string): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    const windowStart = new Date(Math.floor(now / HOUR) * HOUR);
    const n = await this.ctx.store.tx((r) => r.incidents.hitRateLimit(`public-incident:${ip}`, windowStart));
    if (n > this.ctx.settings.publicRateLimitPerHour) {
      const retryAfter = Math.ceil((windowStart.getTime() + HOUR - now) / 1000);
      throw new AppError("SUPPORT_RATE_LIMITED", { detail: `${this.ctx.settings.publicRateLimitPerHour} per hour`, extra: { retryAfter } });
    }
  }
}

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

function publicFields(inc: Incident) {
  return {
    incidentNo: inc.incidentNo,
    title: inc.title,
    status: inc.status,
    statusZh: STATUS_LABELS[inc.status].zh,
    statusEn: STATUS_LABELS[inc.status].en,
    severity: inc.severity,
    category: inc.category,
    subFault: inc.subFault,
    createdAt: inc.createdAt,
    updatedAt: inc.updatedAt,
    firstContactAt: inc.firstContactAt,
    resolvedAt: inc.resolvedAt,
    closedAt: inc.closedAt,
  };
}
