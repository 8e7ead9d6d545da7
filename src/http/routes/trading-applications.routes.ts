/**
 * Bid applications, staff side: the list per parcel and the qualification
 * decision. Bidder numbers are withheld from staff until bidding is over.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { fenText } from "../../shared/money.js";
import { identitiesOpen } from "../../trading/applications/application.service.js";
import type { Application } from "../../trading/trading.ports.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import { idParam, TRADING_ADMIN, TRADING_STAFF } from "./trading.schemas.js";

const tags = ["trading"];

export const applicationOut = z.object({
  id: z.string(),
  parcelId: z.string(),
  kind: z.enum(["sole", "joint"]),
  displayName: z.string(),
  members: z.array(z.object({ name: z.string(), idType: z.enum(["person", "org"]), idNumber: z.string(), share: z.string().optional() })),
  payerAccounts: z.array(z.string()),
  depositAccount: z.string(),
  /** Null until bidding is over: staff cannot tie an identity to the bids. */
  bidderNo: z.string().nullable(),
  status: z.string(),
  rejectionReason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  depositStatus: z.string(),
  depositReceivedFen: z.string(),
  depositArrivedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const applicationJson = (a: Application, showNo: boolean) => ({
  id: a.id,
  parcelId: a.parcelId,
  kind: a.kind,
  displayName: a.displayName,
  members: a.members,
  payerAccounts: a.payerAccounts,
  depositAccount: a.depositAccount,
  bidderNo: showNo ? a.bidderNo : null,
  status: a.status,
  rejectionReason: a.rejectionReason,
  decidedBy: a.decidedBy,
  decidedAt: a.decidedAt?.toISOString() ?? null,
  depositStatus: a.depositStatus,
  depositReceivedFen: fenText(a.depositReceived),
  depositArrivedAt: a.depositArrivedAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});

export const tradingApplicationRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const t = deps.trading;

  app.get(
    "/api/trading/parcels/:id/applications",
    {
      config: { access: TRADING_STAFF },
      schema: { tags, summary: "Applications for a parcel (bidder numbers only once bidding is over)", params: idParam, response: { 200: z.object({ identitiesOpen: z.boolean(), items: z.array(applicationOut) }) } },
    },
    async (req) => {
      const r = await t.applications.listForStaff(req.params.id);
      return { identitiesOpen: r.identitiesOpen, items: r.applications.map((a) => applicationJson(a, r.identitiesOpen)) };
    },
  );

  app.post(
    "/api/trading/applications/:id/decision",
    {
      config: { access: TRADING_ADMIN },
      schema: {
        tags,
        summary: "Qualify or reject an application (a rejection needs a reason)",
        params: idParam,
        body: z.object({ approved: z.boolean(), reason: z.string().trim().max(1000).optional() }),
        response: { 200: applicationOut },
      },
    },
    async (req) => {
      const a = await t.applications.decide(req.params.id, req.body, actorOf(req));
      const p = await deps.store.read.trading.parcels.byId(a.parcelId);
      return applicationJson(a, identitiesOpen(p!.phase));
    },
  );
};
