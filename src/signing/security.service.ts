/**
 * The security service (安全应用支持服务): certificate authentication,
 * server-side signing with the bureau's system keys, envelopes, validation.
 * Verification lives in verify.service.ts; the call log in call-log.ts.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import type { Decrypter, KeyHolder } from "../pki/algs/decrypter.js";
import { nodeGm } from "../pki/algs/gm-node.js";
import type { Signer, SuiteId } from "../pki/algs/suite.js";
import { suiteOfSpki, verifySignature } from "../pki/algs/verify.js";
import { SIGNATURE_ALGORITHMS } from "../pki/algs/suite.js";
import { decryptEnvelope, encryptEnvelope } from "../pki/asn1/cms-enveloped.js";
import type { KeyRef } from "../pki/keys/key-store.js";
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Store } from "../storage/store.js";
import { signCms } from "../../sdk/src/cms/signed-data.js";
import { readCert, summarise } from "./cert-summary.js";
import type { ServiceKeyRecord } from "./security.ports.js";
import type { ValidationCache, ValidationResult } from "./validation.js";
import { rethrowCoded } from "./verify.service.js";

/** Where the service's private keys are (the key store / HSM). */
export interface ServiceKeyAccess {
  signer(ref: KeyRef): Promise<Signer>;
  decrypter(ref: KeyRef): Promise<Decrypter>;
}

/** RFC 3161 time-stamping of a signature value (pki-services' TSA once it lands). */
export interface Timestamper {
  stamp(signatureValue: Uint8Array, suite: SuiteId): Promise<Uint8Array>;
}

/** Escrowed encryption keys (RA key escrow), usable only under an approved recovery request. */
export interface EscrowKeys {
  holdersFor(requestId: string, actor: string): Promise<KeyHolder[]>;
}

export interface SecurityOptions {
  maxPayloadBytes: number;
  challengeTtlSeconds: number;
}

export class SecurityService {
  private keyRows: { at: number; rows: ServiceKeyRecord[] } | undefined;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly validation: ValidationCache,
    private readonly keys: ServiceKeyAccess | undefined,
    readonly opts: SecurityOptions,
    private readonly timestamper?: Timestamper,
    private readonly escrow?: EscrowKeys,
  ) {}

  assertSize(...parts: (Uint8Array | undefined)[]): void {
    const n = parts.reduce((s, p) => s + (p?.length ?? 0), 0);
    if (n > this.opts.maxPayloadBytes) throw new AppError("SEC_PAYLOAD_TOO_LARGE", { detail: `${n} bytes; the limit is ${this.opts.maxPayloadBytes}` });
  }

  private async serviceKeys(): Promise<ServiceKeyRecord[]> {
    const now = this.clock.now().getTime();
    if (!this.keyRows || now - this.keyRows.at > 30_000) this.keyRows = { at: now, rows: await this.store.read.security.serviceKeys() };
    return this.keyRows.rows;
  }

  /** Registers (or replaces) a key + certificate the service signs or decrypts with. */
  async putServiceKey(k: Omit<ServiceKeyRecord, "createdAt">, actor: string): Promise<void> {
    await this.store.tx(async (r) => {
      await r.security.putServiceKey({ ...k, createdAt: this.clock.now() });
      await this.audit.record(r.audit, { actor, action: "security.key.set", subject: `${k.purpose}:${k.suite}`, payload: { serial: k.serial, keyRef: `${k.keyRef.store}:${k.keyRef.id}` } });
    });
    this.keyRows = undefined;
  }

  /** CA certificates clients trust receipts against: every root and sub-CA we run. */
  async trustCertificates(): Promise<Uint8Array[]> {
    return (await this.store.read.pki.cas()).filter((c) => c.kind !== "external").map((c) => c.certDer);
  }

  // ---- authenticate -------------------------------------------------------------

  async challenge(): Promise<{ challengeId: string; challenge: Uint8Array; expiresAt: Date }> {
    const now = this.clock.now();
    // The challenge names the service and time, so a signature over it cannot be mistaken for a document signature.
    const challenge = new TextEncoder().encode(`landtrade-auth:${now.toISOString()}:${randomBytes(32).toString("base64url")}`);
    const c = { id: newId(), challenge, createdAt: now, expiresAt: new Date(now.getTime() + this.opts.challengeTtlSeconds * 1000), usedAt: null };
    await this.store.read.security.insertChallenge(c);
    return { challengeId: c.id, challenge, expiresAt: c.expiresAt };
  }

  async authenticate(challengeId: string, signature: Uint8Array, certificate: Uint8Array): Promise<{ identity: ReturnType<typeof summarise>; validation: ValidationResult }> {
    const info = readCert(certificate);
    const c = await this.store.read.security.consumeChallenge(challengeId, this.clock.now());
    if (!c) throw new AppError("SEC_CHALLENGE_INVALID", { detail: "unknown, already used or expired challenge" });
    const suite = suiteOfSpki(info.spki);
    if (!verifySignature(info.spki, SIGNATURE_ALGORITHMS[suite].oid, c.challenge, signature)) throw new AppError("SEC_SIG_INVALID", { detail: "the challenge signature does not verify with the certificate's key (wrong key?)" });
    const validation = await this.validation.validate(certificate);
    if (!validation.valid) throw new AppError(validation.code as never, { detail: `certificate ${info.serialHex}: ${validation.code}` });
    return { identity: summarise(info), validation };
  }

  // ---- sign ------------------------------------------------------------------------

  async sign(data: Uint8Array, opts: { suite: SuiteId; detached: boolean; timestamp: boolean }, actor: string) {
    this.assertSize(data);
    const k = (await this.serviceKeys()).find((x) => x.purpose === "sign" && x.suite === opts.suite);
    if (!k || !this.keys) throw new AppError("SEC_KEY_NOT_HELD", { detail: `the security service has no ${opts.suite} signing key; run \`landtrade security init --suite ${opts.suite}\`` });
    const signer = await this.keys.signer(k.keyRef);
    const signingTime = this.clock.now();
    let timestampTime: Date | null = null;
    const stamp = opts.timestamp && this.timestamper ? this.timestamper : undefined;
    const cms = await signCms(signer, data, {
      certificate: k.certDer,
      detached: opts.detached,
      signingTime,
      gm: nodeGm,
      ...(stamp
        ? {
            // No TSA for this suite yet → sign without a timestamp (timestampTime null in the answer) rather than refuse.
            timestamp: async (sig: Uint8Array) => {
              try {
                const t = await stamp.stamp(sig, opts.suite);
                timestampTime = this.clock.now();
                return t;
              } catch (e) {
                if (e instanceof AppError && e.code === "PKI_TSA_UNAVAILABLE") return null;
                throw e;
              }
            },
          }
        : {}),
    }).catch(rethrowCoded);
    const digest = createHash("sha256").update(data).digest("hex");
    await this.store.tx((r) =>
      this.audit.record(r.audit, { actor, action: "security.sign", subject: `${opts.suite}:${k.serial}`, payload: { contentSha256: digest, bytes: data.length, detached: opts.detached, timestamped: !!timestampTime } }),
    );
    return { cms, suite: opts.suite, signer: summarise(k.certDer), signingTime: signingTime.toISOString(), timestampTime: (timestampTime as Date | null)?.toISOString() ?? null };
  }

  // ---- envelopes -----------------------------------------------------------------

  async encrypt(data: Uint8Array, recipients: Uint8Array[], cipher: "aes-256-gcm" | "aes-256-cbc") {
    this.assertSize(data);
    const e = await encryptEnvelope(data, recipients, { gm: nodeGm, contentCipher: cipher });
    return { cms: e.der, format: e.format, contentCipher: e.contentCipher };
  }

  async decrypt(cms: Uint8Array, escrowRequestId: string | undefined, actor: string) {
    this.assertSize(cms);
    let holders: KeyHolder[];
    if (escrowRequestId) {
      if (!this.escrow) throw new AppError("SEC_KEY_ESCROW_DENIED", { detail: "no key escrow is configured on this server" });
      holders = await this.escrow.holdersFor(escrowRequestId, actor);
    } else {
      const keys = this.keys;
      if (!keys) throw new AppError("SEC_KEY_NOT_HELD", { detail: "no key store" });
      holders = await Promise.all(
        (await this.serviceKeys()).filter((k) => k.purpose === "encrypt").map(async (k) => ({ certificate: k.certDer, decrypter: await keys.decrypter(k.keyRef) })),
      );
    }
    const opened = await decryptEnvelope(cms, holders, { gm: nodeGm });
    const recipient = summarise(opened.recipient);
    // Revealing plaintext is security-relevant: audited before the answer leaves.
    await this.store.tx((r) =>
      this.audit.record(r.audit, {
        actor,
        action: escrowRequestId ? "security.decrypt.escrow" : "security.decrypt",
        subject: `${recipient.serial}`,
        payload: { envelopeSha256: createHash("sha256").update(cms).digest("hex"), bytes: opened.content.length, format: opened.format, ...(escrowRequestId ? { escrowRequestId } : {}) },
      }),
    );
    return { data: opened.content, recipient, format: opened.format, contentCipher: opened.contentCipherOid };
  }

  // ---- validate --------------------------------------------------------------------

  async validate(certificate: Uint8Array, opts: { chain?: Uint8Array[]; at?: Date; mode?: "hard" | "soft" }): Promise<ValidationResult> {
    readCert(certificate);
    return this.validation.validate(certificate, { ...(opts.chain ? { extraCerts: opts.chain } : {}), ...(opts.at ? { at: opts.at } : {}), ...(opts.mode ? { mode: opts.mode } : {}) });
  }
}

