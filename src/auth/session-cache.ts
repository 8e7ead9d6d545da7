/**
 * A short-lived in-process cache of resolved staff sessions (session row +
 * user), so a busy API client does not cost two SQL statements per request
 * on the database's connection (PGlite has exactly one).
 *
 * Why a few seconds are safe:
 *  - on THIS node every change that must end or narrow a session — logout,
 *    password reset or change, disabling, a role change — drops the cached
 *    entries at once (StaffService/LoginService call forget*), so nothing
 *    done here is ever served stale;
 *  - a change made by ANOTHER node (or the CLI in its own process) is seen
 *    here at most `ttlMs` later. The default, 5 s, is well inside what the
 *    session design already accepts: expiry slides only once a minute, and
 *    an administrator disabling an account cannot tell 5 s from instant;
 *  - the session's own expiry is still checked against the clock on every
 *    hit, so an idle session expires exactly on time.
 * Bounded: the oldest entries go first beyond `max`.
 */
import type { Session, StaffUser } from "./staff.ports.js";

export interface CachedSession {
  session: Session;
  user: StaffUser;
}

export class SessionCache {
  private readonly entries = new Map<string, CachedSession & { until: number }>();
  /** Bumped by every forget: a lookup that started before a change must not cache what it read. */
  private epochValue = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly ttlMs = 5_000,
    private readonly max = 10_000,
  ) {}

  get(id: string, nowMs: number): CachedSession | undefined {
    const e = this.entries.get(id);
    if (!e || e.until <= nowMs) {
      if (e) this.entries.delete(id);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return e;
  }

  get epoch(): number {
    return this.epochValue;
  }

  /** Caches what a lookup read, unless something was forgotten since it began (`epoch` then). */
  set(id: string, value: CachedSession, nowMs: number, epoch: number): void {
    if (this.ttlMs <= 0 || epoch !== this.epochValue) return;
    this.entries.delete(id);
    this.entries.set(id, { ...value, until: nowMs + this.ttlMs });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The session's row changed (slid expiry) without anything that narrows it. */
  update(id: string, session: Session): void {
    const e = this.entries.get(id);
    if (e) e.session = session;
  }

  forgetSession(id: string): void {
    this.epochValue++;
    this.entries.delete(id);
  }

  /** Every cached session of this user (password, disable, roles). */
  forgetUser(userId: string): void {
    this.epochValue++;
    for (const [id, e] of this.entries) if (e.session.userId === userId) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
