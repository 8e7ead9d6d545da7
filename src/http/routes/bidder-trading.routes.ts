/**
 * Bidder side of online trading, for bidders logged in with a certificate
 * (access "bidder"): apply for a parcel, see one's applications and deposit
 * status, the bidding room, signed bids with system-signed receipts, the
 * continue-intent for timed bidding. A bidder only ever sees their own
 * applications and bids; other bidders appear by number on the board.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { fenText } from "../../shared/money.js";
import type { BidAnswer } from "../../trading/bidder/bid.service.js";
import type { Application } from "../../trading/trading.ports.js";
import { currentBidder } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import { dealQuery, sendDeal } from "./deal-files.js";
import { viewJson } from "../../trading/live/board-message.js";
import { idParam, parcelJson, parcelOut, viewOut } from "./trading.schemas.js";

const tags = ["bidder-trading"];
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

const member = z.object({
  name: z.string().trim().min(1).max(120),
  idType: z.enum(["person", "org"]),
  idNumber: z.string().trim().min(6).max(40),
  share: z.string().trim().max(20).optional(),
});

const applyIn = z.object({
  kind: z.enum(["sole", "joint"]),
  partners: z.array(member).max(9).optional(),
  leadShare: z.string().trim().max(20).optional(),
  payerAccounts: z.array(z.string().trim().regex(/^[0-9]{8,32}$/, "bank account digits")).min(1).max(5),
});

const myApplicationOut = z.object({
  id: z.string(),
  parcelId: z.string(),
  kind: z.enum(["sole", "joint"]),
  displayName: z.string(),
  members: z.array(z.object({ name: z.string(), idType: z.enum(["person", "org"]), idNumber: z.string(), share: z.string().optional() })),
  payerAccounts: z.array(z.string()),
  bidderNo: z.string().describe("your bidder number (竞买号): your only name in the bidding room"),
  depositAccount: z.string().describe("pay the deposit into this sub-account"),
  status: z.string(),
  rejectionReason: z.string().nullable(),
  depositStatus: z.string(),
  depositReceivedFen: z.string(),
  depositArrivedAt: z.string().nullable(),
  createdAt: z.string(),
});

const myApplicationJson = (a: Application) => ({
  id: a.id,
  parcelId: a.parcelId,
  kind: a.kind,
  displayName: a.displayName,
  members: a.members,
  payerAccounts: a.payerAccounts,
  bidderNo: a.bidderNo,
  depositAccount: a.depositAccount,
  status: a.status,
  rejectionReason: a.rejectionReason,
  depositStatus: a.depositStatus,
  depositReceivedFen: fenText(a.depositReceived),
  depositArrivedAt: a.depositArrivedAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});

const bidIn = z.object({
  clientBidId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  amountFen: z.string().regex(/^[1-9][0-9]{0,17}$/),
  document: z.string().min(1).max(2000).describe("the canonical bid document, exactly the bytes signed"),
  signature: z.string().max(64_000).optional().describe("base64 DER CMS SignedData over the document (attached or detached)"),
});

const bidOut = z.object({
  bidId: z.string(),
  seq: z.number(),
  parcelId: z.string(),
  bidderNo: z.string(),
  amountFen: z.string(),
  round: z.enum(["listing", "timed"]),
  receivedAt: z.string(),
  hash: z.string(),
  receiptDocument: z.string(),
  receipt: z.string().describe("base64 DER CMS SignedData by the system over receiptDocument"),
  timestampToken: z.string().describe("base64 RFC 3161 token over the bid's signature value"),
  repeated: z.boolean(),
});

const bidJson = (b: BidAnswer) => ({ ...b, receipt: b64(b.receipt), timestampToken: b64(b.timestampToken) });

const b64In = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

export const bidderTradingRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const t = deps.trading;

  app.get(
    "/api/bidder/applications",
    {
      config: { access: "bidder" },
      schema: {
        tags,
        summary: "My bid applications with bidder number, deposit sub-account and deposit status",
        response: { 200: z.object({ items: z.array(z.object({ application: myApplicationOut, parcel: parcelOut, view: viewOut })) }) },
      },
    },
    async (req) => {
      const mine = await t.bidderApplications.mine(currentBidder(req).applicantId);
      const items = [];
      for (const a of mine) {
        const d = await t.parcels.detail(a.parcelId);
        items.push({ application: myApplicationJson(a), parcel: parcelJson(d.parcel), view: viewJson(d.view) });
      }
      return { items };
    },
  );

  app.get(
    "/api/bidder/applications/:id",
    { config: { access: "bidder" }, schema: { tags, summary: "One of my applications", params: idParam, response: { 200: z.object({ application: myApplicationOut }) } } },
    async (req) => ({ application: myApplicationJson(await t.bidderApplications.one(currentBidder(req).applicantId, req.params.id)) }),
  );

  app.post(
    "/api/bidder/parcels/:id/applications",
    {
      config: { access: "bidder" },
      schema: {
        tags,
        summary: "Apply to bid for a parcel (sole or joint); answers the random bidder number and deposit sub-account",
        params: idParam,
        body: applyIn,
        response: { 201: z.object({ application: myApplicationOut }) },
      },
    },
    async (req, reply) => {
      const a = await t.bidderApplications.apply(currentBidder(req), req.params.id, req.body);
      return reply.code(201).send({ application: myApplicationJson(a) });
    },
  );

  app.get(
    "/api/bidder/parcels/:id/room",
    {
      config: { access: "bidder" },
      schema: {
        tags,
        summary: "The bidding room: my number, the sale (anonymous), my bids and receipts, the continue-intent",
        params: idParam,
        response: {
          200: z.object({ parcel: parcelOut, application: myApplicationOut, view: viewOut, mine: z.array(bidOut), intentOpen: z.boolean(), intent: z.boolean().nullable(), serverTime: z.string() }),
        },
      },
    },
    async (req) => {
      const r = await t.bids.room(currentBidder(req), req.params.id);
      return {
        parcel: parcelJson(r.parcel),
        application: myApplicationJson(r.application),
        view: viewJson(r.view),
        mine: r.mine.map(bidJson),
        intentOpen: r.intentOpen,
        intent: r.intent,
        serverTime: deps.clock.now().toISOString(),
      };
    },
  );

  app.post(
    "/api/bidder/parcels/:id/bids",
    {
      config: { access: "bidder" },
      schema: {
        tags,
        summary: "Place a signed bid; answers the system-signed receipt (idempotent on clientBidId)",
        params: idParam,
        body: bidIn,
        response: { 200: bidOut, 201: bidOut },
      },
    },
    async (req, reply) => {
      const { document, signature, clientBidId, amountFen } = req.body;
      const a = await t.bids.place(currentBidder(req), req.params.id, { document, clientBidId, amountFen, signature: signature ? b64In(signature) : undefined });
      return reply.code(a.repeated ? 200 : 201).send(bidJson(a));
    },
  );

  app.post(
    "/api/bidder/parcels/:id/intent",
    {
      config: { access: "bidder" },
      schema: { tags, summary: "Say whether I continue into timed bidding (in the intent window)", params: idParam, body: z.object({ continue: z.boolean() }), response: { 204: z.null() } },
    },
    async (req, reply) => {
      await t.bids.intent(currentBidder(req), req.params.id, req.body.continue);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/bidder/parcels/:id/deal-confirmation",
    {
      config: { access: "bidder" },
      schema: { tags, summary: "The deal confirmation (成交确认书), winner only: PDF, or the system-signed CMS (format=cms)", params: idParam, querystring: dealQuery },
    },
    async (req, reply) => sendDeal(reply, await t.deals.forBidder(currentBidder(req), req.params.id), req.query.format),
  );
};
