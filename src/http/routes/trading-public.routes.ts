/**
 * What anyone may see: published notices, announced parcels, and the live
 * board snapshot (price and history by bidder number, never an identity).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { viewJson } from "../../trading/live/board-message.js";
import type { HttpDeps } from "../deps.js";
import { noticeJson, noticeOut, parcelJson, parcelOut, viewOut } from "./trading.schemas.js";

const tags = ["trading-public"];
const bidOut = z.object({ bidId: z.string(), bidderNo: z.string(), amountFen: z.string(), at: z.string(), round: z.enum(["listing", "timed"]) });

export const tradingPublicRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const t = deps.trading;

  app.get(
    "/api/public/notices",
    {
      config: { access: "public" },
      schema: { tags, summary: "Published notices, newest first", querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: z.object({ items: z.array(noticeOut.extend({ parcelNo: z.string() })) }) } },
    },
    async (req) => ({ items: (await deps.store.read.trading.notices.list(req.query)).map((n) => ({ ...noticeJson(n), parcelNo: n.parcelNo })) }),
  );

  app.get(
    "/api/public/parcels",
    {
      config: { access: "public" },
      schema: { tags, summary: "Announced parcels and their sale's view", response: { 200: z.object({ items: z.array(z.object({ parcel: parcelOut.omit({ createdBy: true }), view: viewOut })) }) } },
    },
    async () => {
      const items = (await t.parcels.list()).filter((x) => x.parcel.phase !== "draft");
      return { items: items.map((x) => ({ parcel: { ...parcelJson(x.parcel), createdBy: undefined }, view: viewJson(x.view) })) };
    },
  );

  app.get(
    "/api/public/parcels/:id/board",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Live-board snapshot: current view, bid history by bidder number, server time, last message number",
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({
            parcelId: z.string(),
            parcelNo: z.string(),
            name: z.string(),
            startPriceFen: z.string(),
            incrementFen: z.string(),
            serverTime: z.string(),
            lastSeq: z.number(),
            view: viewOut,
            bids: z.array(bidOut),
          }),
        },
      },
    },
    async (req) => t.board.snapshot(req.params.id),
  );
};
