/**
 * Audit anchoring: the audit chain head (seq, hash) is timestamped by our
 * TSA, so rewriting the log after an anchor is detectable even by someone
 * who could recompute every hash (the token's signature covers the head).
 *
 * The imprint is SHA-256 over "landtrade-audit-anchor:v1:<seq>:<hash>",
 * stamped by the ECDSA (or RSA) TSA; a system with only the SM2 hierarchy
 * uses SM3 and the SM2 TSA.
 * Verification checks, for every anchor: the token verifies and was signed
 * by one of our TSA certificates, its imprint is that of the anchored head,
 * and the chain still has that hash at that seq.
 */
import type { Clock } from "../app/clock.js";
import { digestOf } from "../pki/algs/hash.js";
import { OID } from "../pki/algs/suite.js";
import type { ImprintAlg, TsaService } from "../pki/tsa/tsa.service.js";
import { AppError, isAppError } from "../shared/errors.js";
import type { Store } from "../storage/store.js";
import { GENESIS_HASH } from "./audit-chain.js";
import type { AuditService } from "./audit.service.js";

export const anchorImprint = (seq: number, hash: string, alg: ImprintAlg): Uint8Array => digestOf(alg === "sm3" ? OID.sm3 : OID.sha256, new TextEncoder().encode(`landtrade-audit-anchor:v1:${seq}:${hash}`))!;

export interface AnchorResult {
  id: number;
  seq: number;
  hash: string;
  tsaSerial: number;
  genTime: Date;
}

export interface AnchorVerifyResult {
  ok: boolean;
  count: number;
  /** Seq of the newest anchor that verified. */
  lastAnchoredSeq: number | null;
  firstFailure: { id: number; seq: number; reason: string } | null;
}

export class AuditAnchorService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly tsa: TsaService,
  ) {}

  /** Timestamps the current head and records the anchor (and an audit entry saying so). */
  async anchor(actor = "system:audit-anchor"): Promise<AnchorResult> {
    const head = await this.store.read.audit.head();
    const stamp = (alg: ImprintAlg) => this.tsa.stamp(anchorImprint(head.seq, head.hash, alg), alg, { requestedBy: actor });
    const stamped = await stamp("sha256").catch((e: unknown) => {
      if (isAppError(e) && e.code === "PKI_TSA_UNAVAILABLE") return stamp("sm3");
      throw e;
    });
    const id = await this.store.tx(async (r) => {
      const anchorId = await r.anchors.insert({ auditSeq: head.seq, headHash: head.hash, tsaSerial: stamped.serial, anchoredAt: this.clock.now(), anchoredBy: actor });
      await this.audit.record(r.audit, { actor, action: "audit.anchor", subject: `audit:${head.seq}`, payload: { anchor: anchorId, seq: head.seq, hash: head.hash, tsaSerial: stamped.serial } });
      return anchorId;
    });
    return { id, seq: head.seq, hash: head.hash, tsaSerial: stamped.serial, genTime: stamped.genTime };
  }

  private async checkOne(a: { auditSeq: number; headHash: string; tokenDer: Uint8Array }): Promise<string | null> {
    let check;
    try {
      check = await this.tsa.verifyToken(a.tokenDer);
    } catch (e) {
      return `timestamp token unreadable: ${e instanceof AppError ? e.code : (e as Error).message}`;
    }
    if (!check.cms.ok) return "timestamp token signature does not verify";
    if (!check.ourTsa) return "timestamp token was not signed by this system's TSA";
    const alg = check.tst.hashAlg === OID.sha256 ? "sha256" : check.tst.hashAlg === OID.sm3 ? "sm3" : null;
    if (!alg || !Buffer.from(check.tst.imprint).equals(Buffer.from(anchorImprint(a.auditSeq, a.headHash, alg)))) return "timestamped imprint is not the anchored head";
    if (a.auditSeq === 0) return a.headHash === GENESIS_HASH ? null : "anchor of an empty log with a non-genesis hash";
    const [entry] = await this.store.read.audit.page(a.auditSeq - 1, 1);
    if (!entry || entry.seq !== a.auditSeq) return `audit entry ${a.auditSeq} is gone`;
    if (entry.hash !== a.headHash) return `audit entry ${a.auditSeq} no longer has the anchored hash (log rewritten)`;
    return null;
  }

  async verify(): Promise<AnchorVerifyResult> {
    const anchors = await this.store.read.anchors.list();
    let last: number | null = null;
    for (const a of anchors) {
      const reason = await this.checkOne(a);
      if (reason) return { ok: false, count: anchors.length, lastAnchoredSeq: last, firstFailure: { id: a.id, seq: a.auditSeq, reason } };
      last = a.auditSeq;
    }
    return { ok: true, count: anchors.length, lastAnchoredSeq: last, firstFailure: null };
  }
}
