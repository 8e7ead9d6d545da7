/**
 * EST (RFC 7030) under /.well-known/est/, with an optional CA label per
 * suite (/.well-known/est/sm2/…; no label = ecdsa-p256 for cacerts, the
 * grant's suite for simpleenroll). Bodies are base64 DER both ways; errors
 * are problem+json with EST_* codes, and 401s carry a Basic challenge.
 *
 * Access is "public" at the HTTP layer: EST authenticates itself (HTTP Basic
 * with grant id + one-time code, or the current certificate for renewal).
 */
import type { TLSSocket } from "node:tls";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { SUITES, type SuiteId } from "../../pki/algs/suite.js";
import { fromPemOrDer } from "../../pki/asn1/certificate.js";
import { buildCertsOnly, fromBase64Body, toBase64Body } from "../../pki/asn1/pkcs7-certs.js";
import { AppError } from "../../shared/errors.js";
import type { HttpDeps } from "../deps.js";

export interface EstRouteOptions {
  /** Served on the HTTPS listener: TLS client certificates authenticate renewal. */
  tls: boolean;
}

const BASE = "/.well-known/est";
const CERTS_ONLY = "application/pkcs7-mime; smime-type=certs-only";

function labelOf(req: FastifyRequest): SuiteId | undefined {
  const label = (req.params as { label?: string }).label;
  if (label === undefined) return undefined;
  if (!(SUITES as readonly string[]).includes(label)) throw new AppError("EST_LABEL_UNKNOWN", { detail: label });
  return label as SuiteId;
}

function basicCredentials(req: FastifyRequest): { id: string; code: string } {
  const h = req.headers.authorization;
  const m = h ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h) : null;
  if (!m) throw new AppError("EST_AUTH_REQUIRED");
  const text = Buffer.from(m[1]!, "base64").toString("utf8");
  const i = text.indexOf(":");
  if (i < 1 || i === text.length - 1) throw new AppError("EST_AUTH_REQUIRED", { detail: "Basic credentials must be id:code" });
  return { id: text.slice(0, i), code: text.slice(i + 1) };
}

/** The PKCS#10 of the body: base64 DER as RFC 7030 says; PEM and raw DER are accepted too. */
function csrOf(req: FastifyRequest): Uint8Array {
  const type = String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/pkcs10") throw new AppError("EST_CONTENT_TYPE", { detail: type || "(none)" });
  const body = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError("EST_BODY_INVALID", { detail: "empty body" });
  if (body[0] === 0x30) return new Uint8Array(body);
  const text = body.toString("latin1");
  if (text.includes("-----BEGIN")) return fromPemOrDer(text);
  try {
    return fromBase64Body(text);
  } catch (e) {
    throw new AppError("EST_BODY_INVALID", { detail: (e as Error).message });
  }
}

function clientCertOf(req: FastifyRequest): Uint8Array | undefined {
  const sock = req.raw.socket as Partial<TLSSocket>;
  if (typeof sock.getPeerCertificate !== "function") return undefined;
  const peer = sock.getPeerCertificate(false);
  return peer && "raw" in peer && peer.raw?.length ? new Uint8Array(peer.raw) : undefined;
}

const sendCerts = (reply: FastifyReply, certs: Uint8Array[]) =>
  reply.code(200).header("content-type", CERTS_ONLY).header("content-transfer-encoding", "base64").send(toBase64Body(buildCertsOnly(certs)));

export const estRoutes =
  (deps: HttpDeps, opts: EstRouteOptions = { tls: false }): FastifyPluginAsync =>
  async (app) => {
    // Encapsulated: only EST routes take raw bodies.
    app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
    app.addHook("onSend", async (_req, reply, payload) => {
      if (reply.statusCode === 401) reply.header("www-authenticate", 'Basic realm="landtrade EST", charset="UTF-8"');
      return payload;
    });
    const config = { access: "public" as const };
    const bodyLimit = 256 * 1024;

    for (const prefix of [BASE, `${BASE}/:label`]) {
      app.get(`${prefix}/cacerts`, { config, schema: { hide: true } }, async (req, reply) => sendCerts(reply, await deps.enrollment.caCerts(labelOf(req) ?? "ecdsa-p256")));

      // No attributes are required beyond what the grant fixes (RFC 7030 §4.5: 204 No Content).
      app.get(`${prefix}/csrattrs`, { config, schema: { hide: true } }, async (req, reply) => {
        labelOf(req);
        return reply.code(204).send();
      });

      app.post(`${prefix}/simpleenroll`, { config, bodyLimit, schema: { hide: true } }, async (req, reply) => {
        const label = labelOf(req);
        const { id, code } = basicCredentials(req);
        const csr = csrOf(req);
        // An RA application's id: the RA checks the code, the token and the vetted subject, then the CA issues.
        if (await deps.ra.enrollment.owns(id)) {
          const suite = (await deps.ra.enrollment.info(id, code)).suite;
          if (label && label !== suite) throw new AppError("EST_SUITE_MISMATCH", { detail: `this application is for ${suite}; the path names ${label}` });
          return sendCerts(reply, [(await deps.ra.enrollment.enroll(id, code, csr)).certDer]);
        }
        const issued = await deps.enrollment.enroll({ id, code, csr, ...(label ? { label } : {}) });
        return sendCerts(reply, [issued.certDer]);
      });

      app.post(`${prefix}/simplereenroll`, { config, bodyLimit, schema: { hide: true } }, async (req, reply) => {
        const label = labelOf(req);
        const csr = csrOf(req);
        const clientCert = opts.tls ? clientCertOf(req) : undefined;
        const issued = await deps.enrollment.reenroll({
          csr,
          ...(label ? { label } : {}),
          ...(clientCert ? { clientCert } : {}),
          allowSameKey: deps.config.estHttpReenroll === "same-key",
        });
        return sendCerts(reply, [issued.certDer]);
      });
    }
  };
