/**
 * Staff password login, sessions and throttling. The cookie carries a random
 * token; only its SHA-256 is stored. Each session has its own CSRF token.
 * Failed logins per user name are counted in the database (so throttling
 * holds across nodes) and lock the name for a while after too many.
 */
import type { Clock } from "../app/clock.js";
import { MINUTE } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import { AppError } from "../shared/errors.js";
import { newToken, tokenDigest } from "../shared/ids.js";
import type { Store } from "../storage/store.js";
import { dummyPasswordHash, verifyPassword } from "./password.js";
import { SessionCache } from "./session-cache.js";
import type { Session, StaffUser, StaffUserWithSecret } from "./staff.ports.js";

export interface LoginPolicy {
  sessionTtlMinutes: number;
  maxFailures: number;
  lockMinutes: number;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: StaffUser;
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: StaffUser;
}

export class LoginService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly policy: LoginPolicy,
    /** Shared with StaffService, which drops a user's entries when it changes them. */
    readonly cache: SessionCache = new SessionCache(),
  ) {}

  async login(usernameRaw: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const found = await this.checkCredentials(usernameRaw, password, client);
    const username = found.username;
    const key = `user:${username}`;
    const now = this.clock.now();
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(now.getTime() + this.policy.sessionTtlMinutes * MINUTE);
    const { passwordHash: _omit, ...user } = found;
    await this.store.tx(async (r) => {
      await r.throttle.clear(key);
      await r.sessions.insert({ id: tokenDigest(token), userId: found.id, csrfToken, createdAt: now, expiresAt, lastSeenAt: now, ...client });
      await this.audit.record(r.audit, {
        actor: `staff:${username}`,
        action: "auth.login",
        subject: `staff:${username}`,
        payload: { ip: client.ip, userAgent: client.userAgent, session: tokenDigest(token).slice(0, 16) },
      });
    });
    return { token, csrfToken, expiresAt, user };
  }

  /**
   * Checks a user name and password under the throttle; used by login and to
   * re-authenticate before sensitive changes. Failures are counted and audited.
   */
  async checkCredentials(usernameRaw: string, password: string, client: ClientInfo): Promise<StaffUserWithSecret> {
    const username = usernameRaw.trim().toLowerCase();
    const key = `user:${username}`;
    const now = this.clock.now();
    const state = await this.store.read.throttle.get(key);
    if (state?.lockedUntil && state.lockedUntil > now) {
      const retryAfter = Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000);
      await this.store.tx((r) =>
        this.audit.record(r.audit, { actor: `anon:${client.ip ?? "?"}`, action: "auth.login.throttled", subject: `staff:${username}`, payload: { ip: client.ip } }),
      );
      throw new AppError("AUTH_THROTTLED", { detail: `retry in ${retryAfter} s`, extra: { retryAfter } });
    }

    const found = await this.store.read.staff.byUsername(username);
    const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
    if (!found || !ok) {
      await this.recordFailure(key, username, client, state);
      throw new AppError("AUTH_BAD_CREDENTIALS");
    }
    if (found.disabled) {
      await this.store.tx((r) =>
        this.audit.record(r.audit, { actor: `staff:${username}`, action: "auth.login.disabled", subject: `staff:${username}`, payload: { ip: client.ip } }),
      );
      throw new AppError("AUTH_ACCOUNT_DISABLED");
    }
    return found;
  }

  private async recordFailure(key: string, username: string, client: ClientInfo, prev: Awaited<ReturnType<Store["read"]["throttle"]["get"]>>) {
    const now = this.clock.now();
    const windowMs = this.policy.lockMinutes * MINUTE;
    const fresh = !prev || now.getTime() - prev.firstFailureAt.getTime() > windowMs || (prev.lockedUntil !== null && prev.lockedUntil <= now);
    const failures = fresh ? 1 : prev.failures + 1;
    const lockedUntil = failures >= this.policy.maxFailures ? new Date(now.getTime() + windowMs) : null;
    await this.store.tx(async (r) => {
      await r.throttle.put(key, { failures, firstFailureAt: fresh ? now : prev.firstFailureAt, lockedUntil });
      await this.audit.record(r.audit, {
        actor: `anon:${client.ip ?? "?"}`,
        action: lockedUntil ? "auth.login.locked" : "auth.login.failed",
        subject: `staff:${username}`,
        payload: { ip: client.ip, failures },
      });
    });
  }

  /**
   * Resolves a cookie token; slides the expiry at most once a minute to spare
   * writes. Served from the short-lived session cache when it can be (see
   * session-cache.ts for why that is safe).
   */
  async resolve(token: string): Promise<ResolvedSession> {
    const id = tokenDigest(token);
    const now = this.clock.now();
    const cached = this.cache.get(id, now.getTime());
    let s: Session;
    let user: StaffUser;
    if (cached) {
      ({ session: s, user } = cached);
      if (s.expiresAt <= now) {
        this.cache.forgetSession(id);
        await this.store.read.sessions.delete(id);
        throw new AppError("AUTH_SESSION_EXPIRED");
      }
    } else {
      const epoch = this.cache.epoch;
      const row = await this.store.read.sessions.byId(id);
      if (!row) throw new AppError("AUTH_REQUIRED");
      if (row.expiresAt <= now) {
        await this.store.read.sessions.delete(id);
        throw new AppError("AUTH_SESSION_EXPIRED");
      }
      const u = await this.store.read.staff.byId(row.userId);
      if (!u) throw new AppError("AUTH_REQUIRED");
      if (u.disabled) throw new AppError("AUTH_ACCOUNT_DISABLED");
      s = row;
      user = u;
      this.cache.set(id, { session: s, user }, now.getTime(), epoch);
    }
    let expiresAt = s.expiresAt;
    if (now.getTime() - s.lastSeenAt.getTime() > MINUTE) {
      expiresAt = new Date(now.getTime() + this.policy.sessionTtlMinutes * MINUTE);
      this.cache.update(id, { ...s, lastSeenAt: now, expiresAt });
      await this.store.read.sessions.touch(id, now, expiresAt);
    }
    return { sessionId: id, csrfToken: s.csrfToken, expiresAt, user };
  }

  async logout(token: string): Promise<void> {
    const id = tokenDigest(token);
    const s = await this.store.read.sessions.byId(id);
    if (!s) return;
    const user = await this.store.read.staff.byId(s.userId);
    this.cache.forgetSession(id);
    await this.store.tx(async (r) => {
      await r.sessions.delete(id);
      await this.audit.record(r.audit, { actor: `staff:${user?.username ?? s.userId}`, action: "auth.logout", subject: `staff:${user?.username ?? s.userId}`, payload: {} });
    });
    this.cache.forgetSession(id);
  }
}
