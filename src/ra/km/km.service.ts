/**
 * The key-management component (GM/T 0034 dual certificates): the signing
 * key stays on the holder's token; the encryption key pair is generated
 * here, certified with the encryption profile under the same vetted subject,
 * escrowed (wrapped under the escrow key in the key store, see escrow.ts)
 * and delivered to the holder as a CMS EnvelopedData to their signing
 * certificate. Recovery (holder or judicial) is audit-logged at each step.
 */
import { createPrivateKey } from "node:crypto";
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { Store } from "../../storage/store.js";
import type { SuiteId } from "../../pki/algs/suite.js";
import type { CaService } from "../../pki/ca/ca.service.js";
import type { KeyHolder } from "../../pki/algs/decrypter.js";
import { keyRefText, type KeyStore } from "../../pki/keys/key-store.js";
import { softwareDecrypter } from "../../pki/keys/software-decrypter.js";
import type { Actor } from "../application-state.js";
import type { EnvelopePort } from "../external.ports.js";
import type { ApplicantRecord } from "../ra.ports.js";
import { vettedSubject } from "../subject.js";
import { deriveKek, open, seal } from "./escrow.js";
import { generateSoftKey } from "./key-pair.js";
import type { EscrowRecord, RecoveryKind, RecoveryRecord } from "./km.ports.js";
import { buildCsr } from "../../pki/asn1/csr-builder.js";
import { approveRecovery, rejectRecovery, releaseRecovery } from "./recovery-rules.js";

export interface Delivery {
  encSerial: string;
  encCertDer: Uint8Array;
  /** CMS EnvelopedData of the PKCS#8 key to the signing certificate; null while no envelope module is wired. */
  envelopeDer: Uint8Array | null;
}

export class KmService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keys: KeyStore,
    private readonly ca: CaService,
    private readonly envelope: EnvelopePort | null,
    private readonly sm2UserId: string,
  ) {}

  /** The dedicated escrow key, created in the key store on first use. */
  async escrowSigner() {
    let k = await this.store.read.km.kmKey("escrow");
    if (!k) {
      const info = await this.keys.generate("rsa-2048", "RA key escrow (KM)");
      const ref = { store: info.store, id: info.id, suite: info.suite };
      await this.store.tx(async (r) => {
        await r.km.insertKmKey("escrow", ref, info.spki, this.clock.now());
        await this.audit.record(r.audit, { actor: "system:km", action: "ra.km.escrow-key", subject: `key:${keyRefText(ref)}`, payload: { key: keyRefText(ref) } });
      });
      k = (await this.store.read.km.kmKey("escrow"))!;
    }
    return { ref: k.keyRef, signer: await this.keys.signer(k.keyRef) };
  }

  /** Generates, certifies and escrows the encryption key pair of an enrolled dual application. */
  async issueEncryption(input: { applicationId: string; applicant: ApplicantRecord; suite: SuiteId; signSerial: string; tokenId: string | null }): Promise<{ serial: string; certDer: Uint8Array }> {
    const { ref, signer } = await this.escrowSigner();
    const key = generateSoftKey(input.suite, this.sm2UserId);
    const subject = vettedSubject(input.applicant);
    const csr = await buildCsr(subject, key);
    const issued = await this.ca.issue({ suite: input.suite, csr, profile: "encryption", actor: `ra:${input.applicationId}`, via: "ra", subject, holder: input.applicant.id });
    const id = newId();
    const { iv, wrapped } = seal(await deriveKek(signer, id), id, issued.serial, key.pkcs8);
    key.pkcs8.fill(0);
    const now = this.clock.now();
    await this.store.tx(async (r) => {
      await r.km.insertEscrow({ id, serial: issued.serial, signSerial: input.signSerial, applicantId: input.applicant.id, suite: input.suite, escrowKey: keyRefText(ref), wrappedKey: wrapped, iv, createdAt: now });
      await r.ra.addTokenCert({ serial: issued.serial, tokenId: input.tokenId, applicantId: input.applicant.id, usage: "enc", spkiSha256: issued.record.spkiSha256, addedAt: now });
      await r.ra.updateApplication(input.applicationId, { encSerial: issued.serial, updatedAt: now });
      await this.audit.record(r.audit, {
        actor: "system:km",
        action: "ra.km.escrow",
        subject: `cert:${issued.serial}`,
        payload: { escrow: id, serial: issued.serial, signSerial: input.signSerial, applicant: input.applicant.id, application: input.applicationId, key: keyRefText(ref) },
      });
    });
    return { serial: issued.serial, certDer: issued.certDer };
  }

  private async unwrap(e: EscrowRecord): Promise<Uint8Array> {
    const { ref, signer } = await this.escrowSigner();
    if (keyRefText(ref) !== e.escrowKey) throw new AppError("RA_ESCROW_INTEGRITY", { detail: `wrapped under ${e.escrowKey}, current escrow key is ${keyRefText(ref)}` });
    return open(await deriveKek(signer, e.id), e.id, e.serial, e.iv, e.wrappedKey);
  }

  async escrowOf(encSerial: string): Promise<EscrowRecord> {
    const e = await this.store.read.km.escrowBySerial(encSerial);
    if (!e) throw new AppError("RA_ESCROW_NOT_FOUND", { detail: encSerial });
    return e;
  }

  /** The holder's encryption key as a digital envelope to `signSerial` (default: the paired signing certificate). */
  async deliver(encSerial: string, actor: string, signSerial?: string): Promise<Delivery> {
    const e = await this.escrowOf(encSerial);
    const enc = await this.ca.certificate(encSerial);
    const to = await this.ca.certificate(signSerial ?? e.signSerial);
    if (!enc?.certDer || !to?.certDer || to.holder !== e.applicantId || to.status !== "issued") {
      throw new AppError("RA_TARGET_CERT_INVALID", { detail: "the envelope needs the holder's valid signing certificate" });
    }
    let envelopeDer: Uint8Array | null = null;
    if (this.envelope) {
      const pkcs8 = await this.unwrap(e);
      try {
        envelopeDer = await this.envelope.envelop(pkcs8, to.certDer);
      } finally {
        pkcs8.fill(0);
      }
    }
    await this.store.tx((r) =>
      this.audit.record(r.audit, { actor, action: "ra.km.deliver", subject: `cert:${encSerial}`, payload: { escrow: e.id, to: to.serial, enveloped: envelopeDer !== null } }),
    );
    return { encSerial, encCertDer: enc.certDer, envelopeDer };
  }

  // ---- recovery ----------------------------------------------------------------

  async requestRecovery(input: { encSerial: string; kind: RecoveryKind; reason: string; caseRef?: string }, actor: string): Promise<RecoveryRecord> {
    const e = await this.escrowOf(input.encSerial);
    const reason = input.reason.trim();
    if (reason.length < 2) throw new AppError("RA_REASON_REQUIRED");
    if (input.kind === "judicial" && !input.caseRef?.trim()) throw new AppError("VALIDATION_FAILED", { detail: "caseRef: a judicial recovery needs the case reference" });
    const now = this.clock.now();
    const rec: RecoveryRecord = {
      id: newId(),
      escrowId: e.id,
      kind: input.kind,
      state: "requested",
      reason,
      caseRef: input.caseRef?.trim() || null,
      requestedBy: actor,
      approvals: [],
      releasedBy: null,
      releasedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.tx(async (r) => {
      await r.km.insertRecovery(rec);
      await this.audit.record(r.audit, { actor, action: "ra.km.recovery.request", subject: `recovery:${rec.id}`, payload: { serial: e.serial, kind: rec.kind, reason, caseRef: rec.caseRef } });
    });
    return rec;
  }

  private async step(id: string, actor: string, action: string, fn: (rec: RecoveryRecord) => Partial<RecoveryRecord> & Pick<RecoveryRecord, "state">): Promise<RecoveryRecord> {
    const now = this.clock.now();
    return this.store.tx(async (r) => {
      const rec = await r.km.recoveryForUpdate(id);
      if (!rec) throw new AppError("RA_RECOVERY_NOT_FOUND", { detail: id });
      const next = { ...rec, ...fn(rec), updatedAt: now };
      await r.km.updateRecovery(id, { state: next.state, approvals: next.approvals, updatedAt: now, releasedBy: next.releasedBy, releasedAt: next.releasedAt });
      await this.audit.record(r.audit, { actor, action, subject: `recovery:${id}`, payload: { kind: rec.kind, from: rec.state, to: next.state, approvals: next.approvals.length } });
      return next;
    });
  }

  approveRecovery(id: string, actor: Actor): Promise<RecoveryRecord> {
    return this.step(id, actor.id, "ra.km.recovery.approve", (rec) => approveRecovery(rec, actor, this.clock.now()));
  }

  rejectRecovery(id: string, actor: Actor): Promise<RecoveryRecord> {
    return this.step(id, actor.id, "ra.km.recovery.reject", (rec) => rejectRecovery(rec, actor));
  }

  /**
   * Releases an approved recovery once: to the holder as an envelope to their
   * current signing certificate; to a judicial requester as PKCS#8 encrypted
   * (AES-256-CBC, PBES2) under the passphrase handed over separately.
   */
  async releaseRecovery(id: string, actor: Actor, opts: { toSignSerial?: string; passphrase?: string } = {}): Promise<{ record: RecoveryRecord; delivery?: Delivery; pkcs8Pem?: string }> {
    const pre = await this.store.read.km.recoveryForUpdate(id);
    if (!pre) throw new AppError("RA_RECOVERY_NOT_FOUND", { detail: id });
    releaseRecovery(pre, actor);
    const e = (await this.store.read.km.escrow(pre.escrowId))!;
    let delivery: Delivery | undefined;
    let pkcs8Pem: string | undefined;
    if (pre.kind === "holder") {
      delivery = await this.deliver(e.serial, actor.id, opts.toSignSerial);
    } else {
      if (!opts.passphrase || opts.passphrase.length < 12) throw new AppError("VALIDATION_FAILED", { detail: "passphrase: at least 12 characters" });
      const pkcs8 = await this.unwrap(e);
      pkcs8Pem = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: opts.passphrase }) as string;
      pkcs8.fill(0);
    }
    const record = await this.step(id, actor.id, "ra.km.recovery.release", (rec) => ({ ...releaseRecovery(rec, actor), releasedBy: actor.id, releasedAt: this.clock.now() }));
    return { record, ...(delivery ? { delivery } : {}), ...(pkcs8Pem ? { pkcs8Pem } : {}) };
  }

  /**
   * The security service's escrow port: an escrowed key used inside the
   * service (it never leaves) to open envelopes, only under an approved
   * judicial recovery. Each use is audit-logged.
   */
  async escrowHolders(recoveryId: string, actor: string): Promise<KeyHolder[]> {
    const rec = await this.store.read.km.recoveryForUpdate(recoveryId);
    if (!rec || rec.kind !== "judicial" || rec.state !== "approved") {
      throw new AppError("SEC_KEY_ESCROW_DENIED", { detail: rec ? `recovery ${recoveryId} is a ${rec.kind} recovery in state ${rec.state}` : `no recovery ${recoveryId}` });
    }
    const e = (await this.store.read.km.escrow(rec.escrowId))!;
    const cert = await this.ca.certificate(e.serial);
    const pkcs8 = await this.unwrap(e);
    const decrypter = softwareDecrypter(pkcs8);
    pkcs8.fill(0);
    await this.store.tx((r) => this.audit.record(r.audit, { actor, action: "ra.km.escrow-use", subject: `recovery:${recoveryId}`, payload: { serial: e.serial, caseRef: rec.caseRef } }));
    return [{ certificate: cert!.certDer!, decrypter }];
  }

  listRecoveries(limit = 100): Promise<RecoveryRecord[]> {
    return this.store.read.km.listRecoveries(limit);
  }
}
