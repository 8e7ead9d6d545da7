/**
 * Deposits and the working-day calendar: the bank's signed arrival callback
 * (public route, HMAC-authenticated over the raw body before anything is
 * parsed or stored), statement imports, the review queue, refunds.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../shared/errors.js";
import { arrivalNoticeSchema, arrivalOf, verifyCallback } from "../../trading/deposits/bank-callback.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";
import { paymentJson, paymentOut, refundJson, refundOut, TRADING_ADMIN, TRADING_STAFF } from "./trading.schemas.js";

const tags = ["trading-deposits"];
const id = z.object({ id: z.uuid() });
const dayParam = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
const calendarDay = z.object({ day: z.string(), kind: z.enum(["holiday", "workday"]), name: z.string() });

export const tradingDepositRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const t = deps.trading;

  // The bank callback needs the raw bytes for the HMAC: its own encapsulated plugin keeps the buffer parser local.
  await app.register(async (bank) => {
    bank.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
    bank.post(
      "/api/bank/deposit-notices",
      {
        config: { access: "public" },
        schema: {
          tags,
          summary: "Deposit arrival notice from the bank (HMAC-SHA256 signed: x-bank-timestamp, x-bank-signature)",
          headers: z.object({ "x-bank-timestamp": z.string().optional(), "x-bank-signature": z.string().optional() }),
          response: { 200: z.object({ paymentId: z.string(), outcome: z.string(), review: z.string(), duplicate: z.boolean() }) },
        },
      },
      async (req) => {
        const raw = req.body as Buffer;
        const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : undefined);
        verifyCallback(t.bankCallbackSecret, { timestamp: header("x-bank-timestamp"), signature: header("x-bank-signature") }, raw, deps.clock.now());
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.toString("utf8"));
        } catch {
          throw new AppError("REQUEST_MALFORMED");
        }
        const notice = arrivalNoticeSchema.safeParse(parsed);
        if (!notice.success) {
          throw new AppError("VALIDATION_FAILED", { extra: { errors: notice.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) } });
        }
        const rec = await t.deposits.receive(arrivalOf(notice.data), "callback", parsed, "bank:callback");
        return { paymentId: rec.payment.id, outcome: rec.payment.outcome, review: rec.payment.review, duplicate: rec.duplicate };
      },
    );
  });

  app.post(
    "/api/trading/statements",
    {
      config: { access: TRADING_ADMIN },
      schema: {
        tags,
        summary: "Import a bank statement (CSV, GBK or UTF-8, base64): all lines or none",
        body: z.object({ fileName: z.string().max(200).optional(), contentBase64: z.base64().min(4) }),
        response: { 200: z.object({ encoding: z.string(), lines: z.number(), recorded: z.number(), duplicates: z.number(), flagged: z.number() }) },
      },
    },
    async (req) => t.deposits.importStatement(Buffer.from(req.body.contentBase64, "base64"), actorOf(req)),
  );

  app.get(
    "/api/trading/payments",
    {
      config: { access: TRADING_STAFF },
      schema: {
        tags,
        summary: "Deposit payments (newest first); review=open for the review queue",
        querystring: z.object({ review: z.literal("open").optional(), parcelId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(paymentOut) }) },
      },
    },
    async (req) => ({ items: (await deps.store.read.trading.payments.list(req.query)).map(paymentJson) }),
  );

  app.post(
    "/api/trading/payments/:id/resolve",
    {
      config: { access: TRADING_ADMIN },
      schema: { tags, summary: "Close the review of a flagged payment with a note", params: id, body: z.object({ note: z.string().trim().min(2).max(2000) }), response: { 200: paymentOut } },
    },
    async (req) => paymentJson(await t.deposits.resolvePayment(req.params.id, req.body.note, actorOf(req))),
  );

  app.get(
    "/api/trading/refunds",
    {
      config: { access: TRADING_STAFF },
      schema: {
        tags,
        summary: "Refunds by due date (due within 5 working days of the result)",
        querystring: z.object({ status: z.enum(["due", "sent", "confirmed"]).optional(), parcelId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(200) }),
        response: { 200: z.object({ items: z.array(refundOut) }) },
      },
    },
    async (req) => ({ items: (await deps.store.read.trading.refunds.list(req.query)).map(refundJson) }),
  );

  app.post(
    "/api/trading/refunds/:id/sent",
    {
      config: { access: TRADING_ADMIN },
      schema: { tags, summary: "Record that a refund was sent (with the bank's reference)", params: id, body: z.object({ bankRef: z.string().trim().min(1).max(64) }), response: { 200: refundOut } },
    },
    async (req) => refundJson(await t.deposits.refundSent(req.params.id, req.body.bankRef, actorOf(req))),
  );

  app.post(
    "/api/trading/refunds/:id/confirmed",
    { config: { access: TRADING_ADMIN }, schema: { tags, summary: "Record that the bank confirmed a refund", params: id, body: z.object({}).strict().default({}), response: { 200: refundOut } } },
    async (req) => refundJson(await t.deposits.refundConfirmed(req.params.id, actorOf(req))),
  );

  app.get(
    "/api/trading/calendar",
    { config: { access: TRADING_STAFF }, schema: { tags, summary: "Holidays and make-up working days", response: { 200: z.object({ items: z.array(calendarDay) }) } } },
    async () => ({ items: await t.calendar.list() }),
  );

  app.put(
    "/api/trading/calendar/:day",
    {
      config: { access: TRADING_ADMIN },
      schema: { tags, summary: "Set a day as a holiday or a make-up working day", params: dayParam, body: z.object({ kind: z.enum(["holiday", "workday"]), name: z.string().trim().min(1).max(100) }), response: { 200: calendarDay } },
    },
    async (req) => t.calendar.put({ day: req.params.day, ...req.body }, actorOf(req)),
  );

  app.delete(
    "/api/trading/calendar/:day",
    { config: { access: TRADING_ADMIN }, schema: { tags, summary: "Remove a calendar entry", params: dayParam, response: { 204: z.null() } } },
    async (req, reply) => {
      if (!(await t.calendar.remove(req.params.day, actorOf(req)))) throw new AppError("NOT_FOUND", { detail: req.params.day });
      return reply.code(204).send(null);
    },
  );
};
