/**
 * The health probes (docs/operations.md §"Health probes" says what each one
 * means and what to do). Each talks to the real component in-process the way
 * a client would: the key store signs, the CA issues, the OCSP responder and
 * the TSA answer DER requests, the CRLs are checked for freshness, the
 * database for latency, the security service for its error rate, the mail
 * relay with an SMTP handshake.
 */
import { createHash, generateKeyPairSync, randomBytes, sign as nodeSign } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { BasicOCSPResponse, CertID, OCSPRequest, OCSPResponse, Request, ResponseData, TBSRequest } from "@peculiar/asn1-ocsp";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import nodemailer from "nodemailer";
import type { Config } from "../../app/config.js";
import { OID, SIGNATURE_ALGORITHMS, type Signer, type SuiteId } from "../../pki/algs/suite.js";
import { verifySignature } from "../../pki/algs/verify.js";
import { parseCertificate } from "../../pki/asn1/certificate.js";
import { buildCsr } from "../../pki/asn1/csr-builder.js";
import { toArrayBuffer } from "../../pki/asn1/der.js";
import { caIdOf } from "../../pki/ca/naming.js";
import type { PkiServices } from "../../pki/pki-services.js";
import type { Store } from "../../storage/store.js";
import type { ProbeSpec } from "./probe.js";

export const PROBE_KEY_LABEL = "landtrade health probe key";
const PROBE_HOST = "health-probe.landtrade.invalid";
const ACTOR = "system:health-probe";
const SECOND = 1000;
const MINUTE = 60 * SECOND;

export interface ProbeDeps {
  config: Config;
  store: Store;
  pki: PkiServices;
  /** Round trip to the database (a trivial query). */
  ping(): Promise<void>;
}

export interface ProbeIntervals {
  /** Cheap probes (default 60 s). */
  defaultMs: number;
  /** Probes that leave records: CA issuance, TSA tokens (default 15 min). */
  recordingMs: number;
}

const sha256 = (b: Uint8Array | ArrayBuffer) => new Uint8Array(createHash("sha256").update(new Uint8Array(b)).digest());
const spkiOf = (certDer: Uint8Array) => new Uint8Array(AsnConvert.serialize(parseCertificate(certDer).tbsCertificate.subjectPublicKeyInfo));

function throwawaySigner(): Signer {
  const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { suite: "ecdsa-p256", spki: new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" })), sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key: kp.privateKey, dsaEncoding: "der" })) };
}

/** An OCSPRequest (SHA-256 CertID) for `serialHex` issued by the CA with certificate `issuerDer`. */
export function ocspRequestFor(issuerDer: Uint8Array, serialHex: string): Uint8Array {
  const issuer = parseCertificate(issuerDer).tbsCertificate;
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256 }),
    issuerNameHash: new OctetString(sha256(AsnConvert.serialize(issuer.subject))),
    issuerKeyHash: new OctetString(sha256(issuer.subjectPublicKeyInfo.subjectPublicKey)),
    serialNumber: toArrayBuffer(Buffer.from(serialHex, "hex")),
  });
  return new Uint8Array(AsnConvert.serialize(new OCSPRequest({ tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: certId })] }) })));
}

/** The suites whose issuing CA is set up here (the default suite first). */
async function suites(pki: PkiServices): Promise<SuiteId[]> {
  const ids = new Set((await pki.ca.cas()).map((c) => c.id));
  return (["ecdsa-p256", "sm2", "rsa-2048"] as const).filter((s) => ids.has(caIdOf(s, "sub")));
}

export function buildProbes(deps: ProbeDeps, iv: ProbeIntervals): ProbeSpec[] {
  const { pki, store } = deps;
  return [
    {
      id: "db.latency",
      component: "trading",
      severity: "critical",
      fault: "hw-service-down",
      zh: "数据库往返延迟",
      en: "Database round-trip latency",
      remedy: "Check the database server (or the embedded data directory's disk); every service depends on it.",
      intervalMs: iv.defaultMs,
      timeoutMs: 10 * SECOND,
      async run() {
        const t0 = performance.now();
        await deps.ping();
        const ms = performance.now() - t0;
        const limit = deps.config.probeDbLatencyMs;
        return { ok: ms <= limit, detail: `${ms.toFixed(1)} ms (limit ${limit} ms)` };
      },
    },
    {
      id: "keystore.sign",
      component: "ca",
      severity: "critical",
      fault: "hw-service-down",
      zh: "密钥库 / HSM 测试签名",
      en: "Key store / HSM test signature",
      remedy: "Check the HSM (PKCS#11 module, token, PIN) or the key files and passphrase; fail over to the standby if it does not recover.",
      intervalMs: iv.defaultMs,
      timeoutMs: 10 * SECOND,
      async run(now) {
        const keys = pki.keys;
        const info = (await keys.list()).find((k) => k.label === PROBE_KEY_LABEL && k.suite === "ecdsa-p256") ?? (await keys.generate("ecdsa-p256", PROBE_KEY_LABEL));
        const signer = await keys.signer(info);
        const challenge = Buffer.from(`landtrade health probe ${now.toISOString()} ${randomBytes(8).toString("hex")}`);
        const sig = await signer.sign(challenge);
        const ok = verifySignature(signer.spki, OID.ecdsaWithSha256, challenge, sig);
        return { ok, detail: ok ? `${keys.kind} key store signed and verified` : `${keys.kind} key store returned a signature that does not verify` };
      },
    },
    {
      id: "ca.issue",
      component: "ca",
      severity: "critical",
      fault: "sw-ra-cannot-issue",
      zh: "CA 签发往返（测试证书）",
      en: "CA issuance round trip (test certificate)",
      remedy: "Read the detail (lint, key store, database); issuance for bidders is down until it passes. Fail over to the standby issuance node if the key store is at fault.",
      intervalMs: iv.recordingMs,
      timeoutMs: 30 * SECOND,
      async run() {
        const ss = await suites(pki);
        if (!ss.length) return { ok: true, skipped: true, detail: "no issuing CA set up yet" };
        const suite = ss[0]!;
        // A one-day server certificate for a reserved name, recorded and audited like any other.
        const csr = await buildCsr([["C", "CN"], ["O", "长沙县国土资源局"], ["CN", PROBE_HOST]], throwawaySigner(), { dnsNames: [PROBE_HOST] });
        const issued = await pki.ca.issue({ suite, csr, profile: "server-tls", actor: ACTOR, via: "admin", validityDays: 1, holder: ACTOR });
        const issuer = await pki.ca.issuingCa(suite);
        const cert = parseCertificate(issued.certDer);
        const tbs = new Uint8Array(AsnConvert.serialize(cert.tbsCertificate));
        const ok = verifySignature(spkiOf(issuer.certDer), SIGNATURE_ALGORITHMS[suite].oid, tbs, new Uint8Array(cert.signatureValue), { sm2Id: deps.config.sm2UserId });
        return { ok, detail: ok ? `${suite}: issued ${issued.serial}, chains to ${issuer.id}` : `${suite}: certificate ${issued.serial} does not verify under ${issuer.id}` };
      },
    },
    {
      id: "ocsp.answer",
      component: "ocsp",
      severity: "serious",
      fault: "hw-service-down",
      zh: "OCSP 应答",
      en: "OCSP answer",
      remedy: "Check the OCSP signer key and certificate (pki_service_key); relying parties treat a silent responder as unknown status.",
      intervalMs: iv.defaultMs,
      timeoutMs: 10 * SECOND,
      async run() {
        const ss = await suites(pki);
        if (!ss.length) return { ok: true, skipped: true, detail: "no issuing CA set up yet" };
        const out: string[] = [];
        for (const suite of ss) {
          const sk = await store.read.pki.serviceKey("ocsp", suite);
          if (!sk) return { ok: false, detail: `${suite}: no OCSP signer` };
          const issuer = await pki.ca.issuingCa(suite);
          const answer = await pki.ocsp.respond(ocspRequestFor(issuer.certDer, sk.serial));
          const resp = AsnConvert.parse(answer.der, OCSPResponse);
          if (resp.responseStatus !== 0 || !resp.responseBytes) return { ok: false, detail: `${suite}: responseStatus ${resp.responseStatus}` };
          const basic = AsnConvert.parse(resp.responseBytes.response.buffer, BasicOCSPResponse);
          const tbs = new Uint8Array(AsnConvert.serialize(basic.tbsResponseData));
          const signerCert = basic.certs?.[0] ? new Uint8Array(AsnConvert.serialize(basic.certs[0])) : (await store.read.pki.certificate(sk.serial))?.certDer;
          if (!signerCert) return { ok: false, detail: `${suite}: no responder certificate` };
          if (!verifySignature(spkiOf(signerCert), basic.signatureAlgorithm.algorithm, tbs, new Uint8Array(basic.signature), { sm2Id: deps.config.sm2UserId })) {
            return { ok: false, detail: `${suite}: the response signature does not verify` };
          }
          const single = AsnConvert.parse(AsnConvert.serialize(basic.tbsResponseData), ResponseData).responses[0];
          if (!single || single.certStatus.good === undefined) return { ok: false, detail: `${suite}: the responder's own certificate is not reported good` };
          out.push(`${suite} good${answer.cached ? " (cached)" : ""}`);
        }
        return { ok: true, detail: out.join(", ") };
      },
    },
    {
      id: "tsa.answer",
      component: "tsa",
      severity: "serious",
      fault: "hw-service-down",
      zh: "时间戳服务应答",
      en: "Time-stamp answer",
      remedy: "Check the TSA key and certificate; signed bids need timestamps.",
      intervalMs: iv.recordingMs,
      timeoutMs: 15 * SECOND,
      async run() {
        const ss = await suites(pki);
        if (!ss.length) return { ok: true, skipped: true, detail: "no issuing CA set up yet" };
        const suite = ss[0]!;
        const digest = sha256(randomBytes(32));
        const stamped = await pki.tsa.stamp(digest, suite === "sm2" ? "sm3" : "sha256", { requestedBy: ACTOR });
        const check = await pki.tsa.verifyToken(stamped.token);
        return check.ok && check.ourTsa ? { ok: true, detail: `${suite}: token ${stamped.serial} verifies` } : { ok: false, detail: `${suite}: token ${stamped.serial} does not verify as ours` };
      },
    },
    {
      id: "crl.fresh",
      component: "ca",
      severity: "serious",
      fault: "sw-other",
      zh: "CRL 新鲜度",
      en: "CRL freshness",
      remedy: "Run `landtrade ca crl` (or check the CRL refresh job); a CRL past its nextUpdate makes relying parties reject every certificate of that CA.",
      intervalMs: iv.defaultMs,
      timeoutMs: 10 * SECOND,
      async run(now) {
        const st = (await pki.crl.status()).filter((s) => s.kind === "root" || s.kind === "sub");
        if (!st.length) return { ok: true, skipped: true, detail: "no CA set up yet" };
        const bad = st.filter((s) => !s.nextUpdate || s.nextUpdate.getTime() <= now.getTime());
        if (bad.length) return { ok: false, detail: `stale or missing: ${bad.map((s) => `${s.caId}${s.nextUpdate ? ` (nextUpdate ${s.nextUpdate.toISOString()})` : " (none)"}`).join(", ")}` };
        const soonest = Math.min(...st.map((s) => s.nextUpdate!.getTime()));
        return { ok: true, detail: `${st.length} CRLs fresh; the first expires in ${Math.round((soonest - now.getTime()) / MINUTE)} min` };
      },
    },
    {
      id: "security.errors",
      component: "security-service",
      severity: "serious",
      fault: "sw-middleware-error",
      zh: "安全服务错误率",
      en: "Security-service error rate",
      remedy: "Look at /api/security/stats by function and code; many certificate errors under load match seed §3 (software fault).",
      intervalMs: iv.defaultMs,
      timeoutMs: 10 * SECOND,
      async run(now) {
        const windowMs = 5 * MINUTE;
        const rows = await store.read.security.stats(new Date(now.getTime() - windowMs));
        const calls = rows.reduce((s, r) => s + r.calls, 0);
        const errors = rows.filter((r) => r.outcome !== "OK").reduce((s, r) => s + r.calls, 0);
        const limit = deps.config.probeSecurityErrorRate;
        const rate = calls ? errors / calls : 0;
        // A handful of calls says nothing about a rate.
        const ok = calls < 20 || rate <= limit;
        return { ok, detail: `${errors} errors in ${calls} calls over 5 min (${(rate * 100).toFixed(1)} %, limit ${(limit * 100).toFixed(0)} %)` };
      },
    },
    {
      id: "mail.relay",
      component: "mail",
      severity: "general",
      fault: "sw-other",
      zh: "邮件中继（SMTP 握手）",
      en: "Mail relay (SMTP handshake)",
      remedy: "Check the relay host, port, TLS and credentials in LANDTRADE_SMTP_RELAY_URL; queued mail waits in the outbox and is retried.",
      intervalMs: iv.defaultMs,
      timeoutMs: 20 * SECOND,
      async run() {
        const url = deps.config.smtpRelayUrl;
        if (!url) return { ok: true, skipped: true, detail: "no mail relay configured (mail stays in the outbox)" };
        // Connect, EHLO, STARTTLS/AUTH as configured, QUIT: the same path a real send takes, without sending.
        const t = nodemailer.createTransport(url, { connectionTimeout: 10 * SECOND, greetingTimeout: 10 * SECOND, socketTimeout: 15 * SECOND } as never);
        try {
          await t.verify();
          return { ok: true, detail: `relay ${new URL(url).host} accepted the handshake` };
        } finally {
          t.close();
        }
      },
    },
  ];
}
