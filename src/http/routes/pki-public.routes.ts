/**
 * The PKI's public protocol endpoints, at the URLs our certificates carry:
 * CA certificates (caIssuers), CRLs (distribution point), the OCSP responder
 * and the RFC 3161 TSA. Binary in, binary out; OCSP and TSA refusals use the
 * protocols' own error responses, with the coded reason in a log line and in
 * the `x-landtrade-error` header.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../shared/errors.js";
import type { HttpDeps } from "../deps.js";

const OCSP_REQUEST = "application/ocsp-request";
const TSA_QUERY = "application/timestamp-query";
/** The parser accepts a little more than the 64 KiB the decoders allow, so "too large" gets the protocol's answer. */
const BINARY_BODY_LIMIT = 128 * 1024;

const CA_FILE = /^([a-z0-9-]{1,64})\.(crt|cer)$/;
const CRL_FILE = /^([a-z0-9-]{1,64})\.crl$/;

function refused(req: FastifyRequest, reply: FastifyReply, what: string, err: AppError | undefined): void {
  if (!err) return;
  reply.header("x-landtrade-error", err.code);
  if (err.code === "INTERNAL_ERROR") req.log.error({ code: err.code, err: err.cause }, `${what} failed`);
  else req.log.info({ code: err.code, detail: err.detail }, `${what} refused`);
}

export const pkiPublicRoutes =
  (deps: HttpDeps): FastifyPluginAsync =>
  async (app) => {
    const { ca, crl, ocsp, tsa } = deps.pki;
    app.addContentTypeParser([OCSP_REQUEST, TSA_QUERY], { parseAs: "buffer", bodyLimit: BINARY_BODY_LIMIT }, (_req, body, done) => done(null, body));

    app.get("/pki/ca/:file", { config: { access: "public" }, schema: { tags: ["pki"], summary: "CA certificate (DER), the caIssuers URL in our certificates" } }, async (req, reply) => {
      const m = CA_FILE.exec((req.params as { file: string }).file);
      if (!m) throw new AppError("PKI_CA_NOT_FOUND", { detail: (req.params as { file: string }).file });
      const rec = await ca.ca(m[1]!).catch(() => undefined);
      if (!rec) throw new AppError("PKI_CA_NOT_FOUND", { detail: m[1] });
      return reply.type("application/pkix-cert").header("cache-control", "public, max-age=3600").send(Buffer.from(rec.certDer));
    });

    app.get("/pki/crl/:file", { config: { access: "public" }, schema: { tags: ["pki"], summary: "Current full CRL of a CA (DER), the distribution point in our certificates" } }, async (req, reply) => {
      const m = CRL_FILE.exec((req.params as { file: string }).file);
      if (!m) throw new AppError("PKI_CA_NOT_FOUND", { detail: (req.params as { file: string }).file });
      const c = await crl.current(m[1]!);
      // Caches may keep it until shortly before nextUpdate, at most five minutes: revocations issue a new CRL at once.
      const maxAge = Math.max(0, Math.min(300, Math.floor((c.nextUpdate.getTime() - deps.clock.now().getTime()) / 1000)));
      return reply.type("application/pkix-crl").header("cache-control", `public, max-age=${maxAge}`).send(Buffer.from(c.der));
    });

    app.post("/pki/ocsp", { config: { access: "public" }, schema: { tags: ["pki"], summary: "OCSP responder (RFC 6960), POST application/ocsp-request" } }, async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array(0);
      const a = await ocsp.respond(body);
      refused(req, reply, "ocsp request", a.error);
      return reply.type("application/ocsp-response").header("cache-control", "no-store").send(Buffer.from(a.der));
    });

    app.get("/pki/ocsp/*", { config: { access: "public" }, schema: { tags: ["pki"], summary: "OCSP responder (RFC 6960), GET with the base64 request in the path" } }, async (req, reply) => {
      const raw = (req.params as { "*": string })["*"] ?? "";
      let der: Uint8Array;
      try {
        der = new Uint8Array(Buffer.from(decodeURIComponent(raw), "base64"));
      } catch {
        der = new Uint8Array(0);
      }
      const a = await ocsp.respond(der);
      refused(req, reply, "ocsp request", a.error);
      // GET answers are cacheable by HTTP caches (RFC 5019 §6) when no nonce made them unique.
      return reply
        .type("application/ocsp-response")
        .header("cache-control", a.error ? "no-store" : "public, max-age=300")
        .send(Buffer.from(a.der));
    });

    app.post("/pki/tsa", { config: { access: "public" }, schema: { tags: ["pki"], summary: "Time-stamp authority (RFC 3161), application/timestamp-query → application/timestamp-reply" } }, async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", { detail: `send ${TSA_QUERY}` });
      const a = await tsa.respond(new Uint8Array(req.body));
      refused(req, reply, "timestamp request", a.error);
      return reply.type("application/timestamp-reply").header("cache-control", "no-store").send(Buffer.from(a.der));
    });
  };
