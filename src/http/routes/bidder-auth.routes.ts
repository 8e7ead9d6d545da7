/**
 * Bidder certificate login: challenge → token signature → session cookie
 * `lt_bidder` (httpOnly, SameSite=Strict) plus a CSRF token for unsafe
 * methods. The challenge is bound to this browser's attempt by its own
 * short-lived cookie, so a challenge fetched elsewhere cannot be used here.
 */
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ResolvedBidder } from "../../ra/login/bidder-login.service.js";
import { CHALLENGE_TTL_MS } from "../../ra/login/bidder-login.service.js";
import { BIDDER_COOKIE, currentBidder } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";

export const ATTEMPT_COOKIE = "lt_bidder_attempt";
const AUTH_PATH = "/api/bidder-auth";

const bidderView = z.object({
  bidder: z.object({
    applicantId: z.string(),
    displayName: z.string(),
    kind: z.enum(["individual", "enterprise"]),
    certSerial: z.string(),
    suite: z.enum(["ecdsa-p256", "rsa-2048", "sm2"]),
    sessionId: z.string(),
  }),
  csrfToken: z.string(),
  expiresAt: z.string(),
});

const show = (b: ResolvedBidder) => ({
  bidder: { applicantId: b.applicantId, displayName: b.displayName, kind: b.kind, certSerial: b.certSerial, suite: b.suite, sessionId: b.sessionId },
  csrfToken: b.csrfToken,
  expiresAt: b.expiresAt.toISOString(),
});

export const bidderAuthRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const cookie = (reply: FastifyReply, name: string, value: string, opts: { path: string; expires: Date }) =>
    reply.setCookie(name, value, { ...opts, httpOnly: true, sameSite: "strict", secure: deps.config.secureCookies });

  app.post(
    `${AUTH_PATH}/challenge`,
    {
      config: { access: "public" },
      schema: {
        tags: ["bidder-auth"],
        summary: "Start a certificate login: a one-time challenge for the token to sign (valid 5 minutes, this browser only)",
        response: { 200: z.object({ challengeId: z.string(), nonce: z.string(), toSign: z.string().describe("sign these UTF-8 bytes"), expiresAt: z.string() }) },
      },
    },
    async (_req, reply) => {
      const c = await deps.bidderLogin.challenge();
      cookie(reply, ATTEMPT_COOKIE, c.attemptToken, { path: AUTH_PATH, expires: new Date(c.expiresAt.getTime() + CHALLENGE_TTL_MS) });
      return { challengeId: c.challengeId, nonce: c.nonce, toSign: c.toSign, expiresAt: c.expiresAt.toISOString() };
    },
  );

  app.post(
    `${AUTH_PATH}/login`,
    {
      config: { access: "public" },
      schema: {
        tags: ["bidder-auth"],
        summary: "Finish a certificate login with the signed challenge; sets the lt_bidder cookie",
        body: z.object({
          challengeId: z.string().min(1).max(100),
          certificate: z.string().min(1).max(100_000).describe("signing certificate: DER base64 or PEM"),
          chain: z.array(z.string().min(1).max(100_000)).max(5).optional(),
          signature: z.string().min(1).max(2000).describe("base64: DER, or raw r‖s for EC keys"),
        }),
        response: { 200: bidderView },
      },
    },
    async (req, reply) => {
      const r = await deps.bidderLogin.login(req.body, req.cookies[ATTEMPT_COOKIE], { ip: req.ip, userAgent: req.headers["user-agent"] ?? null });
      reply.clearCookie(ATTEMPT_COOKIE, { path: AUTH_PATH });
      cookie(reply, BIDDER_COOKIE, r.token, { path: "/", expires: r.bidder.expiresAt });
      return show(r.bidder);
    },
  );

  app.get(
    `${AUTH_PATH}/me`,
    { config: { access: "bidder" }, schema: { tags: ["bidder-auth"], summary: "The logged-in bidder and the CSRF token", response: { 200: bidderView } } },
    async (req) => {
      currentBidder(req);
      return show(await deps.bidderLogin.resolve(req.cookies[BIDDER_COOKIE]!));
    },
  );

  app.post(
    `${AUTH_PATH}/logout`,
    { config: { access: "bidder" }, schema: { tags: ["bidder-auth"], summary: "End the bidder session", response: { 204: z.null() } } },
    async (req, reply) => {
      await deps.bidderLogin.logout(req.cookies[BIDDER_COOKIE]!);
      reply.clearCookie(BIDDER_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );
};
