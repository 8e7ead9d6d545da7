/**
 * Staff accounts: creation, roles, passwords. Every change is audited in the
 * same transaction.
 */
import type { SessionCache } from "./session-cache.js";
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Store } from "../storage/store.js";
import { assertPasswordStrength, hashPassword } from "./password.js";
import { isRole, type Role } from "./roles.js";
import type { StaffUser } from "./staff.ports.js";

export interface NewStaffUser {
  username: string;
  displayName: string;
  email?: string | null;
  roles: string[];
  password: string;
}

export const USERNAME_RE = /^[a-z][a-z0-9._-]{1,31}$/;

function checkRoles(roles: string[]): Role[] {
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length) throw new AppError("ROLE_UNKNOWN", { detail: bad.join(", ") });
  if (roles.length === 0) throw new AppError("VALIDATION_FAILED", { detail: "at least one role is required" });
  return [...new Set(roles)] as Role[];
}

export class StaffService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** The login service's session cache: a user's entries are dropped when the user changes. */
    private readonly sessions?: SessionCache,
  ) {}

  async create(input: NewStaffUser, actor: string): Promise<StaffUser> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_RE.test(username)) {
      throw new AppError("VALIDATION_FAILED", { detail: "username: 2–32 characters, lower-case letters, digits, . _ - ; starts with a letter" });
    }
    const roles = checkRoles(input.roles);
    assertPasswordStrength(input.password);
    const passwordHash = await hashPassword(input.password);
    const now = this.clock.now();
    const user = {
      id: newId(),
      username,
      displayName: input.displayName.trim() || username,
      email: input.email ?? null,
      roles,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    return this.store.tx(async (r) => {
      if (await r.staff.byUsername(username)) throw new AppError("USER_EXISTS", { detail: username });
      await r.staff.insert({ ...user, passwordHash });
      await this.audit.record(r.audit, { actor, action: "staff.user.create", subject: `staff:${username}`, payload: { roles, displayName: user.displayName } });
      return user;
    });
  }

  list(): Promise<StaffUser[]> {
    return this.store.read.staff.list();
  }

  async get(username: string): Promise<StaffUser> {
    const u = await this.store.read.staff.byUsername(username.toLowerCase());
    if (!u) throw new AppError("USER_NOT_FOUND", { detail: username });
    const { passwordHash: _omit, ...rest } = u;
    return rest;
  }

  /** Sets a new password and ends the user's sessions. */
  async setPassword(username: string, password: string, actor: string): Promise<void> {
    assertPasswordStrength(password);
    const hash = await hashPassword(password);
    const userId = await this.store.tx(async (r) => {
      const u = await r.staff.byUsername(username.toLowerCase());
      if (!u) throw new AppError("USER_NOT_FOUND", { detail: username });
      await r.staff.setPassword(u.id, hash, this.clock.now());
      const ended = await r.sessions.deleteForUser(u.id);
      await this.audit.record(r.audit, { actor, action: "staff.user.password", subject: `staff:${u.username}`, payload: { sessionsEnded: ended } });
      return u.id;
    });
    this.sessions?.forgetUser(userId);
  }

  async update(username: string, patch: { roles?: string[]; disabled?: boolean; displayName?: string }, actor: string): Promise<StaffUser> {
    const roles = patch.roles ? checkRoles(patch.roles) : undefined;
    const updated = await this.store.tx(async (r) => {
      const u = await r.staff.byUsername(username.toLowerCase());
      if (!u) throw new AppError("USER_NOT_FOUND", { detail: username });
      await r.staff.update(u.id, { roles, disabled: patch.disabled, displayName: patch.displayName }, this.clock.now());
      if (patch.disabled) await r.sessions.deleteForUser(u.id);
      await this.audit.record(r.audit, {
        actor,
        action: "staff.user.update",
        subject: `staff:${u.username}`,
        payload: { before: { roles: u.roles, disabled: u.disabled }, after: { roles: roles ?? u.roles, disabled: patch.disabled ?? u.disabled } },
      });
      return (await r.staff.byId(u.id))!;
    });
    // Roles, disabling and names are read from the cached session: drop it (see session-cache.ts).
    this.sessions?.forgetUser(updated.id);
    return updated;
  }
}
