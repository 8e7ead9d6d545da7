/** Support desk: archive search, notifications, managers' escalation view, the ladder, reports, mail lists. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ESCALATION_ROLES } from "../../support/sla-policy.js";
import { SEVERITIES } from "../../support/taxonomy.js";
import { AppError } from "../../shared/errors.js";
import { currentSession } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import { SUPPORT_ACCESS as A } from "./support-access.js";
import { actorOf } from "./support-incidents.routes.js";
import { jsonable, looseItems } from "./support-views.js";

const DAY = 86_400_000;

export const supportAdminRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const desk = deps.support;

  app.get(
    "/api/support/archive",
    {
      config: { access: A.read },
      schema: {
        tags: ["support"],
        summary: "Search the customer support archive (客户支持档案): every word must match",
        querystring: z.object({ q: z.string().max(200).default(""), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: looseItems },
      },
    },
    async (req) => ({ items: jsonable(await desk.queries.archive(req.query.q, req.query.limit)) as never }),
  );

  app.get(
    "/api/support/notifications",
    {
      config: { access: "authenticated" },
      schema: {
        tags: ["support"],
        summary: "My in-app notifications, newest first",
        querystring: z.object({ unread: z.stringbool().default(false), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(z.looseObject({})), unread: z.number() }) },
      },
    },
    async (req) => {
      const me = currentSession(req).user.username;
      return { items: jsonable(await desk.queries.notifications(me, req.query.unread, req.query.limit)) as never, unread: await desk.queries.unread(me) };
    },
  );

  app.post(
    "/api/support/notifications/read",
    {
      config: { access: "authenticated" },
      schema: {
        tags: ["support"],
        summary: "Mark my notifications read (some, or all)",
        body: z.object({ ids: z.union([z.array(z.number().int()).max(500), z.literal("all")]) }),
        response: { 200: z.object({ marked: z.number() }) },
      },
    },
    async (req) => ({ marked: await desk.queries.markRead(currentSession(req).user.username, req.body.ids) }),
  );

  app.get(
    "/api/support/escalations",
    {
      config: { access: A.read },
      schema: { tags: ["support"], summary: "Managers' view: escalation steps fired (who was notified for what) and incidents at risk of breaching", querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    },
    async (req) => jsonable(await desk.queries.escalations(req.query.limit)) as never,
  );

  app.get("/api/support/escalation-rules", { config: { access: A.read }, schema: { tags: ["support"], summary: "The escalation ladder (seed §4.4.3 by default)", response: { 200: looseItems } } }, async () => ({
    items: jsonable(await desk.queries.ladder()) as never,
  }));

  app.put(
    "/api/support/escalation-rules/:severity",
    {
      config: { access: A.ladder },
      schema: {
        tags: ["support"],
        summary: "Replace one severity's escalation ladder (audit-logged; open incidents re-planned)",
        params: z.object({ severity: z.enum(SEVERITIES) }),
        body: z.object({ steps: z.array(z.object({ afterMinutes: z.number().int().min(1).max(30 * 24 * 60), role: z.enum(ESCALATION_ROLES) })).max(10), reason: z.string().trim().min(1).max(1000) }),
        response: { 200: looseItems },
      },
    },
    async (req) => ({ items: jsonable(await desk.queries.setLadder(actorOf(req), req.params.severity, req.body.steps, req.body.reason)) as never }),
  );

  app.get(
    "/api/support/reports",
    {
      config: { access: A.read },
      schema: {
        tags: ["support"],
        summary: "SLA compliance per severity and group, MTTA, MTTR, breach list, volume by category (incidents reported in [from, to))",
        querystring: z.object({
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          days: z.coerce.number().int().min(1).max(400).optional().describe("instead of from: the last N days up to `to` (default now)"),
        }),
      },
    },
    async (req) => {
      const to = req.query.to ? new Date(req.query.to) : new Date(deps.clock.now().getTime() + 1);
      const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - (req.query.days ?? 30) * DAY);
      if (from >= to || to.getTime() - from.getTime() > 400 * DAY) throw new AppError("VALIDATION_FAILED", { detail: "from must be before to, at most 400 days apart" });
      return (await desk.queries.report(from, to)) as never;
    },
  );

  const mailQuery = z.object({ status: z.string().max(30).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
  app.get("/api/support/mail/outbox", { config: { access: A.mail }, schema: { tags: ["support"], summary: "Outgoing mail and whether it was sent", querystring: mailQuery, response: { 200: looseItems } } }, async (req) => ({
    items: jsonable(await desk.queries.outbox(req.query.status, req.query.limit)) as never,
  }));
  app.get(
    "/api/support/mail/inbound",
    { config: { access: A.mail }, schema: { tags: ["support"], summary: "Incoming mail: opened an incident, threaded, rejected (with its code) or ignored", querystring: mailQuery, response: { 200: looseItems } } },
    async (req) => ({ items: jsonable(await desk.queries.inbound(req.query.status, req.query.limit)) as never }),
  );
  app.get(
    "/api/support/mail/inbound/:mailId/raw",
    { config: { access: A.mail }, schema: { tags: ["support"], summary: "The raw message as received (message/rfc822)", params: z.object({ mailId: z.uuid() }) } },
    async (req, reply) => {
      const m = await desk.queries.inboundRaw(req.params.mailId);
      return reply.header("content-type", "message/rfc822").header("content-disposition", `attachment; filename="${m.id}.eml"`).send(Buffer.from(m.raw));
    },
  );
};
