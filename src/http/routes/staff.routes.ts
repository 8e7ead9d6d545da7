import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import type { StaffUser } from "../../auth/staff.ports.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import { staffView } from "./auth.routes.js";

const fullStaff = staffView.extend({ disabled: z.boolean(), createdAt: z.string(), updatedAt: z.string() });
const show = (u: StaffUser) => ({ ...u, createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString() });
const usernameParam = z.object({ username: z.string().min(1).max(64) });

export const staffRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const access = ["ops"] as const;

  app.get(
    "/api/staff",
    { config: { access }, schema: { tags: ["staff"], summary: "List staff accounts", response: { 200: z.object({ items: z.array(fullStaff) }) } } },
    async () => ({ items: (await deps.staff.list()).map(show) }),
  );

  app.post(
    "/api/staff",
    {
      config: { access },
      schema: {
        tags: ["staff"],
        summary: "Create a staff account",
        body: z.object({
          username: z.string().min(2).max(32),
          displayName: z.string().min(1).max(100),
          email: z.email().max(200).nullish(),
          roles: z.array(z.enum(ROLES)).min(1),
          password: z.string().min(1).max(200),
        }),
        response: { 201: fullStaff },
      },
    },
    async (req, reply) => {
      const u = await deps.staff.create(req.body, actorOf(req));
      return reply.code(201).send(show(u));
    },
  );

  app.patch(
    "/api/staff/:username",
    {
      config: { access },
      schema: {
        tags: ["staff"],
        summary: "Change roles, display name or disable an account",
        params: usernameParam,
        body: z.object({ roles: z.array(z.enum(ROLES)).min(1).optional(), disabled: z.boolean().optional(), displayName: z.string().min(1).max(100).optional() }),
        response: { 200: fullStaff },
      },
    },
    async (req) => show(await deps.staff.update(req.params.username, req.body, actorOf(req))),
  );

  app.post(
    "/api/staff/:username/password",
    {
      config: { access },
      schema: {
        tags: ["staff"],
        summary: "Reset a staff member's password (ends their sessions)",
        params: usernameParam,
        body: z.object({ password: z.string().min(1).max(200) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deps.staff.setPassword(req.params.username, req.body.password, actorOf(req));
      return reply.code(204).send(null);
    },
  );
};
