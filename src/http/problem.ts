import path from "node:path";
/**
 * Every error leaves as application/problem+json (RFC 9457) with the stable
 * code and both messages. Fastify's own errors (bad JSON, body too large,
 * wrong content type) and zod validation failures are mapped to catalogue
 * codes, never to a bare 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type ErrorCode } from "../shared/errors.js";

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  messageZh: string;
  messageEn: string;
  requestId: string;
  [k: string]: unknown;
}

export function problemOf(err: AppError, requestId: string): Problem {
  return {
    type: `/api/errors#${err.code}`,
    title: err.messageEn,
    status: err.status,
    code: err.code,
    ...(err.detail ? { detail: err.detail } : {}),
    messageZh: err.messageZh,
    messageEn: err.messageEn,
    requestId,
    ...err.extra,
  };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "REQUEST_MALFORMED",
  FST_ERR_CTP_EMPTY_JSON_BODY: "REQUEST_MALFORMED",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "REQUEST_MALFORMED",
  FST_ERR_CTP_BODY_TOO_LARGE: "BODY_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_VALIDATION: "VALIDATION_FAILED",
};

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({
      field: [err.validationContext ?? "body", ...v.instancePath.split("/").filter(Boolean)].join("."),
      message: v.message ?? "invalid",
    }));
    return new AppError("VALIDATION_FAILED", { detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "), extra: { errors } });
  }
  const fe = err as Partial<FastifyError> & { type?: string };
  if (fe.code && FASTIFY_CODES[fe.code]) return new AppError(FASTIFY_CODES[fe.code]!, { detail: fe.message });
  // Plain JSON.parse failures from custom parsers.
  if (err instanceof SyntaxError) return new AppError("REQUEST_MALFORMED", { detail: err.message });
  if (fe.statusCode === 413) return new AppError("BODY_TOO_LARGE");
  if (fe.statusCode === 415) return new AppError("UNSUPPORTED_MEDIA_TYPE");
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new AppError("REQUEST_MALFORMED", { detail: fe.message });
  return new AppError("INTERNAL_ERROR", { cause: err });
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, err: AppError): FastifyReply {
  // Throttling and "not the issuing node" tell the client (or the load balancer) when to retry.
  if (typeof err.extra.retryAfter === "number") reply.header("retry-after", String(err.extra.retryAfter));
  return reply.code(err.status).type("application/problem+json; charset=utf-8").send(problemOf(err, req.id));
}

/**
 * Error and not-found handlers. `spaShell` answers unknown GETs outside /api
 * (client-side routes of the web app) with index.html instead of a problem.
 */
export function registerProblemHandlers(app: FastifyInstance, spaShell?: (req: FastifyRequest, reply: FastifyReply) => unknown): void {
  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.code === "INTERNAL_ERROR") req.log.error({ err }, "unhandled error");
    else req.log.info({ code: appErr.code, detail: appErr.detail }, "request failed");
    return sendProblem(reply, req, appErr);
  });
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split("?")[0] ?? "";
    if (spaShell && req.method === "GET" && !url.startsWith("/api") && !path.extname(url)) return spaShell(req, reply);
    return sendProblem(reply, req, new AppError("NOT_FOUND", { detail: `${req.method} ${url}` }));
  });
}
