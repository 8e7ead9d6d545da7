/** Support desk actions on one incident and on handover lists (seed §4.1.2 workflow). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Role } from "../../auth/roles.js";
import { REMOTE_OUTCOMES, TRACKING_KINDS } from "../../support/support.types.js";
import { IMPACTS, SEVERITIES, URGENCIES } from "../../support/taxonomy.js";
import type { HttpDeps } from "../deps.js";
import { SUPPORT_ACCESS as A } from "./support-access.js";
import { actorOf, incidentNoParam } from "./support-incidents.routes.js";
import { jsonable } from "./support-views.js";

const text = (max: number) => z.string().trim().min(1).max(max);
const done = z.looseObject({});

export const supportWorkflowRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const desk = deps.support;

  /** POST /api/support/incidents/:incidentNo/<name>: every action answers with what it produced (or {}). */
  function action<B extends z.ZodType>(name: string, access: readonly Role[], summary: string, body: B, run: (no: string, actor: ReturnType<typeof actorOf>, b: z.infer<B>) => Promise<unknown>) {
    app.post(
      `/api/support/incidents/:incidentNo/${name}`,
      { config: { access }, schema: { tags: ["support"], summary, params: incidentNoParam, body, response: { 200: done } } },
      async (req) => {
        const out = await run(req.params.incidentNo, actorOf(req), req.body as z.infer<B>);
        return (out && typeof out === "object" ? jsonable(out) : { result: out ?? "ok" }) as never;
      },
    );
  }

  action("contact", A.engineers, "Record a contact with the customer; the first one names the engineer (1 h deadline)", z.object({ note: text(5000), assignee: z.string().max(64).nullish() }), (no, a, b) =>
    desk.workflow.contact(no, a, b),
  );
  action("assign", A.assign, "Name the engineer in charge", z.object({ assignee: text(64) }), (no, a, b) => desk.workflow.assign(no, a, b.assignee));
  action("severity", A.engineersAndManagers, "Change the severity (reason required, audit-logged)", z.object({ severity: z.enum(SEVERITIES), reason: text(1000) }), (no, a, b) =>
    desk.workflow.changeSeverity(no, a, b),
  );
  action(
    "triage",
    A.engineers,
    "Set the fault category / symptom and impact / urgency",
    z.object({ category: z.string().max(40).nullish(), subFault: z.string().max(60).nullish(), impact: z.enum(IMPACTS).optional(), urgency: z.enum(URGENCIES).optional() }),
    (no, a, b) => desk.workflow.triage(no, a, b),
  );
  action("answer", A.answer, "Answer a common question directly: resolves and files the incident", z.object({ answer: text(10_000) }), (no, a, b) => desk.workflow.answer(no, a, b));
  action("handover", A.desk, "Record the problem in a work handover list (工作移交清单) for tech support", z.object({ problemRecord: text(10_000) }), (no, a, b) => desk.workflow.handover(no, a, b));
  action("tracking", A.tracking, "Add a tracking entry (跟踪记录)", z.object({ kind: z.enum(TRACKING_KINDS), text: text(10_000) }), (no, a, b) => desk.workflow.track(no, a, b));
  action("solve", A.solvers, "Record the analysis result and solution (24 h deadline)", z.object({ analysis: text(10_000), solution: text(10_000) }), (no, a, b) => desk.workflow.solve(no, a, b));
  action("confirm", A.desk, "Confirm with the customer and file in the customer support archive", z.object({ confirmation: text(5000) }), (no, a, b) => desk.workflow.confirm(no, a, b));
  action("pause", A.engineers, "Pause the SLA clock while waiting on the customer (reason required)", z.object({ reason: text(1000) }), (no, a, b) => desk.workflow.pause(no, a, b));
  action("resume", A.engineers, "Resume the SLA clock", z.object({}), (no, a) => desk.workflow.resume(no, a));
  action("reply", A.engineers, "Message the customer (e-mailed when there is an address; shown on the tracking page)", z.object({ message: text(10_000) }), (no, a, b) =>
    desk.workflow.reply(no, a, b),
  );
  action("route-local", A.desk, "Send to the local service point, which answers first", z.object({ reason: text(1000) }), (no, a, b) => desk.workflow.routeLocal(no, a, b));
  action("escalate-to-centre", A.local, "The local service point hands an incident it cannot solve to the centre", z.object({ reason: text(2000) }), (no, a, b) =>
    desk.workflow.escalateToCentre(no, a, b),
  );
  action("consultations", A.engineersAndManagers, "Ask the expert group", z.object({ question: text(5000) }), (no, a, b) => desk.collaboration.consult(no, a, b));
  action("dispatches", A.dispatch, "Remote support failed: dispatch the local service point on site (4 h deadline)", z.object({ reason: text(2000), site: text(300) }), (no, a, b) =>
    desk.collaboration.dispatch(no, a, b),
  );
  action(
    "remote-sessions",
    A.solvers,
    "Record a remote-diagnosis session and its findings (give startedAt + endedAt, or durationMinutes for a session that just ended)",
    z.object({
      startedAt: z.iso.datetime({ offset: true }).optional(),
      endedAt: z.iso.datetime({ offset: true }).optional(),
      durationMinutes: z.number().int().min(0).max(24 * 60).optional(),
      method: text(200),
      findings: text(10_000),
      outcome: z.enum(REMOTE_OUTCOMES),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
    (no, a, b) => {
      const now = deps.clock.now();
      const endedAt = b.endedAt ? new Date(b.endedAt) : now;
      const startedAt = b.startedAt ? new Date(b.startedAt) : new Date(endedAt.getTime() - (b.durationMinutes ?? 0) * 60_000);
      return desk.collaboration.remoteSession(no, a, { method: b.method, findings: b.findings, outcome: b.outcome, ...(b.data ? { data: b.data } : {}), startedAt, endedAt });
    },
  );
  action("major", A.major, "Declare a major incident (answer within 2 h, status page, review before closing)", z.object({ reason: text(2000), component: z.string().max(40).nullish() }), (no, a, b) =>
    desk.major.declare(no, a, b),
  );
  action("major-updates", A.major, "Post a public update of a major incident (the first one answers it)", z.object({ message: text(2000) }), (no, a, b) => desk.major.update(no, a, b));
  action("review", A.managers, "Post-incident review of a major incident; closes it when resolved", z.object({ summary: text(10_000), rootCause: text(5000), actions: text(5000) }), (no, a, b) =>
    desk.major.review(no, a, b),
  );

  const idParam = (name: string) => z.object({ [name]: z.uuid() });

  app.get("/api/support/handovers", { config: { access: A.read }, schema: { tags: ["support"], summary: "Handover lists waiting for or held by tech support" } }, async () => ({
    items: jsonable(await desk.queries.openHandovers()),
  }));
  app.post(
    "/api/support/handovers/:handoverId/accept",
    { config: { access: A.techSupport }, schema: { tags: ["support"], summary: "Tech support accepts a handover list", params: idParam("handoverId"), body: z.object({}), response: { 200: done } } },
    async (req) => jsonable(await desk.workflow.accept((req.params as { handoverId: string }).handoverId, actorOf(req))) as never,
  );
  app.post(
    "/api/support/handovers/:handoverId/return",
    {
      config: { access: A.techSupport },
      schema: { tags: ["support"], summary: "Return the completed handover list to the service desk", params: idParam("handoverId"), body: z.object({ result: text(10_000) }), response: { 200: done } },
    },
    async (req) => jsonable(await desk.workflow.returnHandover((req.params as { handoverId: string }).handoverId, actorOf(req), req.body)) as never,
  );

  app.get("/api/support/consultations", { config: { access: A.read }, schema: { tags: ["support"], summary: "Open expert consultations" } }, async () => ({
    items: jsonable(await desk.queries.openConsultations()),
  }));
  app.post(
    "/api/support/consultations/:consultationId/answer",
    { config: { access: A.experts }, schema: { tags: ["support"], summary: "The expert answers", params: idParam("consultationId"), body: z.object({ answer: text(10_000) }), response: { 200: done } } },
    async (req) => jsonable(await desk.collaboration.answerConsultation((req.params as { consultationId: string }).consultationId, actorOf(req), req.body)) as never,
  );

  app.get("/api/support/dispatches", { config: { access: A.read }, schema: { tags: ["support"], summary: "Open on-site dispatches" } }, async () => ({
    items: jsonable(await desk.queries.openDispatches()),
  }));
  const dispatchAction = (name: string, access: readonly Role[], summary: string, body: z.ZodObject, run: (id: string, a: ReturnType<typeof actorOf>, b: Record<string, string>) => Promise<unknown>) =>
    app.post(
      `/api/support/dispatches/:dispatchId/${name}`,
      { config: { access }, schema: { tags: ["support"], summary, params: idParam("dispatchId"), body, response: { 200: done } } },
      async (req) => jsonable(await run((req.params as { dispatchId: string }).dispatchId, actorOf(req), req.body as Record<string, string>)) as never,
    );
  dispatchAction("arrive", A.local, "The local engineer is on site", z.object({}), (id, a) => desk.collaboration.arrive(id, a));
  dispatchAction("complete", A.local, "On-site work done, with its result", z.object({ result: text(10_000) }), (id, a, b) => desk.collaboration.complete(id, a, { result: b.result! }));
  dispatchAction("cancel", A.engineers, "Cancel a dispatch that is no longer needed", z.object({ reason: text(1000) }), (id, a, b) => desk.collaboration.cancelDispatch(id, a, { reason: b.reason! }));
};
