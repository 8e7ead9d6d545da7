/**
 * Trading administration: parcels, announcements and notices, suspension,
 * the sealed reserve. Trading administrators write; supervisors read
 * everything (and confirm the reserve).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { identitiesOpen } from "../../trading/applications/application.service.js";
import { encodeEvent } from "../../trading/engine/codec.js";
import type { SaleEvent } from "../../trading/engine/types.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import {
  detailJson,
  detailOut,
  fenInput,
  idParam,
  instant,
  listItemJson,
  listItemOut,
  parcelCreate,
  parcelFields,
  parcelInput,
  reserveJson,
  reserveOut,
  SUPERVISOR,
  TRADING_ADMIN,
  TRADING_STAFF,
} from "./trading.schemas.js";

const tags = ["trading"];
const reason = z.object({ reason: z.string().trim().min(2).max(500) });

export const tradingRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const t = deps.trading;

  app.get(
    "/api/trading/parcels",
    { config: { access: TRADING_STAFF }, schema: { tags, summary: "Parcels with their sale's current view", response: { 200: z.object({ items: z.array(listItemOut) }) } } },
    async () => ({ items: (await t.parcels.list()).map(listItemJson) }),
  );

  app.post(
    "/api/trading/parcels",
    { config: { access: TRADING_ADMIN }, schema: { tags, summary: "Create a parcel (draft)", body: parcelCreate, response: { 201: detailOut } } },
    async (req, reply) => reply.code(201).send(detailJson(await t.parcels.create({ ...parcelInput(req.body), parcelNo: req.body.parcelNo }, actorOf(req)))),
  );

  app.get(
    "/api/trading/parcels/:id",
    { config: { access: TRADING_STAFF }, schema: { tags, summary: "A parcel, its sale and its notices", params: idParam, response: { 200: detailOut } } },
    async (req) => detailJson(await t.parcels.detail(req.params.id)),
  );

  app.put(
    "/api/trading/parcels/:id",
    { config: { access: TRADING_ADMIN }, schema: { tags, summary: "Edit a draft parcel (before its announcement)", params: idParam, body: parcelFields, response: { 200: detailOut } } },
    async (req) => detailJson(await t.parcels.update(req.params.id, parcelInput(req.body), actorOf(req))),
  );

  app.post(
    "/api/trading/parcels/:id/announce",
    {
      config: { access: TRADING_ADMIN },
      schema: { tags, summary: "Publish the announcement (at least 20 days before the listing starts)", params: idParam, body: z.object({}).strict().default({}), response: { 200: detailOut } },
    },
    async (req) => detailJson(await t.parcels.publishAnnouncement(req.params.id, actorOf(req))),
  );

  app.post(
    "/api/trading/parcels/:id/notices",
    {
      config: { access: TRADING_ADMIN },
      schema: { tags, summary: "Publish a supplementary notice", params: idParam, body: z.object({ title: z.string().trim().min(2).max(200), body: z.string().trim().min(2).max(20_000) }), response: { 200: detailOut } },
    },
    async (req) => detailJson(await t.parcels.supplementaryNotice(req.params.id, req.body, actorOf(req))),
  );

  app.post(
    "/api/trading/parcels/:id/material-change",
    {
      config: { access: TRADING_ADMIN },
      schema: {
        tags,
        summary: "Publish a material change; with fewer than 20 days left the listing is postponed",
        params: idParam,
        body: z.object({ body: z.string().trim().min(2).max(20_000), listingStart: instant.optional(), listingEnd: instant.optional(), depositCutoff: instant.optional() }),
        response: { 200: detailOut },
      },
    },
    async (req) => detailJson(await t.parcels.materialChange(req.params.id, req.body, actorOf(req))),
  );

  app.post(
    "/api/trading/parcels/:id/suspend",
    { config: { access: TRADING_ADMIN }, schema: { tags, summary: "Suspend the sale (暂停), with a notice", params: idParam, body: reason, response: { 200: detailOut } } },
    async (req) => detailJson(await t.parcels.suspend(req.params.id, req.body.reason, actorOf(req))),
  );

  app.post(
    "/api/trading/parcels/:id/resume",
    {
      config: { access: TRADING_ADMIN },
      schema: {
        tags,
        summary: "Resume a suspended sale from the last valid highest bid (countdowns restart in full)",
        params: idParam,
        body: z.object({ listingEnd: instant.optional(), note: z.string().max(2000).optional() }),
        response: { 200: detailOut },
      },
    },
    async (req) => detailJson(await t.parcels.resume(req.params.id, req.body, actorOf(req))),
  );

  app.post(
    "/api/trading/parcels/:id/terminate",
    { config: { access: TRADING_ADMIN }, schema: { tags, summary: "Terminate the sale (终止), with a notice", params: idParam, body: reason, response: { 200: detailOut } } },
    async (req) => detailJson(await t.parcels.terminate(req.params.id, req.body.reason, actorOf(req))),
  );

  app.get(
    "/api/trading/parcels/:id/events",
    {
      config: { access: TRADING_STAFF },
      schema: {
        tags,
        summary: "The sale's event log, in order",
        params: idParam,
        response: { 200: z.object({ items: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), event: z.unknown(), phaseAfter: z.string() })) }) },
      },
    },
    async (req) => {
      const d = await t.parcels.detail(req.params.id);
      const open = identitiesOpen(d.state.phase);
      const events = await deps.store.read.trading.parcels.events(req.params.id);
      // Qualification and deposit events would tie a bidder number to an application: sealed until bidding is over.
      const shown = (e: SaleEvent) => (!open && (e.type === "qualify" || e.type === "depositConfirmed") ? { ...(encodeEvent(e) as Record<string, unknown>), bidderNo: "※" } : encodeEvent(e));
      return { items: events.map((e) => ({ ...e, at: e.at.toISOString(), event: shown(e.event) })) };
    },
  );

  app.get(
    "/api/trading/parcels/:id/reserve",
    { config: { access: TRADING_STAFF }, schema: { tags, summary: "Whether the reserve is entered and confirmed (its value only after the result)", params: idParam, response: { 200: reserveOut } } },
    async (req) => reserveJson(await t.reserve.status(req.params.id)),
  );

  app.post(
    "/api/trading/parcels/:id/reserve",
    {
      config: { access: TRADING_ADMIN },
      schema: { tags, summary: "Enter the sealed reserve price (late in the listing)", params: idParam, body: z.object({ reserveFen: fenInput }), response: { 200: reserveOut } },
    },
    async (req) => reserveJson(await t.reserve.enter(req.params.id, req.body.reserveFen, actorOf(req))),
  );

  app.post(
    "/api/trading/parcels/:id/reserve/confirm",
    {
      config: { access: SUPERVISOR },
      schema: { tags, summary: "Confirm the reserve by entering the same amount blind", params: idParam, body: z.object({ reserveFen: fenInput }), response: { 200: reserveOut } },
    },
    async (req) => reserveJson(await t.reserve.confirm(req.params.id, req.body.reserveFen, actorOf(req))),
  );
};
