/**
 * buildApp(deps) assembles the HTTP application without listening, so tests
 * drive it in-process with inject() and `serve` adds only listen().
 */
import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import fastifyWebsocket from "@fastify/websocket";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { newId } from "../shared/ids.js";
import { describeAccess } from "./access.js";
import { registerAuth, type RouteRecord } from "./auth-plugin.js";
import type { HttpDeps } from "./deps.js";
import { registerLeaderGate } from "./leader-gate.js";
import { registerProblemHandlers, sendProblem, toAppError } from "./problem.js";
import { auditRoutes } from "./routes/audit.routes.js";
import { authRoutes } from "./routes/auth.routes.js";
import { estRoutes } from "./routes/est.routes.js";
import { healthRoutes } from "./routes/health.routes.js";
import { kbRoutes } from "./routes/kb.routes.js";
import { API_VERSION, metaRoutes } from "./routes/meta.routes.js";
import { opsRoutes } from "./routes/ops.routes.js";
import { pkiPublicRoutes } from "./routes/pki-public.routes.js";
import { pkiRoutes } from "./routes/pki.routes.js";
import { securityRoutes } from "./routes/security.routes.js";
import { staffRoutes } from "./routes/staff.routes.js";
import { tradingApplicationRoutes } from "./routes/trading-applications.routes.js";
import { tradingDepositRoutes } from "./routes/trading-deposits.routes.js";
import { tradingPublicRoutes } from "./routes/trading-public.routes.js";
import { tradingRoutes } from "./routes/trading.routes.js";
import { registerTradingLive } from "./ws/trading-live.js";
import { bidderAuthRoutes } from "./routes/bidder-auth.routes.js";
import { bidderTradingRoutes } from "./routes/bidder-trading.routes.js";
import { portalRoutes } from "./routes/portal.routes.js";
import { raApplicantRoutes } from "./routes/ra-applicants.routes.js";
import { raApplicationRoutes } from "./routes/ra-applications.routes.js";
import { raTokenRoutes } from "./routes/ra-tokens.routes.js";
import { supportAdminRoutes } from "./routes/support-admin.routes.js";
import { supportIncidentRoutes } from "./routes/support-incidents.routes.js";
import { supportPublicRoutes } from "./routes/support-public.routes.js";
import { supportWorkflowRoutes } from "./routes/support-workflow.routes.js";
import { trustRoutes } from "./routes/trust.routes.js";

export interface BuildOptions {
  logger?: FastifyBaseLogger | boolean;
}

export interface LandtradeApp extends FastifyInstance {
  /** Every route with its declared access, for the role × route matrix. */
  routeTable: RouteRecord[];
}

export async function buildApp(deps: HttpDeps, opts: BuildOptions = {}): Promise<LandtradeApp> {
  const app = Fastify({
    ...(typeof opts.logger === "object" ? { loggerInstance: opts.logger } : { logger: opts.logger ?? false }),
    bodyLimit: deps.config.bodyLimitBytes,
    requestIdHeader: "x-request-id",
    genReqId: () => newId(),
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised before routing (a badly URL-encoded path) leave as problem+json too.
    frameworkErrors: (err, req, reply) => void sendProblem(reply, req, toAppError(Object.assign(err, { statusCode: err.statusCode ?? 400 }))),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
  });
  const webDir = deps.webDir && existsSync(path.join(deps.webDir, "index.html")) ? deps.webDir : undefined;
  registerProblemHandlers(app, webDir ? (_req, reply) => reply.type("text/html").sendFile("index.html") : undefined);
  // JSON only: a cross-site form cannot send application/json without a CORS preflight,
  // which closes the login-CSRF hole that a text/plain body would open.
  app.removeContentTypeParser("text/plain");

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  const routeTable: RouteRecord[] = [];
  registerAuth(app, deps.login, routeTable, deps.bidderLogin);
  registerLeaderGate(app, deps.cluster);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "landtrade API",
        version: API_VERSION,
        description:
          "Online land trading, CA/RA, security service and support desk of the county land & resources bureau. " +
          "Errors are application/problem+json with a stable `code` (see GET /api/errors). " +
          "Staff authenticate with POST /api/auth/login (cookie `lt_session`); unsafe methods need the `x-csrf-token` header.",
      },
      components: {
        securitySchemes: { session: { type: "apiKey", in: "cookie", name: "lt_session" }, bidder: { type: "apiKey", in: "cookie", name: "lt_bidder" } },
      },
    },
    transform: (doc) => {
      const out = jsonSchemaTransform(doc);
      const access = doc.route.config?.access;
      if (access) {
        const schema = out.schema as Record<string, unknown>;
        schema.description = [schema.description, describeAccess(access)].filter(Boolean).join(" ");
        if (access === "bidder") schema.security = [{ bidder: [] }];
        else if (access !== "public") schema.security = [{ session: [] }];
      }
      return out;
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  await app.register(healthRoutes(deps));
  await app.register(metaRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(staffRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(bidderAuthRoutes(deps));
  await app.register(bidderTradingRoutes(deps));
  await app.register(raApplicantRoutes(deps));
  await app.register(raApplicationRoutes(deps));
  await app.register(raTokenRoutes(deps));
  await app.register(portalRoutes(deps));
  await app.register(supportIncidentRoutes(deps));
  await app.register(supportWorkflowRoutes(deps));
  await app.register(supportAdminRoutes(deps));
  await app.register(supportPublicRoutes(deps));
  await app.register(estRoutes(deps));
  await app.register(trustRoutes(deps));
  await app.register(pkiRoutes(deps));
  await app.register(pkiPublicRoutes(deps));
  await app.register(securityRoutes(deps));
  await app.register(opsRoutes(deps));
  await app.register(tradingRoutes(deps));
  await app.register(tradingApplicationRoutes(deps));
  await app.register(tradingDepositRoutes(deps));
  await app.register(tradingPublicRoutes(deps));
  registerTradingLive(app, deps);
  await app.register(kbRoutes(deps));

  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () => app.swagger());

  // Client-side routes (unknown GETs outside /api) get the app shell: see registerProblemHandlers.
  if (webDir) await app.register(fastifyStatic, { root: webDir, prefix: "/", wildcard: false, index: ["index.html"] });

  const out = app as unknown as LandtradeApp;
  out.routeTable = routeTable;
  return out;
}
