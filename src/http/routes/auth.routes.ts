import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { areasFor } from "../../auth/areas.js";
import { ROLES } from "../../auth/roles.js";
import { currentSession, SESSION_COOKIE } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";

const staffView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
});

export const sessionView = z.object({
  user: staffView,
  csrfToken: z.string(),
  expiresAt: z.string(),
  areas: z.array(z.object({ id: z.string(), built: z.boolean() })),
});

export const authRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const cookieOpts = (expires: Date) => ({
    path: "/",
    httpOnly: true,
    sameSite: "strict" as const,
    secure: deps.config.secureCookies,
    expires,
  });

  app.post(
    "/api/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Staff password login; sets an httpOnly session cookie and returns the CSRF token",
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
        response: { 200: sessionView },
      },
    },
    async (req, reply) => {
      const r = await deps.login.login(req.body.username, req.body.password, { ip: req.ip, userAgent: req.headers["user-agent"] ?? null });
      reply.setCookie(SESSION_COOKIE, r.token, cookieOpts(r.expiresAt));
      return { user: r.user, csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString(), areas: areasFor(r.user.roles) };
    },
  );

  app.post(
    "/api/auth/logout",
    { config: { access: "authenticated" }, schema: { tags: ["auth"], summary: "End the session", response: { 204: z.null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deps.login.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/auth/me",
    { config: { access: "authenticated" }, schema: { tags: ["auth"], summary: "The current session, its CSRF token and visible areas", response: { 200: sessionView } } },
    async (req) => {
      const s = currentSession(req);
      return { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString(), areas: areasFor(s.user.roles) };
    },
  );

  app.post(
    "/api/auth/password",
    {
      config: { access: "authenticated" },
      schema: {
        tags: ["auth"],
        summary: "Change your own password (ends your other sessions)",
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const s = currentSession(req);
      // Re-authenticate with the current password before changing it.
      await deps.login.checkCredentials(s.user.username, req.body.currentPassword, { ip: req.ip, userAgent: req.headers["user-agent"] ?? null });
      await deps.staff.setPassword(s.user.username, req.body.newPassword, `staff:${s.user.username}`);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );
};

export { staffView };
