import type { Kysely, Selectable } from "kysely";
import type { Role } from "../../auth/roles.js";
import type { SessionRepo, StaffRepo, StaffUserWithSecret, ThrottleRepo } from "../../auth/staff.ports.js";
import type { Database, StaffUserTable } from "../schema.js";

function toUser(r: Selectable<StaffUserTable>): StaffUserWithSecret {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    roles: r.roles as Role[],
    disabled: r.disabled,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    passwordHash: r.password_hash,
  };
}

function withoutSecret(u: StaffUserWithSecret) {
  const { passwordHash: _omit, ...rest } = u;
  return rest;
}

export function staffRepo(db: Kysely<Database>): StaffRepo {
  return {
    async insert(u) {
      await db
        .insertInto("staff_user")
        .values({
          id: u.id,
          username: u.username,
          display_name: u.displayName,
          email: u.email,
          password_hash: u.passwordHash,
          roles: u.roles,
          disabled: u.disabled,
          created_at: u.createdAt,
          updated_at: u.updatedAt,
        })
        .execute();
    },
    async byUsername(username) {
      const r = await db.selectFrom("staff_user").selectAll().where("username", "=", username).executeTakeFirst();
      return r ? toUser(r) : undefined;
    },
    async byId(id) {
      const r = await db.selectFrom("staff_user").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? withoutSecret(toUser(r)) : undefined;
    },
    async list() {
      const rows = await db.selectFrom("staff_user").selectAll().orderBy("username").execute();
      return rows.map((r) => withoutSecret(toUser(r)));
    },
    async setPassword(id, passwordHash, at) {
      await db.updateTable("staff_user").set({ password_hash: passwordHash, updated_at: at }).where("id", "=", id).execute();
    },
    async update(id, patch, at) {
      await db
        .updateTable("staff_user")
        .set({
          ...(patch.roles ? { roles: patch.roles } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          ...(patch.displayName ? { display_name: patch.displayName } : {}),
          ...(patch.email !== undefined ? { email: patch.email } : {}),
          updated_at: at,
        })
        .where("id", "=", id)
        .execute();
    },
  };
}

export function sessionRepo(db: Kysely<Database>): SessionRepo {
  return {
    async insert(s) {
      await db
        .insertInto("session")
        .values({
          id: s.id,
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          last_seen_at: s.lastSeenAt,
          ip: s.ip,
          user_agent: s.userAgent,
        })
        .execute();
    },
    async byId(id) {
      const r = await db.selectFrom("session").selectAll().where("id", "=", id).executeTakeFirst();
      if (!r) return undefined;
      return {
        id: r.id,
        userId: r.user_id,
        csrfToken: r.csrf_token,
        createdAt: new Date(r.created_at),
        expiresAt: new Date(r.expires_at),
        lastSeenAt: new Date(r.last_seen_at),
      };
    },
    async touch(id, at, expiresAt) {
      await db.updateTable("session").set({ last_seen_at: at, expires_at: expiresAt }).where("id", "=", id).execute();
    },
    async delete(id) {
      await db.deleteFrom("session").where("id", "=", id).execute();
    },
    async deleteForUser(userId) {
      const r = await db.deleteFrom("session").where("user_id", "=", userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteExpired(at) {
      const r = await db.deleteFrom("session").where("expires_at", "<=", at).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function throttleRepo(db: Kysely<Database>): ThrottleRepo {
  return {
    async get(key) {
      const r = await db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst();
      if (!r) return undefined;
      return {
        failures: r.failures,
        firstFailureAt: new Date(r.first_failure_at),
        lockedUntil: r.locked_until ? new Date(r.locked_until) : null,
      };
    },
    async put(key, s) {
      await db
        .insertInto("login_throttle")
        .values({ key, failures: s.failures, first_failure_at: s.firstFailureAt, locked_until: s.lockedUntil })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({ failures: s.failures, first_failure_at: s.firstFailureAt, locked_until: s.lockedUntil }),
        )
        .execute();
    },
    async clear(key) {
      await db.deleteFrom("login_throttle").where("key", "=", key).execute();
    },
  };
}
