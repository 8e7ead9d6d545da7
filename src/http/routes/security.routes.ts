/**
 * /api/security/*: the security service's functions. Every call is recorded
 * in the batched call log with its outcome code; sign and decrypt are also
 * audited synchronously by the service. Unknown function names under
 * /api/security/ answer SEC_FUNCTION_UNKNOWN with the list of functions.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { fromPemOrDer, toPem } from "../../pki/asn1/certificate.js";
import { AppError, isAppError } from "../../shared/errors.js";
import { SECURITY_FUNCTIONS } from "../../signing/functions.js";
import * as api from "../../signing/security-api.js";
import { verifyReport } from "../../signing/verify-report.js";
import { actorOf } from "../auth-plugin.js";
import type { HttpDeps } from "../deps.js";

const SIGNERS = ["trading_admin", "ra_admin", "ops"] as const;
const DECRYPTERS = ["ops", "ra_admin", "trading_admin"] as const;
const STATS_READERS = ["ops", "supervisor", "tech_support", "tech_support_manager", "cto"] as const;

const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));
const toB64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

function cert(text: string): Uint8Array {
  try {
    return fromPemOrDer(text.trim());
  } catch {
    throw new AppError("SEC_CMS_MALFORMED", { detail: "certificate is neither PEM nor base64 DER" });
  }
}

export const securityRoutes = (deps: HttpDeps): FastifyPluginAsyncZod => async (app) => {
  const sec = deps.security;
  const bodyLimit = Math.ceil((sec.service.opts.maxPayloadBytes * 4) / 3) * 2 + 256 * 1024;

  /** Runs a function, logging who called it, how long it took and how it ended. */
  async function logged<T>(req: FastifyRequest, fn: string, work: () => Promise<T>, outcomeOf: (r: T) => string = () => "OK"): Promise<T> {
    const t0 = performance.now();
    let outcome = "OK";
    try {
      const r = await work();
      outcome = outcomeOf(r);
      return r;
    } catch (e) {
      outcome = isAppError(e) ? e.code : "INTERNAL_ERROR";
      throw e;
    } finally {
      sec.calls.record({ at: deps.clock.now(), caller: actorOf(req), fn, outcome, micros: Math.round((performance.now() - t0) * 1000), detail: null });
    }
  }

  const functionsAnswer = (wanted: { name: string; version: number }[]) => ({
    apiVersion: api.SECURITY_API_VERSION,
    serverVersion: deps.version,
    functions: SECURITY_FUNCTIONS.map((f) => ({ ...f })),
    missing: wanted.filter((w) => !SECURITY_FUNCTIONS.some((f) => f.name === w.name && f.version >= w.version)).map((w) => `${w.name} v${w.version}`),
    limits: { maxPayloadBytes: sec.service.opts.maxPayloadBytes },
  });

  app.get("/api/security/functions", { config: { access: "authenticated" }, schema: { tags: ["security"], summary: "Functions and versions of the security service", response: { 200: api.functionsResponse } } }, async (req) =>
    logged(req, "functions", async () => functionsAnswer([])),
  );

  app.post(
    "/api/security/functions",
    { config: { access: "authenticated" }, schema: { tags: ["security"], summary: "Version negotiation: the client's SDK version and wanted functions → what this server offers", body: api.functionsRequest, response: { 200: api.functionsResponse } } },
    async (req) => logged(req, "functions", async () => functionsAnswer(req.body.functions)),
  );

  app.post(
    "/api/security/authenticate/challenge",
    { config: { access: "authenticated" }, schema: { tags: ["security"], summary: "A one-time challenge for certificate authentication", response: { 200: api.challengeResponse } } },
    async (req) =>
      logged(req, "authenticate", async () => {
        const c = await sec.service.challenge();
        return { challengeId: c.challengeId, challenge: toB64(c.challenge), expiresAt: c.expiresAt.toISOString() };
      }),
  );

  app.post(
    "/api/security/authenticate",
    { config: { access: "authenticated" }, schema: { tags: ["security"], summary: "Certificate authentication: challenge signature + certificate → identity and validation", body: api.authenticateRequest, response: { 200: api.authenticateResponse } } },
    async (req) => logged(req, "authenticate", () => sec.service.authenticate(req.body.challengeId, b64(req.body.signature), cert(req.body.certificate))),
  );

  app.post(
    "/api/security/sign",
    { bodyLimit, config: { access: SIGNERS }, schema: { tags: ["security"], summary: "Sign with the bureau's system key (CMS SignedData)", body: api.signRequest, response: { 200: api.signResponse } } },
    async (req) =>
      logged(req, "sign", async () => {
        const r = await sec.service.sign(b64(req.body.data), { suite: req.body.suite, detached: req.body.detached, timestamp: req.body.timestamp }, actorOf(req));
        return { ...r, cms: toB64(r.cms) };
      }),
  );

  app.post(
    "/api/security/verify",
    { bodyLimit, config: { access: "authenticated" }, schema: { tags: ["security"], summary: "Verify CMS SignedData (attached/detached) or a raw signature + certificate", body: api.verifyRequest, response: { 200: api.verifyResponse } } },
    async (req) =>
      logged(
        req,
        "verify",
        async () => {
          const body = req.body;
          if ("cms" in body) {
            const cms = b64(body.cms);
            const content = body.content ? b64(body.content) : undefined;
            sec.service.assertSize(cms, content);
            return sec.verify.verifyCms(cms, content, body.at ? new Date(body.at) : undefined);
          }
          const data = b64(body.data);
          sec.service.assertSize(data);
          return sec.verify.verifyRaw({
            signature: b64(body.signature),
            certificate: cert(body.certificate),
            data,
            ...(body.algorithm ? { algorithm: body.algorithm } : {}),
            ...(body.sm2UserId ? { sm2UserId: body.sm2UserId } : {}),
            ...(body.at ? { at: new Date(body.at) } : {}),
          });
        },
        (r) => r.code ?? "OK",
      ),
  );

  app.post(
    "/api/security/verify/report",
    {
      bodyLimit,
      config: { access: "authenticated" },
      schema: {
        tags: ["security"],
        summary: "The verification page: a dropped signed file (DER, PEM or base64; attached, or detached with its original) → a readable report; coded faults of the file are findings, not errors",
        body: api.verifyReportRequest,
        response: { 200: api.verifyReportResponse },
      },
    },
    async (req) =>
      logged(
        req,
        "verify",
        () =>
          verifyReport(b64(req.body.file), (der) => {
            const content = req.body.content === undefined ? undefined : b64(req.body.content);
            sec.service.assertSize(der, content);
            return sec.verify.verifyCms(der, content, undefined);
          }),
        (r) => r.code ?? "OK",
      ),
  );

  app.post(
    "/api/security/encrypt",
    { bodyLimit, config: { access: "authenticated" }, schema: { tags: ["security"], summary: "CMS digital envelope to recipient certificates", body: api.encryptRequest, response: { 200: api.encryptResponse } } },
    async (req) =>
      logged(req, "encrypt", async () => {
        const r = await sec.service.encrypt(b64(req.body.data), req.body.recipients.map(cert), req.body.cipher);
        return { ...r, cms: toB64(r.cms) };
      }),
  );

  app.post(
    "/api/security/decrypt",
    { bodyLimit, config: { access: DECRYPTERS }, schema: { tags: ["security"], summary: "Open an envelope with a key the service holds, or an escrowed key under an approved request", body: api.decryptRequest, response: { 200: api.decryptResponse } } },
    async (req) =>
      logged(req, "decrypt", async () => {
        const r = await sec.service.decrypt(b64(req.body.cms), req.body.escrowRequestId, actorOf(req));
        return { ...r, data: toB64(r.data) };
      }),
  );

  app.post(
    "/api/security/validate",
    { config: { access: "authenticated" }, schema: { tags: ["security"], summary: "Validate a certificate: chain, validity at a time, revocation (freshness policy, hard/soft fail)", body: api.validateRequest, response: { 200: api.validationResult } } },
    async (req) =>
      logged(
        req,
        "validate",
        async () => sec.service.validate(cert(req.body.certificate), { ...(req.body.chain ? { chain: req.body.chain.map(cert) } : {}), ...(req.body.at ? { at: new Date(req.body.at) } : {}), ...(req.body.mode ? { mode: req.body.mode } : {}) }),
        (r) => r.code ?? "OK",
      ),
  );

  app.get("/api/security/trust", { config: { access: "authenticated" }, schema: { tags: ["security"], summary: "The CA certificates receipts are verified against (PEM)", response: { 200: api.trustResponse } } }, async () => ({
    certificates: (await sec.service.trustCertificates()).map((d: Uint8Array) => toPem(d, "CERTIFICATE")),
  }));

  app.get(
    "/api/security/stats",
    {
      config: { access: STATS_READERS },
      schema: {
        tags: ["security"],
        summary: "Service statistics for the ops dashboard: calls and errors by function and code",
        querystring: z.object({ hours: z.coerce.number().int().min(1).max(24 * 31).default(24) }),
        response: {
          200: z.object({
            since: z.string(),
            byFunction: z.array(z.object({ fn: z.string(), outcome: z.string(), calls: z.number(), avgMicros: z.number() })),
            live: z.array(z.object({ fn: z.string(), outcome: z.string(), calls: z.number(), avgMicros: z.number() })),
            unwritten: z.number(),
            validationCache: z.object({ size: z.number(), hits: z.number(), misses: z.number(), freshnessSeconds: z.number(), mode: z.string() }),
          }),
        },
      },
    },
    async (req) => {
      await sec.calls.flush();
      const since = new Date(deps.clock.now().getTime() - req.query.hours * 3600_000);
      const c = sec.validation;
      return {
        since: since.toISOString(),
        byFunction: await deps.store.read.security.stats(since),
        live: [...sec.calls.live.entries()].map(([k, v]) => ({ fn: k.split(" ")[0]!, outcome: k.split(" ")[1]!, calls: v.calls, avgMicros: Math.round(v.micros / v.calls) })),
        unwritten: sec.calls.unwritten,
        validationCache: { size: c.size, hits: c.hits, misses: c.misses, freshnessSeconds: c.policy.freshnessSeconds, mode: c.policy.defaultMode },
      };
    },
  );

  // Anything else under /api/security/ is a function this server does not have.
  const unknown = async (req: FastifyRequest, _reply: FastifyReply) =>
    logged(req, "unknown", async () => {
      const name = (req.params as { "*": string })["*"];
      throw new AppError("SEC_FUNCTION_UNKNOWN", { detail: `"${name}"; this server (API ${api.SECURITY_API_VERSION}) offers: ${SECURITY_FUNCTIONS.map((f) => `${f.name} v${f.version}`).join(", ")}` });
    });
  app.route({ method: ["GET", "POST"], url: "/api/security/*", config: { access: "authenticated" }, schema: { hide: true }, handler: unknown });
};
