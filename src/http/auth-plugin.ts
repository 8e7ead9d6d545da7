/**
 * Session cookie → request.staff, route access enforcement and CSRF.
 * Runs in onRequest, before the body is parsed: an unauthenticated or
 * unauthorised caller learns nothing from validation errors.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { LoginService, ResolvedSession } from "../auth/login.service.js";
import { AppError } from "../shared/errors.js";
import type { Access } from "./access.js";

export const SESSION_COOKIE = "lt_session";
export const CSRF_HEADER = "x-csrf-token";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

declare module "fastify" {
  interface FastifyRequest {
    session: ResolvedSession | null;
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  access: Access | undefined;
}

export function registerAuth(app: FastifyInstance, login: LoginService, routes: RouteRecord[]): void {
  app.decorateRequest("session", null);

  app.addHook("onRoute", (r) => {
    const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== "HEAD");
    const access = r.config?.access;
    const isOwnedByPlugin = r.url.startsWith("/api/docs");
    if (r.url.startsWith("/api") && !isOwnedByPlugin && access === undefined) {
      throw new Error(`route ${methods.join(",")} ${r.url} declares no config.access`);
    }
    for (const m of methods) routes.push({ method: m, url: r.url, access: isOwnedByPlugin ? "public" : access });
  });

  app.addHook("onRequest", async (req: FastifyRequest) => {
    const access = req.routeOptions.config?.access;
    if (access === undefined || access === "public") return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) throw new AppError("AUTH_REQUIRED");
    const session = await login.resolve(token);
    req.session = session;
    if (access !== "authenticated" && !session.user.roles.some((r) => access.includes(r))) {
      throw new AppError("AUTH_FORBIDDEN", { detail: `${req.method} ${req.routeOptions.url} needs one of: ${access.join(", ")}` });
    }
    if (UNSAFE.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new AppError("AUTH_CSRF_INVALID");
    }
  });
}

/** The logged-in staff member; only call on routes whose access is not public. */
export function currentSession(req: FastifyRequest): ResolvedSession {
  if (!req.session) throw new AppError("AUTH_REQUIRED");
  return req.session;
}

export function actorOf(req: FastifyRequest): string {
  return `staff:${currentSession(req).user.username}`;
}
