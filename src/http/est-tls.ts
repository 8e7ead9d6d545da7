/**
 * The optional HTTPS listener for EST (config estTlsPort). It asks every
 * client for a certificate (requestCert, with our CAs as the acceptable
 * issuers) but does not reject at the handshake: the EST handler decides —
 * simplereenroll accepts a client certificate only if it is byte for byte a
 * certificate this CA issued and is still valid; simpleenroll and cacerts
 * work without one, as on the plain listener.
 */
import path from "node:path";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { publicUrlOf } from "../app/container.js";
import { FileKeyStore } from "../pki/keys/file-key-store.js";
import { ensureEstTlsIdentity, type TlsIdentity } from "../pki/est/est-tls-identity.js";
import { newId } from "../shared/ids.js";
import type { HttpDeps } from "./deps.js";
import { registerProblemHandlers } from "./problem.js";
import { estRoutes } from "./routes/est.routes.js";

export interface EstTlsServer {
  app: FastifyInstance;
  port: number;
  identity: TlsIdentity;
  close(): Promise<void>;
}

export async function startEstTls(deps: HttpDeps, opts: { host: string; port: number; logger?: FastifyBaseLogger }): Promise<EstTlsServer> {
  const c = deps.config;
  const keysDir = path.resolve(c.dataDir, "keys");
  const identity = await ensureEstTlsIdentity(deps.pki.ca, deps.clock, {
    dir: path.resolve(c.dataDir, "tls"),
    passphrase: FileKeyStore.passphraseFor(keysDir, c.keyPassphrase).passphrase,
    hostnames: [new URL(publicUrlOf(c)).hostname, "localhost"],
  });
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    https: {
      key: identity.keyPem,
      passphrase: identity.passphrase,
      cert: identity.certChainPem,
      ca: identity.caPems,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: "TLSv1.2",
    },
    bodyLimit: c.bodyLimitBytes,
    genReqId: () => newId(),
  });
  registerProblemHandlers(app);
  await app.register(estRoutes(deps, { tls: true }));
  await app.listen({ host: opts.host, port: opts.port });
  const addr = app.server.address();
  return { app, port: typeof addr === "object" && addr ? addr.port : opts.port, identity, close: () => app.close() };
}
