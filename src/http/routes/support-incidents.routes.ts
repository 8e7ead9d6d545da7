/** Support desk: queues, recording incidents, one incident, attachments, the taxonomy. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DEFAULT_LADDER, TARGETS } from "../../support/sla-policy.js";
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  CHANNELS,
  IMPACT_LABELS,
  IMPACTS,
  QUEUES,
  SEVERITIES,
  SEVERITY_DEFINITIONS,
  STATUS_COMPONENTS,
  STATUS_LABELS,
  STATUSES,
  SUB_FAULTS,
  suggestSeverity,
  URGENCIES,
  URGENCY_LABELS,
} from "../../support/taxonomy.js";
import { staffActor } from "../../support/desk-context.js";
import { currentSession } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import type { FastifyRequest } from "fastify";
import { SUPPORT_ACCESS as A } from "./support-access.js";
import { detailView, incidentView, jsonable } from "./support-views.js";

export const incidentNoParam = z.object({ incidentNo: z.string().regex(/^INC-\d{8}-\d{4,}$/, "an incident number like INC-20260302-0001") });
export const actorOf = (req: FastifyRequest) => {
  const s = currentSession(req);
  return staffActor(s.user.username, s.user.roles);
};
const text = (max: number) => z.string().trim().min(1).max(max);
const opt = (max: number) => z.string().trim().max(max).nullish();

export const reporterBody = z.object({
  kind: z.enum(["bidder", "staff"]).default("bidder"),
  name: text(100),
  phone: opt(40),
  email: z.email().max(200).nullish(),
  org: opt(200),
  certificateSerial: opt(100),
  tokenSerial: opt(100),
});

export const supportIncidentRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const desk = deps.support;

  app.get(
    "/api/support/meta",
    {
      config: { access: A.read },
      schema: { tags: ["support"], summary: "Fault taxonomy, severities with the seed's definitions, impact × urgency matrix, channels, statuses, components, deadlines" },
    },
    async () => ({
      categories: CATEGORIES.map((id) => ({ id, ...CATEGORY_LABELS[id] })),
      subFaults: SUB_FAULTS,
      severities: SEVERITIES.map((id) => ({ id, ...SEVERITY_DEFINITIONS[id] })),
      impacts: IMPACTS.map((id) => ({ id, ...IMPACT_LABELS[id] })),
      urgencies: URGENCIES.map((id) => ({ id, ...URGENCY_LABELS[id] })),
      matrix: IMPACTS.map((impact) => ({ impact, cells: URGENCIES.map((urgency) => ({ urgency, severity: suggestSeverity(impact, urgency) })) })),
      channels: CHANNELS.map((id) => ({ id, ...CHANNEL_LABELS[id] })),
      statuses: STATUSES.map((id) => ({ id, ...STATUS_LABELS[id] })),
      queues: QUEUES,
      components: STATUS_COMPONENTS,
      targetsMinutes: TARGETS,
      defaultLadder: DEFAULT_LADDER,
    }),
  );

  app.get(
    "/api/support/incidents",
    {
      config: { access: A.read },
      schema: {
        tags: ["support"],
        summary: "Incident queue: open first, then by severity and age; with live SLA state",
        querystring: z.object({
          queue: z.enum(QUEUES).optional(),
          status: z.string().max(200).optional().describe("comma-separated statuses, or 'open'"),
          severity: z.enum(SEVERITIES).optional(),
          assignee: z.string().max(64).optional(),
          mine: z.stringbool().optional(),
          major: z.stringbool().optional(),
          breached: z.stringbool().optional(),
          q: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(incidentView), total: z.number() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const statuses = q.status === "open" ? (["new", "open", "handed_over", "in_support", "returned"] as const) : q.status?.split(",").filter((s) => (STATUSES as readonly string[]).includes(s));
      const r = await desk.queries.list({
        ...(q.queue ? { queue: q.queue } : {}),
        ...(statuses?.length ? { statuses: statuses as (typeof STATUSES)[number][] } : {}),
        ...(q.severity ? { severity: q.severity } : {}),
        ...(q.mine ? { assignee: currentSession(req).user.username } : q.assignee ? { assignee: q.assignee } : {}),
        ...(q.major !== undefined ? { major: q.major } : {}),
        ...(q.breached !== undefined ? { breached: q.breached } : {}),
        ...(q.q ? { text: q.q } : {}),
        limit: q.limit,
        offset: q.offset,
      });
      return jsonable(r) as never;
    },
  );

  app.post(
    "/api/support/incidents",
    {
      config: { access: A.engineers },
      schema: {
        tags: ["support"],
        summary: "Record an incident (phone log, on-site, remote diagnosis, or web/e-mail on the customer's behalf)",
        body: z.object({
          channel: z.enum(CHANNELS.filter((c) => c !== "health-probe") as ["web", "email", "phone", "remote-diagnosis", "on-site"]),
          reporter: reporterBody,
          title: opt(200),
          description: text(20_000),
          category: z.string().max(40).nullish().describe("hardware | software | client"),
          subFault: z.string().max(60).nullish(),
          impact: z.enum(IMPACTS),
          urgency: z.enum(URGENCIES),
          severity: z.enum(SEVERITIES).optional().describe("defaults to the suggestion from impact × urgency; a different one needs severityReason"),
          severityReason: opt(1000),
          local: z.boolean().default(false),
          assignee: z.string().max(64).nullish(),
        }),
        response: { 201: incidentView },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const inc = await desk.create(
        {
          ...b,
          reporter: {
            kind: b.reporter.kind,
            name: b.reporter.name,
            phone: b.reporter.phone || null,
            email: b.reporter.email || null,
            org: b.reporter.org || null,
            certificateSerial: b.reporter.certificateSerial || null,
            tokenSerial: b.reporter.tokenSerial || null,
          },
        },
        actorOf(req),
      );
      const [live] = await desk.queries.withLiveSla([inc]);
      return reply.code(201).send(jsonable(live) as never);
    },
  );

  app.get(
    "/api/support/incidents/:incidentNo",
    {
      config: { access: A.read },
      schema: { tags: ["support"], summary: "One incident with its timeline, handover lists, tracking, consultations, dispatches, sessions, attachments, escalations and mails", params: incidentNoParam, response: { 200: detailView } },
    },
    async (req) => jsonable(await desk.queries.detail(req.params.incidentNo)) as never,
  );

  app.post(
    "/api/support/incidents/:incidentNo/attachments",
    {
      config: { access: A.tracking },
      // Base64 inflates by 4/3: allow the configured attachment size through, and let the service give the precise code.
      bodyLimit: Math.max(deps.config.bodyLimitBytes, Math.ceil(deps.config.supportAttachmentMaxBytes * 1.5) + 64 * 1024),
      schema: {
        tags: ["support"],
        summary: "Attach a file (base64); stored with its SHA-256, size-limited (SUPPORT_ATTACHMENT_TOO_LARGE)",
        params: incidentNoParam,
        body: z.object({ filename: text(200), contentType: z.string().max(100).default("application/octet-stream"), contentBase64: z.string().min(1) }),
        response: { 201: z.looseObject({ id: z.string(), filename: z.string(), sizeBytes: z.number(), sha256: z.string() }) },
      },
    },
    async (req, reply) => reply.code(201).send(jsonable(await desk.collaboration.addAttachment(req.params.incidentNo, actorOf(req), req.body)) as never),
  );

  app.get(
    "/api/support/incidents/:incidentNo/attachments/:attachmentId",
    {
      config: { access: A.read },
      schema: { tags: ["support"], summary: "Download an attachment", params: incidentNoParam.extend({ attachmentId: z.uuid() }) },
    },
    async (req, reply) => {
      const a = await desk.queries.attachment(req.params.incidentNo, req.params.attachmentId);
      // Always a download, never rendered in the app's origin.
      return reply
        .header("content-type", "application/octet-stream")
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header("x-content-sha256", a.sha256)
        .send(Buffer.from(a.content));
    },
  );
};
