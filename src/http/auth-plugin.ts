/**
 * Session cookie → request.session (staff) or bidder cookie → request.bidder,
 * route access enforcement and CSRF.
 * Runs in onRequest, before the body is parsed: an unauthenticated or
 * unauthorised caller learns nothing from validation errors.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { LoginService, ResolvedSession } from "../auth/login.service.js";
import type { BidderContext, ResolvedBidder } from "../ra/login/bidder-login.service.js";
import { AppError } from "../shared/errors.js";
import type { Access } from "./access.js";

export const SESSION_COOKIE = "lt_session";
/** Bidder certificate-login session (httpOnly, SameSite=Strict); its own table, its own CSRF token. */
export const BIDDER_COOKIE = "lt_bidder";
export const CSRF_HEADER = "x-csrf-token";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

declare module "fastify" {
  interface FastifyRequest {
    session: ResolvedSession | null;
    bidder: BidderContext | null;
  }
}

/** Resolves a bidder cookie (the bidder login service). */
export interface BidderResolver {
  resolve(token: string): Promise<ResolvedBidder>;
}

export interface RouteRecord {
  method: string;
  url: string;
  access: Access | undefined;
}

export function registerAuth(app: FastifyInstance, login: LoginService, routes: RouteRecord[], bidders?: BidderResolver): void {
  app.decorateRequest("session", null);
  app.decorateRequest("bidder", null);

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
    if (access === "bidder") {
      const token = req.cookies[BIDDER_COOKIE];
      if (!token || !bidders) throw new AppError("RA_BIDDER_LOGIN_REQUIRED");
      const b = await bidders.resolve(token);
      req.bidder = { applicantId: b.applicantId, displayName: b.displayName, kind: b.kind, certSerial: b.certSerial, suite: b.suite, sessionId: b.sessionId };
      if (UNSAFE.has(req.method) && req.headers[CSRF_HEADER] !== b.csrfToken) throw new AppError("AUTH_CSRF_INVALID");
      return;
    }
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

/** The logged-in bidder; only call on routes with access "bidder". */
export function currentBidder(req: FastifyRequest): BidderContext {
  if (!req.bidder) throw new AppError("RA_BIDDER_LOGIN_REQUIRED");
  return req.bidder;
}

export function actorOf(req: FastifyRequest): string {
  return `staff:${currentSession(req).user.username}`;
}
