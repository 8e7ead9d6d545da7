/**
 * On a standby node (issuance failover on, not the primary) the signing
 * endpoints answer 503 OPS_NOT_LEADER with Retry-After before reaching the
 * services: OCSP and TSA would otherwise wrap the refusal into a protocol
 * answer (tryLater, rejection) that a load balancer cannot retry. With
 * nginx's `proxy_next_upstream http_503 non_idempotent` the request moves on
 * to the primary; EST and SDK clients retry by themselves.
 */
import type { FastifyInstance } from "fastify";
import type { LeaderController } from "../ops/cluster/leader-controller.js";
import { AppError } from "../shared/errors.js";
import { sendProblem } from "./problem.js";

const SIGNING = /^\/(pki\/(ocsp|tsa)(\/|$|\?)|\.well-known\/est\/[^?]*(simpleenroll|simplereenroll|serverkeygen))/;

export function registerLeaderGate(app: FastifyInstance, cluster: Pick<LeaderController, "enabled" | "isLeader" | "opts">): void {
  if (!cluster.enabled) return;
  app.addHook("onRequest", async (req, reply) => {
    if (!SIGNING.test(req.url) || cluster.isLeader()) return;
    return sendProblem(reply, req, new AppError("OPS_NOT_LEADER", { detail: `node ${cluster.opts.nodeId} is a standby`, extra: { retryAfter: 1 } }));
  });
}
