/**
 * What every support service shares: storage, the injected clock, the audit
 * log, the scheduler, the notifier and the desk's settings; plus the few
 * helpers every state change uses (lock the incident, add a timeline event,
 * check the state, re-derive the SLA and its jobs).
 */
import type { Clock } from "../app/clock.js";
import type { Role } from "../auth/roles.js";
import type { AuditService } from "../ops/audit.service.js";
import type { Scheduler } from "../ops/scheduler/scheduler.js";
import { AppError } from "../shared/errors.js";
import type { Repos, Store } from "../storage/store.js";
import type { Notifier } from "./notifier.js";
import { syncSla } from "./sla-sync.js";
import type { Incident } from "./support.types.js";
import type { Status } from "./taxonomy.js";

export interface DeskSettings {
  calendar: "24x7" | "business";
  attachmentMaxBytes: number;
  publicRateLimitPerHour: number;
  /** Base URL people reach (links in mails). */
  publicUrl: string;
}

export interface DeskLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DeskContext {
  store: Store;
  clock: Clock;
  audit: AuditService;
  scheduler: Scheduler;
  notifier: Notifier;
  settings: DeskSettings;
  log: DeskLog;
}

/** Who acts: `id` is the audit form (staff:desk, public:web, mail:a@b, system:probe). */
export interface Actor {
  id: string;
  username: string | null;
  roles: readonly Role[];
}

export const systemActor = (name: string): Actor => ({ id: `system:${name}`, username: null, roles: [] });
export const staffActor = (username: string, roles: readonly Role[]): Actor => ({ id: `staff:${username}`, username, roles });

export function requireStatus(inc: Incident, allowed: readonly Status[], action: string): void {
  if (!allowed.includes(inc.status)) {
    throw new AppError("SUPPORT_INVALID_TRANSITION", { detail: `${inc.incidentNo}: cannot ${action} while ${inc.status}`, extra: { status: inc.status } });
  }
}

export function requireText(value: string | undefined | null, what: string): string {
  const v = (value ?? "").trim();
  if (!v) throw new AppError("SUPPORT_REASON_REQUIRED", { detail: what });
  return v;
}

export async function addEvent(
  r: Repos,
  inc: Incident,
  at: Date,
  actor: Actor,
  type: string,
  data: Record<string, unknown> = {},
  isPublic = false,
): Promise<void> {
  await r.incidents.addEvent({ incidentId: inc.id, at, actor: actor.id, type, public: isPublic, data });
}

/**
 * Runs a change on one incident: locks its row, runs `fn`, stamps updatedAt,
 * re-derives the SLA view and the scheduler jobs — all in one transaction.
 */
export async function changeIncident<T>(
  ctx: DeskContext,
  incidentNo: string,
  fn: (r: Repos, inc: Incident, now: Date) => Promise<T>,
): Promise<T> {
  return ctx.store.tx(async (r) => {
    const inc = await r.incidents.lockByNo(incidentNo);
    if (!inc) throw new AppError("SUPPORT_INCIDENT_NOT_FOUND", { detail: incidentNo });
    const now = ctx.clock.now();
    const out = await fn(r, inc, now);
    await r.incidents.update(inc.id, { updatedAt: now });
    await syncSla(ctx, r, inc.id, now);
    return out;
  });
}

/** Same, for callers already inside a transaction with the incident locked. */
export async function afterChange(ctx: DeskContext, r: Repos, incidentId: string, now: Date): Promise<void> {
  await r.incidents.update(incidentId, { updatedAt: now });
  await syncSla(ctx, r, incidentId, now);
}
