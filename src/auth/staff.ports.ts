import type { Role } from "./roles.js";

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface StaffUserWithSecret extends StaffUser {
  passwordHash: string;
}

export interface StaffRepo {
  insert(u: StaffUserWithSecret): Promise<void>;
  byUsername(username: string): Promise<StaffUserWithSecret | undefined>;
  byId(id: string): Promise<StaffUser | undefined>;
  list(): Promise<StaffUser[]>;
  setPassword(id: string, passwordHash: string, at: Date): Promise<void>;
  update(id: string, patch: { roles?: Role[]; disabled?: boolean; displayName?: string; email?: string | null }, at: Date): Promise<void>;
}

export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface SessionRepo {
  insert(s: Session & { ip: string | null; userAgent: string | null }): Promise<void>;
  byId(id: string): Promise<Session | undefined>;
  touch(id: string, at: Date, expiresAt: Date): Promise<void>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: string): Promise<number>;
  deleteExpired(at: Date): Promise<number>;
}

export interface ThrottleState {
  failures: number;
  firstFailureAt: Date;
  lockedUntil: Date | null;
}

export interface ThrottleRepo {
  get(key: string): Promise<ThrottleState | undefined>;
  put(key: string, s: ThrottleState): Promise<void>;
  clear(key: string): Promise<void>;
}
