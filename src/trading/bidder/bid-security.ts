/**
 * What signed bids need from the security service and the PKI, behind one
 * port so the bid service stays free of key stores and ASN.1:
 *  - verify: the CMS signature (the SDK's verifier, as the security service
 *    uses) and the signer certificate through the security service's
 *    validation cache → path validator (chain, validity, revocation);
 *  - belongsTo: the signer certificate is bound to the logged-in applicant;
 *  - timestamp: an RFC 3161 token from our TSA over the signature value;
 *  - receiptSigner: the system's signing key (the security service's "sign"
 *    key; provisioned from our sub-CA on first use when there is none).
 */
import { createHash } from "node:crypto";
import { nodeGm } from "../../pki/algs/gm-node.js";
import type { Signer, SuiteId } from "../../pki/algs/suite.js";
import { buildCsr } from "../../pki/asn1/csr-builder.js";
import type { DnAttr } from "../../pki/asn1/names.js";
import { CMS_OID } from "../../pki/asn1/cms-oids.js";
import type { CaService } from "../../pki/ca/ca.service.js";
import { caIdOf, BUREAU } from "../../pki/ca/naming.js";
import type { KeyStore } from "../../pki/keys/key-store.js";
import type { TsaService } from "../../pki/tsa/tsa.service.js";
import { certInfo } from "../../ra/login/cert-info.js";
import { nodeHostCrypto } from "../../signing/node-host-crypto.js";
import type { SecurityService } from "../../signing/security.service.js";
import type { ValidationCache } from "../../signing/validation.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { verifyCms } from "../../../sdk/src/cms/signed-data.js";
import { isSdkError } from "../../../sdk/src/errors.js";

export interface VerifiedBidSignature {
  content: Uint8Array;
  signerDer: Uint8Array;
  signerSerial: string;
  signatureValue: Uint8Array;
  suite: SuiteId;
}

export interface ReceiptKey {
  signer: Signer;
  certDer: Uint8Array;
  /** Issuing CA certificates, carried in the receipt so a verifier needs only the root. */
  chain: Uint8Array[];
}

export interface BidSecurity {
  verify(cms: Uint8Array, document: Uint8Array, at: Date): Promise<VerifiedBidSignature>;
  belongsTo(signerDer: Uint8Array, applicantId: string): Promise<boolean>;
  timestamp(signatureValue: Uint8Array, suite: SuiteId): Promise<Uint8Array>;
  receiptKey(): Promise<ReceiptKey>;
}

const REVOKED = new Set(["SEC_CERT_REVOKED", "SEC_CERT_ON_HOLD", "PKI_CERT_REVOKED", "PKI_CERT_ON_HOLD"]);

export class PkiBidSecurity implements BidSecurity {
  private receipt: Promise<ReceiptKey> | undefined;

  constructor(
    private readonly store: Store,
    private readonly validation: ValidationCache,
    private readonly security: SecurityService,
    private readonly tsa: TsaService,
    private readonly ca: CaService,
    private readonly keys: KeyStore,
    private readonly receiptSuite: SuiteId = "ecdsa-p256",
  ) {}

  async verify(cms: Uint8Array, document: Uint8Array, at: Date): Promise<VerifiedBidSignature> {
    let v;
    try {
      // node:crypto for P-256 (the security service's fast path); SM2 stays on the GM/T 0009 code.
      v = await verifyCms(cms, { content: document, gm: nodeGm, host: nodeHostCrypto });
    } catch (e) {
      if (isSdkError(e)) throw new AppError("TRADE_BID_SIGNATURE_INVALID", { detail: `${e.code}: ${e.detail ?? e.message}` });
      throw new AppError("TRADE_BID_SIGNATURE_INVALID", { detail: (e as Error).message });
    }
    if (!Buffer.from(v.content).equals(Buffer.from(document))) throw new AppError("TRADE_BID_DOCUMENT_MISMATCH", { detail: "the signature is over another document" });
    const r = await this.validation.validate(v.signer.der, { at, extraCerts: v.certificates, mode: "hard" });
    if (!r.valid) throw new AppError(r.code && REVOKED.has(r.code) ? "TRADE_BID_CERT_REVOKED" : "TRADE_BID_CERT_INVALID", { detail: `certificate ${v.signer.serialHex}: ${r.code}` });
    return { content: v.content, signerDer: v.signer.der, signerSerial: v.signer.serialHex, signatureValue: v.signatureValue, suite: v.digestAlgorithm === CMS_OID.sm3 ? "sm2" : "ecdsa-p256" };
  }

  /**
   * Certificates known to belong to an applicant. Which applicant a certificate was issued to never
   * changes (revocation is the validator's business, checked on every bid), so a positive answer is
   * kept: a bidder's every bid after the first skips the lookup. Bounded; oldest out first.
   */
  private readonly holders = new Map<string, string>();

  async belongsTo(signerDer: Uint8Array, applicantId: string): Promise<boolean> {
    const sha = createHash("sha256").update(signerDer).digest("hex");
    if (this.holders.get(sha) === applicantId) return true;
    const bound = await this.store.read.bidderAuth.binding(sha);
    let ok: boolean;
    if (bound) ok = bound.applicantId === applicantId;
    else {
      // Not used to log in yet: one of our certificates issued to this applicant (the RA records the holder).
      const rec = await this.store.read.pki.certificate(certInfo(signerDer).serial);
      ok = !!rec?.certDer && rec.holder === applicantId && Buffer.from(rec.certDer).equals(Buffer.from(signerDer));
    }
    if (ok) {
      if (this.holders.size >= 10_000) this.holders.delete(this.holders.keys().next().value!);
      this.holders.set(sha, applicantId);
    }
    return ok;
  }

  async timestamp(signatureValue: Uint8Array, suite: SuiteId): Promise<Uint8Array> {
    const sm = suite === "sm2";
    const digest = sm ? nodeGm.sm3(signatureValue) : new Uint8Array(createHash("sha256").update(signatureValue).digest());
    return (await this.tsa.stamp(digest, sm ? "sm3" : "sha256", { requestedBy: "system:trading-bids" })).token;
  }

  receiptKey(): Promise<ReceiptKey> {
    if (!this.receipt) {
      this.receipt = this.loadReceiptKey();
      this.receipt.catch(() => (this.receipt = undefined));
    }
    return this.receipt;
  }

  private async loadReceiptKey(): Promise<ReceiptKey> {
    const suite = this.receiptSuite;
    const sub = await this.store.read.pki.ca(caIdOf(suite, "sub"));
    const root = await this.store.read.pki.ca(caIdOf(suite, "root"));
    if (!sub?.certDer || !root?.certDer) throw new AppError("TRADE_RECEIPT_KEY_UNAVAILABLE", { detail: `no ${suite} CA` });
    let k = await this.security.systemSigner(suite);
    if (!k) {
      // First use: a system signing certificate from our sub-CA, registered as the security service's signing key.
      const key = await this.keys.generate(suite, "trading bid receipts");
      const subject: DnAttr[] = [["C", "CN"], ["O", BUREAU], ["CN", `${BUREAU} 网上交易系统 报价回执`]];
      const csr = await buildCsr(subject, await this.keys.signer(key));
      const issued = await this.ca.issue({ suite, csr, profile: "individual-sign", actor: "system:trading", via: "ra", subject });
      await this.security.putServiceKey({ purpose: "sign", suite, serial: issued.serial, keyRef: { store: key.store, id: key.id, suite }, certDer: issued.certDer }, "system:trading");
      k = await this.security.systemSigner(suite);
      if (!k) throw new AppError("TRADE_RECEIPT_KEY_UNAVAILABLE", { detail: "the key store cannot sign" });
    }
    return { ...k, chain: [sub.certDer] };
  }
}
