/**
 * The EST HTTPS listener's own certificate: a server-tls certificate from our
 * ECDSA sub-CA, issued at start-up when missing, not ours any more, no
 * longer valid or within 30 days of expiry. The key is a P-256 key kept as
 * an encrypted PKCS#8 file (the key-file passphrase) beside the certificate
 * in <dataDir>/tls; Node's TLS needs the key itself, so it cannot live in the HSM.
 */
import { createPrivateKey, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Clock } from "../../app/clock.js";
import { AppError } from "../../shared/errors.js";
import type { Signer } from "../algs/suite.js";
import { fromPemOrDer, parseCertificate, toPem } from "../asn1/certificate.js";
import { buildCsr } from "../asn1/csr-builder.js";
import { toHex } from "../asn1/der.js";
import type { CaService } from "../ca/ca.service.js";

const RENEW_BEFORE_MS = 30 * 86_400_000;

export interface TlsIdentity {
  keyPem: string;
  passphrase: string;
  /** Server certificate followed by the sub-CA certificate. */
  certChainPem: string;
  /** Trust anchors for client certificates (sub-CAs and roots of the suites TLS can carry). */
  caPems: string[];
  serial: string;
  issued: boolean;
}

export interface TlsIdentityOptions {
  dir: string;
  passphrase: string;
  /** DNS names for subjectAltName (IP literals are skipped: the server-tls profile carries DNS names). */
  hostnames: string[];
  actor?: string;
}

export async function ensureEstTlsIdentity(ca: CaService, clock: Clock, opts: TlsIdentityOptions): Promise<TlsIdentity> {
  const sub = await ca.issuingCa("ecdsa-p256"); // PKI_CA_NOT_INITIALISED when there is no ECDSA CA yet
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(opts.dir, "est-server.key.pem");
  const certFile = path.join(opts.dir, "est-server.crt.pem");
  const now = clock.now();

  let serial: string | undefined;
  let issued = false;
  if (existsSync(keyFile) && existsSync(certFile)) {
    const der = fromPemOrDer(readFileSync(certFile, "utf8"));
    const s = toHex(parseCertificate(der).tbsCertificate.serialNumber);
    const rec = await ca.certificate(s);
    const current = rec?.certDer && Buffer.compare(Buffer.from(rec.certDer), Buffer.from(der)) === 0 && rec.status === "issued" && rec.caId === sub.id;
    if (current && rec.notBefore <= now && rec.notAfter.getTime() - now.getTime() > RENEW_BEFORE_MS) serial = s;
  }
  if (!serial) {
    const names = [...new Set(opts.hostnames.filter((h) => !/^[\d.]+$|:/.test(h)))];
    if (!names.length) throw new AppError("CONFIG_INVALID", { detail: "the EST HTTPS listener needs a DNS host name" });
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const signer: Signer = {
      suite: "ecdsa-p256",
      spki: new Uint8Array(publicKey.export({ format: "der", type: "spki" })),
      sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key: privateKey, dsaEncoding: "der" })),
    };
    const csr = await buildCsr([["CN", names[0]!]], signer, { dnsNames: names });
    const out = await ca.issue({ suite: "ecdsa-p256", csr, profile: "server-tls", actor: opts.actor ?? "system:est-tls", via: "admin" });
    writeFileSync(keyFile, privateKey.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: opts.passphrase }), { mode: 0o600 });
    writeFileSync(certFile, toPem(out.certDer, "CERTIFICATE"));
    serial = out.serial;
    issued = true;
  }
  const keyPem = readFileSync(keyFile, "utf8");
  // Fail here, with a code, rather than inside the TLS stack.
  try {
    createPrivateKey({ key: keyPem, format: "pem", passphrase: opts.passphrase });
  } catch (e) {
    throw new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: `cannot decrypt ${keyFile}: ${(e as Error).message}` });
  }
  const caPems: string[] = [];
  for (const suite of ["ecdsa-p256", "rsa-2048"] as const) {
    try {
      caPems.push(...(await ca.chain(suite)).map((d) => toPem(d, "CERTIFICATE")));
    } catch {
      /* that suite's CA is not set up */
    }
  }
  return { keyPem, passphrase: opts.passphrase, certChainPem: readFileSync(certFile, "utf8") + toPem(sub.certDer, "CERTIFICATE"), caPems, serial, issued };
}
